import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { EngineHost } from './engineHost';

/** True while the workspace has a trained generator checkpoint; menus and command enablement read it. */
export const HAS_GENERATOR_KEY = 'pnag.hasGenerator';

/**
 * Keeps `pnag.hasGenerator` in step with the checkpoint: set at activation, after this extension trains,
 * and when the file is written or deleted from outside (`pnag train` in a terminal).
 */
export function trackGeneratorContextKey(host: EngineHost, checkpointRelative: string): vscode.Disposable[] {
  let last: boolean | undefined;
  const update = () => {
    const has = existsSync(host.checkpointPath());
    if (has === last) return;
    last = has;
    void vscode.commands.executeCommand('setContext', HAS_GENERATOR_KEY, has);
  };
  update();
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(host.workspaceDir()), checkpointRelative));
  return [
    watcher,
    watcher.onDidCreate(update),
    watcher.onDidDelete(update),
    host.onDidChangeFiles((change) => {
      if (change === 'generator') update();
    }),
  ];
}
