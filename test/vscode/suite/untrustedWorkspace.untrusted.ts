/// <reference types="mocha" />
// Runs in a VS Code with workspace trust enabled, on a folder nobody trusted (harness/untrustedRun.mjs). The
// folder's .vscode/settings.json asks for the evaluator accuracy source with a command that writes a marker.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const TRAIN = 'pnag.trainGenerator';
/** Written by the workspace's evaluator command; harness/untrustedRun.mjs uses the same name. */
const MARKER = 'evaluator-ran.marker';

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

/** Runs `action` with window.showErrorMessage recorded (and still shown). */
async function recordingErrors<T>(action: () => Thenable<T>): Promise<{ value: T; errors: string[] }> {
  const errors: string[] = [];
  const window = vscode.window as { showErrorMessage: (...args: unknown[]) => unknown };
  const original = window.showErrorMessage;
  window.showErrorMessage = (message: unknown, ...rest: unknown[]) => {
    errors.push(String(message));
    return original(message, ...rest);
  };
  try {
    return { value: await action(), errors };
  } finally {
    window.showErrorMessage = original;
  }
}

suite('PNAG in an untrusted workspace', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension('pnag-dev.pnag')?.activate();
  });

  test('VS Code runs this suite in restricted mode', () => {
    // Without this the tests below could pass in a trusted window for the wrong reason.
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test("Train refuses the workspace's evaluator command, names it, and never runs it", async function () {
    this.timeout(90_000);
    const dir = workspaceDir();
    const settings = JSON.parse(readFileSync(join(dir, '.vscode', 'settings.json'), 'utf8')) as Record<string, string>;
    const command = settings['pnag.evaluatorCommand'];
    assert.equal(settings['pnag.accuracySource'], 'evaluator');
    assert.ok(command?.includes(MARKER), `the workspace command writes ${MARKER}`);

    const { value, errors } = await recordingErrors(() => vscode.commands.executeCommand<{ result?: { accuracySource: string } } | undefined>(TRAIN));
    assert.equal(value, undefined, `no training ran (it ran on ${JSON.stringify(value?.result?.accuracySource)})`);
    const refusal = errors.find((message) => message.includes('not trusted'));
    assert.ok(refusal, `a "not trusted" error, got ${JSON.stringify(errors)}`);
    assert.ok(refusal.includes(command), `the error names the command: ${refusal}`);
    assert.equal(existsSync(join(dir, MARKER)), false, 'the evaluator command never ran');
  });
});
