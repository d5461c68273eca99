import * as vscode from 'vscode';
import type { JsonInsertion, PythonInsertion } from '../../core/format/architectureInsertion';
import { workspaceValuesFromFiles } from './hiddenWorkspaceSettings';
import { type Backend, type PnagSettings, accuracySpecOf, trustedEvaluatorCommand } from './pnagSettings';
import { runnerRequestOf } from './runnerSettings';

export const SECTION = 'pnag';

/** The settings as they apply to the current workspace; package.json declares their types and ranges. */
export function readSettings(): PnagSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    costModel: c.get<string>('costModel', 'madds'),
    accuracySource: c.get<string>('accuracySource', 'auto'),
    width: c.get<number>('width', 1.2),
    resolution: c.get<number>('resolution', 224),
    budgets: c.get<string>('budgets', ''),
    k: c.get<number>('k', 10),
    trainingSteps: c.get<number>('trainingSteps', 300),
    evaluatorEpochs: c.get<number>('evaluatorEpochs', 6),
    archiveSize: c.get<number>('archiveSize', 0),
    frontierQueries: c.get<number | null>('frontierQueries', null),
    evaluations: c.get<number | null>('evaluations', null),
    forgetFailures: c.get<boolean>('forgetFailures', false),
    asynchronousRounds: c.get<boolean>('asynchronousRounds', false),
    seed: c.get<number>('seed', 0),
    bestOf: c.get<number>('bestOf', 64),
    sourceQueries: c.get<number>('sourceQueries', 0),
    pythonInsertion: c.get<PythonInsertion>('insertion.python', 'setActiveSubnet'),
    jsonInsertion: c.get<JsonInsertion>('insertion.json', 'networkConfig'),
    backend: c.get<Backend>('backend', 'auto'),
  };
}

/**
 * pnag.width / pnag.resolution for a training request, only where the user set them: left out, the engine
 * takes an archive's own shape (else 1.2 and 224), so an archive at r192 is not refused for the default 224.
 */
export function explicitShape(): { width?: number; resolution?: number } {
  const c = vscode.workspace.getConfiguration(SECTION);
  const set = (key: string) => {
    const i = c.inspect<number>(key);
    return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
  };
  const width = set('width');
  const resolution = set('resolution');
  return { ...(width !== undefined ? { width } : {}), ...(resolution !== undefined ? { resolution } : {}) };
}

/** The accuracy spec for the engine under the trust rule (throws InputError with the reason to show). */
export function accuracySpecFromSettings(settings: PnagSettings = readSettings()): string | undefined {
  const scoped = vscode.workspace.getConfiguration(SECTION).inspect<string>('evaluatorCommand');
  if (vscode.workspace.isTrusted) return accuracySpecOf(settings.accuracySource, trustedEvaluatorCommand(scoped, true));
  // VS Code hid the workspace's restricted values; read back, they only name what does not run.
  const hidden = workspaceValuesFromFiles([`${SECTION}.evaluatorCommand`, `${SECTION}.accuracySource`] as const);
  const evaluator = trustedEvaluatorCommand({ ...scoped, ...hidden[`${SECTION}.evaluatorCommand`] }, false);
  const source = hidden[`${SECTION}.accuracySource`];
  const workspaceAsksForEvaluator = (source.workspaceFolderValue ?? source.workspaceValue)?.trim() === 'evaluator';
  // The workspace's source is otherwise ignored (package.json); asking for an evaluator that cannot run is an error, not a silent proxy.
  const accuracySource = workspaceAsksForEvaluator && !evaluator.command ? 'evaluator' : settings.accuracySource;
  return accuracySpecOf(accuracySource, evaluator);
}

/**
 * The settings' accuracy spec for a generation, or undefined (the engine's defaults) when the settings
 * cannot give one now, e.g. an evaluator in an untrusted workspace: generating needs no source, so that
 * is no reason to refuse (Train says why).
 */
export function settingsAccuracySpec(): string | undefined {
  try {
    return accuracySpecFromSettings();
  } catch {
    return undefined;
  }
}

/** pnag.runner and pnag.slurm.* for a training request (restricted: an untrusted workspace's values are not used). */
export function runnerFromSettings(): ReturnType<typeof runnerRequestOf> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const text = (key: string) => c.get<string>(key);
  const values = {
    runner: text('runner'),
    slurm: {
      partition: text('slurm.partition'),
      gres: text('slurm.gres'),
      time: text('slurm.time'),
      maxRunning: c.get<number>('slurm.maxRunning'),
      setup: text('slurm.setup'),
      args: text('slurm.args'),
      folder: text('slurm.folder'),
    },
  };
  if (vscode.workspace.isTrusted) return runnerRequestOf(values);
  const hidden = workspaceValuesFromFiles([`${SECTION}.runner`] as const)[`${SECTION}.runner`];
  return runnerRequestOf(values, hidden.workspaceFolderValue ?? hidden.workspaceValue);
}
