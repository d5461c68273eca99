/// <reference types="mocha" />
// A fresh workspace with the default settings: Generate answers from the generator shipped in the package,
// without training and without writing into the workspace.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type FilesAside, setPnagFilesAside } from './pnagFilesAside';

const GENERATE = 'pnag.generateForBudget';
/** Settings other suites set for quick trainings; the shipped generator serves only the defaults. */
const KEYS = ['accuracySource', 'costModel', 'archiveSize', 'trainingSteps', 'evaluatorEpochs', 'k', 'budgets', 'bestOf', 'seed', 'frontierQueries', 'width', 'resolution'];

suite('PNAG shipped generator', () => {
  const config = () => vscode.workspace.getConfiguration('pnag');
  const saved = new Map<string, unknown>();
  let aside: FilesAside | undefined;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'a workspace folder is open');
    for (const key of KEYS) {
      saved.set(key, config().inspect(key)?.workspaceValue);
      await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
    // Out of the way for the test, as in a workspace that never trained.
    aside = setPnagFilesAside(folder, ['generator.ckpt.json', 'archive.jsonl'], 'shipped');
  });

  suiteTeardown(async () => {
    aside?.restore();
    for (const [key, value] of saved) await config().update(key, value, vscode.ConfigurationTarget.Workspace);
  });

  test('Generate in a workspace without a generator inserts from the shipped one, training nothing', async function () {
    this.timeout(60_000);
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const uri = vscode.Uri.from({ scheme: 'untitled', path: `/pnag-shipped-${Date.now()}.py` });
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const started = Date.now();
    const inserted = await vscode.commands.executeCommand<string | undefined>(GENERATE, { budget: '450M' });
    const seconds = (Date.now() - started) / 1000;
    console.log(`PNAG-FIGURE shippedGenerateSeconds=${seconds.toFixed(2)}`);
    assert.ok(inserted, 'something was inserted (no training offer: there is a generator)');
    assert.match(inserted, /set_active_subnet\(ks=/);
    assert.match(inserted, /ofa-predictor \(built-in\)/);
    assert.equal(editor.document.getText(), inserted);
    assert.equal(existsSync(join(folder, '.pnag', 'generator.ckpt.json')), false, 'nothing trained into the workspace');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
