/// <reference types="mocha" />
// pnag.width / pnag.resolution reach the training request when the user set them (and only then).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const TRAIN = 'pnag.trainGenerator';

interface Trained {
  result?: { width: number; resolution: number; accuracySource: string };
}

suite('PNAG training shape from the settings', () => {
  const config = () => vscode.workspace.getConfiguration('pnag');

  suiteSetup(async () => {
    await vscode.extensions.getExtension('pnag-dev.pnag')?.activate();
  });

  test('width 1.0 and resolution 192 set in the workspace train a generator for them; unset, the defaults come back', async function () {
    this.timeout(90_000);
    await config().update('width', 1.0, vscode.ConfigurationTarget.Workspace);
    await config().update('resolution', 192, vscode.ConfigurationTarget.Workspace);
    try {
      const outcome = await vscode.commands.executeCommand<Trained | undefined>(TRAIN);
      assert.ok(outcome?.result, 'trained');
      assert.deepEqual([outcome.result.width, outcome.result.resolution], [1.0, 192]);
    } finally {
      await config().update('width', undefined, vscode.ConfigurationTarget.Workspace);
      await config().update('resolution', undefined, vscode.ConfigurationTarget.Workspace);
    }
    // Leaves the workspace with a generator at the defaults, as the other suites expect.
    const again = await vscode.commands.executeCommand<Trained | undefined>(TRAIN);
    assert.deepEqual([again?.result?.width, again?.result?.resolution], [1.2, 224]);
  });
});
