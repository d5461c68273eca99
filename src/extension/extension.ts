import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { toCompactOfaDict } from '../core/space/ofaDict';
import { archCosts } from './archCosts';
import { registerEditorArchitectures } from './editor/editorArchitectures';
import { ARCHIVE_RELATIVE, CHECKPOINT_RELATIVE, EngineHost } from './engineHost';
import { engineFrontierHost } from './frontier/frontierHost';
import { watchFrontierInputs } from './frontier/frontierRefresh';
import { FRONTIER_VIEW_ID, FrontierViewProvider } from './frontierView';
import { GENERATE_COMMAND, registerGenerateCommand } from './generateCommand';
import { trackGeneratorContextKey } from './generatorContextKey';
import { INSERT_COMMAND, registerInsertCommand } from './insertArchitectureCommand';
import { registerLutBuildCommand } from './lutBuildCommand';
import { registerSettingsCommands } from './settingsCommands';
import { readSettings, settingsAccuracySpec } from './settings/readSettings';
import { registerTrainCommand } from './trainCommand';

/**
 * Entry point. Activation stays light: only the space and cost model are loaded here; TensorFlow.js
 * belongs to the engine worker and must never be imported on the host.
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('PNAG', { log: true });
  const host = new EngineHost(context, log);
  const frontier = new FrontierViewProvider(
    context.extensionUri,
    log,
    () => {
      void vscode.commands.executeCommand(GENERATE_COMMAND);
    },
    engineFrontierHost(
      host,
      () => join(host.workspaceDir(), ARCHIVE_RELATIVE),
      async (arch) => (await vscode.commands.executeCommand(INSERT_COMMAND, JSON.stringify({ ...toCompactOfaDict(arch), w: arch.width }))) !== undefined,
      () => readSettings().bestOf,
      () => readSettings().backend,
      settingsAccuracySpec,
    ),
  );
  const showCosts = (arch: Parameters<typeof archCosts>[0]) => frontier.showCosts(archCosts(arch));
  context.subscriptions.push(
    log,
    host,
    vscode.window.registerWebviewViewProvider(FRONTIER_VIEW_ID, frontier),
    registerGenerateCommand(host, showCosts),
    registerInsertCommand(showCosts),
    registerTrainCommand(host),
    registerLutBuildCommand(host),
    ...registerSettingsCommands(host, frontier),
    ...watchFrontierInputs(host, frontier, CHECKPOINT_RELATIVE, ARCHIVE_RELATIVE),
    ...trackGeneratorContextKey(host, CHECKPOINT_RELATIVE),
    ...registerEditorArchitectures(host),
    vscode.commands.registerCommand('pnag.showLog', () => log.show(true)),
    // Registered, not contributed (so never in the palette): the figures tests read and docs/extension.md quotes.
    vscode.commands.registerCommand('pnag._stats', () => ({ ...host.stats })),
  );
  host.stats.activationMs = performance.now() - started;
  log.info(`activated in ${host.stats.activationMs.toFixed(1)} ms`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
