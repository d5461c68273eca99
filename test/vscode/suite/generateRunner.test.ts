/// <reference types="mocha" />
// PNAG: Generate measures its pick where the training's evaluations ran: pnag.runner reaches the generation's
// request. With `local` the evaluator runs beside VS Code; with `slurm` it is sent to the cluster (none here,
// so the cluster's error is a note and the pick is answered without a top-1), never run beside VS Code.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type FilesAside, setPnagFilesAside } from './pnagFilesAside';

const EXTENSION_ID = 'pnag-dev.pnag';
const GENERATE = 'pnag.generateForBudget';
const CHANGED = ['accuracySource', 'evaluatorCommand', 'runner', 'slurm.partition', 'slurm.maxRunning'] as const;

suite('PNAG generate: the evaluator runs where pnag.runner says', () => {
  const config = () => vscode.workspace.getConfiguration('pnag');
  let archive = '';
  let aside: FilesAside | undefined;
  const before = new Map<string, unknown>();

  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'a workspace folder is open');
    // The other suites' archive is put back as it was afterwards.
    aside = setPnagFilesAside(folder, ['archive.jsonl'], 'generate');
    archive = aside.paths['archive.jsonl'];
    for (const key of CHANGED) before.set(key, config().inspect(key)?.workspaceValue);
  });

  suiteTeardown(async () => {
    for (const key of CHANGED) await config().update(key, before.get(key), vscode.ConfigurationTarget.Workspace);
    aside?.restore();
  });

  test('local: the pick is measured beside VS Code; slurm: it is sent to the cluster and nothing runs here', async function () {
    this.timeout(120_000);
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const evaluator = join(extensionPath, 'test', 'fixtures', 'evaluators', 'counting.mjs');
    const log = join(mkdtempSync(join(tmpdir(), 'pnag-generate-runner-')), 'requests.log');
    const requests = (): number => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l !== '').length : 0);
    await config().update('accuracySource', 'evaluator', vscode.ConfigurationTarget.Workspace);
    await config().update('evaluatorCommand', `node "${evaluator}" --log "${log}"`, vscode.ConfigurationTarget.Workspace);

    const document = await vscode.workspace.openTextDocument({ language: 'python', content: '' });
    await vscode.window.showTextDocument(document);
    await config().update('runner', 'local', vscode.ConfigurationTarget.Workspace);
    const local = await vscode.commands.executeCommand<string | undefined>(GENERATE, '400M');
    assert.ok(local, 'generated with the local evaluator');
    assert.match(local, /top-1 [\d.]+% \(eval:/);
    assert.equal(requests(), 1, 'the local evaluator was asked about the pick');

    await config().update('runner', 'slurm', vscode.ConfigurationTarget.Workspace);
    await config().update('slurm.partition', 'pnag-no-such-partition', vscode.ConfigurationTarget.Workspace);
    await config().update('slurm.maxRunning', 2, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand<string | undefined>(GENERATE, '350M');
    assert.equal(requests(), 1, 'with pnag.runner slurm the evaluator ran beside VS Code');
    // The cluster could not be asked: that says nothing about the network, so no failure is kept for it.
    const lines = readFileSync(archive, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { metrics: Record<string, number> });
    assert.ok(lines.every((l) => l.metrics.failed === undefined), 'a failed line was archived for an evaluation that never ran');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
