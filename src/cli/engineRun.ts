import type { JobHooks } from '../shared/engineProtocol';
import { EngineClient, JobCancelledError } from '../worker/engineClient';
import { ProgressBar } from './progressBar';
import { exitCodeFor, onStopSignal } from './signals';

/**
 * Runs one engine job in the worker with a progress bar on stderr; Ctrl-C (or SIGTERM, SIGHUP) cancels it
 * (the last good checkpoint is kept, an evaluator is stopped) and exits 128 + the signal's number. `hooks`
 * carry the signal and draw progress and notes on the bar.
 */
export async function runEngineJob<T>(
  job: (client: EngineClient, hooks: JobHooks) => Promise<T>,
  afterCancel?: () => string | undefined,
): Promise<T | undefined> {
  const client = new EngineClient();
  const controller = new AbortController();
  const bar = new ProgressBar();
  const signals = onStopSignal(() => controller.abort());
  try {
    return await job(client, { signal: controller.signal, onProgress: (p) => bar.update(p), onNote: (text) => bar.note(text) });
  } catch (error) {
    if (error instanceof JobCancelledError) {
      bar.note('pnag: cancelled; the last good checkpoint is kept');
      const more = afterCancel?.();
      if (more) bar.note(more);
      process.exitCode = exitCodeFor(signals.received());
      return undefined;
    }
    throw error;
  } finally {
    bar.clear();
    signals.remove();
    await client.dispose();
  }
}
