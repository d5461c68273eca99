/// <reference types="mocha" />
// The accuracy lens on a training-free source: `pnag predict --source proxy:...` in a child process, labelled an estimate.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EVALUATE = 'pnag.evaluateArchitecture';
const ARCH = '2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0';

interface Evaluated {
  top1?: number;
  source: string;
  estimate?: boolean;
  error?: string;
}

suite('PNAG accuracy lens on proxy sources', () => {
  const config = () => vscode.workspace.getConfiguration('pnag');
  let previous: string | undefined;

  suiteSetup(async () => {
    await vscode.extensions.getExtension('pnag-dev.pnag')?.activate();
    previous = config().inspect<string>('accuracySource')?.workspaceValue;
  });

  suiteTeardown(async () => {
    await config().update('accuracySource', previous, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  for (const proxy of ['proxy:madds', 'proxy:naswot']) {
    test(`${proxy}: the lens shows the value as an estimate`, async function () {
      this.timeout(30_000);
      await config().update('accuracySource', proxy, vscode.ConfigurationTarget.Workspace);
      const document = await vscode.workspace.openTextDocument({ language: 'python', content: `arch = "${ARCH}"\n` });
      await vscode.window.showTextDocument(document);
      const evaluated = await vscode.commands.executeCommand<Evaluated>(EVALUATE, ARCH, 1.2, 224);
      assert.equal(evaluated.error, undefined);
      assert.equal(evaluated.source, proxy);
      assert.equal(evaluated.estimate, true);
      assert.ok(evaluated.top1 !== undefined && evaluated.top1 > 0 && evaluated.top1 < 100, String(evaluated.top1));
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      const titles = lenses.map((l) => l.command?.title ?? '');
      assert.ok(titles.includes(`top-1 ${evaluated.top1.toFixed(2)}% (${proxy}, an estimate)`), titles.join(' | '));
    });
  }
});
