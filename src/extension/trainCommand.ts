import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { messageOf } from '../core/errors';
import type { JobProgress, TrainRequest, TrainResult } from '../shared/engineProtocol';
import { JobCancelledError } from '../worker/engineClient';
import type { EngineHost, TrainingStats } from './engineHost';
import { progressReporter, reportJobFailure } from './jobNotification';
import { describeProgress, progressFraction, statusText } from './trainingProgress';
import { accuracySpecFromSettings, explicitShape, readSettings, runnerFromSettings } from './settings/readSettings';
import { trainOptionsOf } from './settings/pnagSettings';

export const TRAIN_COMMAND = 'pnag.trainGenerator';

export interface TrainOutcome {
  readonly result?: TrainResult;
  readonly stats: TrainingStats;
}

/** The request the settings make, or an InputError naming the setting that is wrong. */
export function trainRequestFromSettings(host: EngineHost): TrainRequest {
  const settings = readSettings();
  const accuracy = accuracySpecFromSettings(settings);
  return { workspace: host.workspaceDir(), ...trainOptionsOf(settings, accuracy), backend: settings.backend, ...explicitShape(), ...runnerFromSettings() };
}

/**
 * Trains in the worker behind a cancellable notification (step, reward, time left) and a status-bar item,
 * logging to the output channel. Resolves with the host's event-loop figures even when cancelled.
 */
export async function runTraining(host: EngineHost): Promise<TrainOutcome | undefined> {
  const { log } = host;
  if (host.training) {
    void vscode.window.showInformationMessage('PNAG: a generator is already training; cancel it from its notification first.');
    return undefined;
  }
  let request: TrainRequest;
  try {
    request = trainRequestFromSettings(host);
  } catch (error) {
    void vscode.window.showErrorMessage(`PNAG: ${messageOf(error)}`);
    return undefined;
  }
  const controller = new AbortController();
  host.training = controller;
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
  let result: TrainResult | undefined;
  let cancelled = false;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'PNAG: Training generator', cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        const report = progressReporter(progress, log, 'train');
        const onProgress = (p: JobProgress) => {
          report(progressFraction(p), describeProgress(p), p.step === p.steps);
          status.text = `$(sync~spin) ${statusText(p)}`;
        };
        return host.engine.train(request, { signal: controller.signal, onProgress, onNote: (note) => log.info(`train: ${note}`) });
      },
    );
    log.info(`train: done in ${result.seconds.toFixed(1)} s, checkpoint ${result.checkpoint} (${result.accuracySource}, ${result.costModel}, budgets ${result.budgets.map((b) => b.toFixed(1)).join(', ')} ${result.unit})`);
    void vscode.window.showInformationMessage(`PNAG: generator trained on ${result.accuracySource} and ${result.costModel} in ${result.seconds.toFixed(0)} s.`);
    host.notifyChanged('generator');
  } catch (error) {
    if (error instanceof JobCancelledError || controller.signal.aborted) {
      cancelled = true;
      log.info('train: cancelled; the previous checkpoint (if any) is unchanged');
      void vscode.window.showInformationMessage('PNAG: training cancelled; the previous generator, if any, is kept.');
    } else {
      reportJobFailure(log, 'train', 'training', error);
    }
  } finally {
    delay.disable();
    status.dispose();
    host.training = undefined;
  }
  const stats: TrainingStats = {
    seconds: (Date.now() - started) / 1000,
    maxStallMs: delay.max / 1e6,
    p99StallMs: delay.percentile(99) / 1e6,
    cancelled,
  };
  host.stats.lastTraining = stats;
  log.info(`host event loop during training: longest stall ${stats.maxStallMs.toFixed(1)} ms, p99 ${stats.p99StallMs.toFixed(1)} ms (sampling resolution 10 ms)`);
  return { result, stats };
}

export function registerTrainCommand(host: EngineHost): vscode.Disposable {
  return vscode.commands.registerCommand(TRAIN_COMMAND, () => runTraining(host));
}
