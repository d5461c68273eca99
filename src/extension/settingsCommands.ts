import { join } from 'node:path';
import * as vscode from 'vscode';
import { messageOf } from '../core/errors';
import type { CostModelPick } from '../core/cost/registry/costModelKind';
import { COST_MODEL_PICKS } from '../core/cost/registry/costModelRegistry';
import { formatIssue } from '../core/archive/importTypes';
import type { AccuracySourcePick } from '../core/sources/registry/accuracySourceKind';
import { ACCURACY_SOURCE_PICKS } from '../core/sources/registry/accuracySourceRegistry';
import { ARCHIVE_RELATIVE, type EngineHost } from './engineHost';
import type { FrontierViewProvider } from './frontierView';
import { runWorkerJob } from './runWorkerJob';
import { SECTION } from './settings/readSettings';

export const CHOOSE_ACCURACY_COMMAND = 'pnag.chooseAccuracySource';
export const CHOOSE_COST_COMMAND = 'pnag.chooseCostModel';
export const IMPORT_ARCHIVE_COMMAND = 'pnag.importArchive';
export const EXPORT_FRONTIER_COMMAND = 'pnag.exportFrontier';
/** Skipped rows of an import written to the log; the rest are counted. */
const LOGGED_ISSUES = 10;

interface Choice extends vscode.QuickPickItem {
  readonly value: string | ((picked: vscode.Uri) => string);
  readonly pickFile?: { readonly label: string; readonly filters: Record<string, string[]>; readonly folders?: boolean };
}

/** Settings go to the workspace when a folder is open (they belong to that project), else to the user. */
function target(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

async function choose(title: string, key: string, choices: Choice[]): Promise<string | undefined> {
  const current = vscode.workspace.getConfiguration(SECTION).get<string>(key);
  const picked = await vscode.window.showQuickPick(
    choices.map((c) => ({ ...c, description: [c.description, typeof c.value === 'string' && c.value === current ? '(current)' : ''].filter(Boolean).join(' ') })),
    { title, ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  let value: string;
  if (typeof picked.value === 'string') value = picked.value;
  else {
    const files = await vscode.window.showOpenDialog({
      title: picked.pickFile?.label,
      canSelectMany: false,
      canSelectFiles: !picked.pickFile?.folders,
      canSelectFolders: picked.pickFile?.folders === true,
      filters: picked.pickFile?.folders ? undefined : picked.pickFile?.filters,
    });
    if (!files?.[0]) return undefined;
    value = picked.value(files[0]);
  }
  await vscode.workspace.getConfiguration(SECTION).update(key, value, target());
  void vscode.window.showInformationMessage(`PNAG: ${key} is now ${value}. Train the generator again to use it.`);
  return value;
}

/** The registry's quick-pick line as a VS Code choice: a fixed setting, or a prefix completed by a picked file. */
function sourceChoice(pick: AccuracySourcePick): Choice {
  const { label, description, value } = pick;
  if (typeof value === 'string') return { label, description, value };
  return { label, description, value: (u) => `${value.prefix}${u.fsPath}`, pickFile: { label: value.pickLabel, filters: { [value.pickLabel]: [...value.extensions] } } };
}

function chooseAccuracySource(): Promise<string | undefined> {
  return choose('PNAG: Choose accuracy source', 'accuracySource', ACCURACY_SOURCE_PICKS.map(sourceChoice));
}

/** The registry's quick-pick line as a VS Code choice: a fixed spec, or a prefix completed by a picked file or folder. */
function costChoice(pick: CostModelPick): Choice {
  const { label, description, value } = pick;
  if (typeof value === 'string') return { label, description, value };
  return { label, description, value: (u) => `${value.prefix}${u.fsPath}`, pickFile: { label: value.pickLabel, filters: {}, folders: value.folders } };
}

function chooseCostModel(): Promise<string | undefined> {
  return choose('PNAG: Choose cost model', 'costModel', COST_MODEL_PICKS.map(costChoice));
}

async function importArchive(host: EngineHost, argument: unknown): Promise<string | undefined> {
  let file = typeof argument === 'string' ? argument : undefined;
  if (!file) {
    const picked = await vscode.window.showOpenDialog({
      title: 'PNAG: Import archive',
      canSelectMany: false,
      filters: { 'Evaluated architectures': ['csv', 'json', 'jsonl'] },
    });
    file = picked?.[0]?.fsPath;
  }
  if (!file) return undefined;
  const outcome = await runWorkerJob(host, {
    kind: 'import',
    request: { workspace: host.workspaceDir(), file, archive: join(host.workspaceDir(), ARCHIVE_RELATIVE) },
    title: `PNAG: importing ${file}`,
    logPrefix: `import ${file}`,
    // One batch: nothing to stop once the worker has it.
    cancellable: false,
    failure: 'Import',
  });
  if (outcome.status !== 'done') return undefined;
  const summary = outcome.result;
  host.log.info(`import ${file}: imported ${summary.imported}, merged ${summary.merged}, skipped ${summary.skipped} (${summary.format}); ${summary.archive} holds ${summary.archiveSize}`);
  for (const note of summary.notes) host.log.info(`import ${file}: ${note}`);
  for (const issue of summary.errors.slice(0, LOGGED_ISSUES)) host.log.warn(`import ${file}: skipped ${formatIssue(issue)}`);
  host.notifyChanged('archive');
  void vscode.window.showInformationMessage(`PNAG: imported ${file} into ${ARCHIVE_RELATIVE}.`);
  return JSON.stringify(summary);
}

/** The frontier as the Frontier view sweeps it; a string argument is the output path (format by extension). */
function exportFrontier(frontier: FrontierViewProvider, argument: unknown): Promise<string | undefined> {
  const target = typeof argument === 'string' && argument.trim() !== '' ? vscode.Uri.file(argument) : undefined;
  return frontier.exportFrontier(undefined, target).then((uri) => uri?.fsPath);
}

export function registerSettingsCommands(host: EngineHost, frontier: FrontierViewProvider): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CHOOSE_ACCURACY_COMMAND, chooseAccuracySource),
    vscode.commands.registerCommand(CHOOSE_COST_COMMAND, chooseCostModel),
    vscode.commands.registerCommand(IMPORT_ARCHIVE_COMMAND, (argument?: unknown) => importArchive(host, argument)),
    vscode.commands.registerCommand(EXPORT_FRONTIER_COMMAND, (argument?: unknown) => exportFrontier(frontier, argument)),
  ];
}
