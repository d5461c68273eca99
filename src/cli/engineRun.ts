import type { JobHooks } from '../shared/engineProtocol';
import { EngineClient, JobCancelledError } from '../worker/engineClient';
import { ProgressBar } from './progressBar';

/**
 * Runs one engine job in the worker with a progress bar on stderr; Ctrl-C cancels it (the last good
 * checkpoint is kept) and exits 130. `hooks` carry the signal and draw progress and notes on the bar.
 */
export async function runEngineJob<T>(
  job: (client: EngineClient, hooks: JobHooks) => Promise<T>,
  afterCancel?: () => string | undefined,
): Promise<T | undefined> {
  const client = new EngineClient();
  const controller = new AbortController();
  const bar = new ProgressBar();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await job(client, { signal: controller.signal, onProgress: (p) => bar.update(p), onNote: (text) => bar.note(text) });
  } catch (error) {
    if (error instanceof JobCancelledError) {
      bar.note('pnag: cancelled; the last good checkpoint is kept');
      const more = afterCancel?.();
      if (more) bar.note(more);
      process.exitCode = 130;
      return undefined;
    }
    throw error;
  } finally {
    bar.clear();
    process.off('SIGINT', onSigint);
    await client.dispose();
  }
}
