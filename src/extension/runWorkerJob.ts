// One worker job behind a cancellable notification, as the Train, Build latency table and Generate commands run it.
import * as vscode from 'vscode';
import type { JobKind, Jobs } from '../shared/engineProtocol';
import { JobCancelledError } from '../worker/engineClient';
import type { EngineHost } from './engineHost';
import { progressReporter, reportJobFailure } from './jobNotification';

export interface WorkerJob<K extends JobKind> {
  readonly kind: K;
  readonly request: Jobs[K]['request'];
  /** The notification's title. */
  readonly title: string;
  /** Prefix of the job's log lines (`train: ...`). */
  readonly logPrefix: string;
  /** False: the notification has no Cancel button (a job that cannot stop part-way); default true. */
  readonly cancellable?: boolean;
  /** Set: one job of this kind at a time; a second is refused with this message. */
  readonly busyMessage?: string;
  /** The progress as the notification's bar and text show it; omitted: the bar does not move. */
  readonly describe?: (progress: Jobs[K]['progress']) => { readonly fraction: number; readonly text: string; readonly last: boolean };
  /** Called with every progress report besides the notification (e.g. a status-bar item). */
  readonly onProgress?: (progress: Jobs[K]['progress']) => void;
  /** Logged and shown when the user cancels (asked then, so it can say what the job got to); omitted: a cancel is silent. */
  readonly cancelled?: () => { readonly log: string; readonly message: string };
  /** What failed, for the error message; or a handler of its own. */
  readonly failure: string | ((error: unknown) => void);
}

export type WorkerJobOutcome<K extends JobKind> =
  | { readonly status: 'done'; readonly result: Jobs[K]['result'] }
  | { readonly status: 'cancelled' }
  | { readonly status: 'failed' }
  | { readonly status: 'busy' };

/** Runs the job in the host's worker; the notification's Cancel aborts it. Failures are reported here. */
export async function runWorkerJob<K extends JobKind>(host: EngineHost, job: WorkerJob<K>): Promise<WorkerJobOutcome<K>> {
  const { log } = host;
  const controller = host.startJob(job.kind, job.busyMessage !== undefined);
  if (!controller) {
    void vscode.window.showInformationMessage(job.busyMessage ?? '');
    return { status: 'busy' };
  }
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: job.title, cancellable: job.cancellable ?? true },
      (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        const report = progressReporter(progress, log, job.logPrefix);
        const onProgress = (p: Jobs[K]['progress']) => {
          if (job.describe) {
            const shown = job.describe(p);
            report(shown.fraction, shown.text, shown.last);
          }
          job.onProgress?.(p);
        };
        return host.engine.run(job.kind, job.request, { signal: controller.signal, onProgress, onNote: (note) => log.info(`${job.logPrefix}: ${note}`) });
      },
    );
    return { status: 'done', result };
  } catch (error) {
    if (error instanceof JobCancelledError || controller.signal.aborted) {
      const said = job.cancelled?.();
      if (said) {
        log.info(`${job.logPrefix}: ${said.log}`);
        void vscode.window.showInformationMessage(said.message);
      }
      return { status: 'cancelled' };
    }
    if (typeof job.failure === 'string') reportJobFailure(log, job.logPrefix, job.failure, error);
    else job.failure(error);
    return { status: 'failed' };
  } finally {
    host.endJob(controller);
  }
}
