import * as vscode from 'vscode';
import { archCosts } from './archCosts';
import { FRONTIER_VIEW_ID, FrontierViewProvider } from './frontierView';
import { GENERATE_COMMAND, registerGenerateCommand } from './generateCommand';

/**
 * Entry point. Activation stays light: only the space and cost model are loaded here; TensorFlow.js
 * belongs to the engine worker and must never be imported on the host.
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('PNAG', { log: true });
  const frontier = new FrontierViewProvider(context.extensionUri, log, () => {
    void vscode.commands.executeCommand(GENERATE_COMMAND);
  });
  context.subscriptions.push(
    log,
    vscode.window.registerWebviewViewProvider(FRONTIER_VIEW_ID, frontier),
    registerGenerateCommand((arch) => frontier.showCosts(archCosts(arch))),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
