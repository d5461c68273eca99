import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { messageOf } from '../core/errors';
import type { TrainRequest, TrainResult } from '../shared/engineProtocol';
import { spentSoFar, type EvaluationCount } from '../shared/evaluationCount';
import { ARCHIVE_RELATIVE, type EngineHost, type TrainingStats } from './engineHost';
import { type WorkerJobOutcome, runWorkerJob } from './runWorkerJob';
import { describeProgress, progressFraction, statusText } from './trainingProgress';
import { trainedMessage } from './trainedMessage';
import { accuracySpecFromSettings, explicitShape, readSettings, runnerFromSettings } from './settings/readSettings';
import { checkEvaluationBudgetSettings, trainOptionsOf } from './settings/pnagSettings';

export const TRAIN_COMMAND = 'pnag.trainGenerator';

export interface TrainOutcome {
  readonly result?: TrainResult;
  readonly stats: TrainingStats;
}

/** The request the settings make, or an InputError naming the setting that is wrong. */
export function trainRequestFromSettings(host: EngineHost): TrainRequest {
  const settings = readSettings();
  checkEvaluationBudgetSettings(settings);
  const accuracy = accuracySpecFromSettings(settings);
  return { workspace: host.workspaceDir(), ...trainOptionsOf(settings, accuracy), backend: settings.backend, ...explicitShape(), ...runnerFromSettings() };
}

/**
 * Trains in the worker behind a cancellable notification (step, reward, time left) and a status-bar item,
 * logging to the output channel. Resolves with the host's event-loop figures even when cancelled.
 */
export async function runTraining(host: EngineHost): Promise<TrainOutcome | undefined> {
  const { log } = host;
  let request: TrainRequest;
  try {
    request = trainRequestFromSettings(host);
  } catch (error) {
    void vscode.window.showErrorMessage(`PNAG: ${messageOf(error)}`);
    return undefined;
  }
  const status = vscode.window.createStatusBarItem('pnag.training', vscode.StatusBarAlignment.Left, 10);
  status.name = 'PNAG training';
  status.text = '$(sync~spin) PNAG: training';
  status.tooltip = 'PNAG is training a generator in the background. Click for the log.';
  status.command = 'pnag.showLog';
  status.show();
  // The histogram samples this thread's event loop; its max is the longest stall while training ran.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = Date.now();
  log.info(`train: ${JSON.stringify({ ...request, accuracy: request.accuracy ?? '(defaults)' })}`);
  let outcome: WorkerJobOutcome<'train'>;
  let spent: EvaluationCount | undefined;
  try {
    outcome = await runWorkerJob(host, {
      kind: 'train',
      request,
      title: 'PNAG: Training generator',
      logPrefix: 'train',
      busyMessage: 'PNAG: a generator is already training; cancel it from its notification first.',
      describe: (p) => ({ fraction: progressFraction(p), text: describeProgress(p), last: p.step === p.steps }),
      onProgress: (p) => {
        if (p.evaluations) spent = p.evaluations;
        status.text = `$(sync~spin) ${statusText(p)}`;
      },
      // On an evaluation budget, what was paid for (GPU minutes each) is what the user wants to hear about.
      cancelled: () => {
        const paid = spentSoFar(spent, ARCHIVE_RELATIVE, 'training again');
        return {
          log: `cancelled; the previous checkpoint (if any) is unchanged${paid ? `; ${paid}` : ''}`,
          message: `PNAG: training cancelled; the previous generator, if any, is kept.${paid ? ` ${paid[0].toUpperCase()}${paid.slice(1)}.` : ''}`,
        };
      },
      failure: 'training',
    });
  } finally {
    delay.disable();
    status.dispose();
  }
  if (outcome.status === 'busy') return undefined;
  const result = outcome.status === 'done' ? outcome.result : undefined;
  if (result) {
    log.info(`train: done in ${result.seconds.toFixed(1)} s, checkpoint ${result.checkpoint} (${result.accuracySource}, ${result.costModel}, budgets ${result.budgets.map((b) => b.toFixed(1)).join(', ')} ${result.unit})`);
    void vscode.window.showInformationMessage(trainedMessage(result));
    host.notifyChanged('generator');
  }
  const stats: TrainingStats = {
    seconds: (Date.now() - started) / 1000,
    maxStallMs: delay.max / 1e6,
    p99StallMs: delay.percentile(99) / 1e6,
    cancelled: outcome.status === 'cancelled',
  };
  host.stats.lastTraining = stats;
  log.info(`host event loop during training: longest stall ${stats.maxStallMs.toFixed(1)} ms, p99 ${stats.p99StallMs.toFixed(1)} ms (sampling resolution 10 ms)`);
  return { result, stats };
}

export function registerTrainCommand(host: EngineHost): vscode.Disposable {
  return vscode.commands.registerCommand(TRAIN_COMMAND, () => runTraining(host));
}
