import { EngineClient, JobCancelledError } from '../worker/engineClient';
import { ProgressBar } from './progressBar';

/**
 * Runs one engine job in the worker with a progress bar on stderr; Ctrl-C cancels it (the last good
 * checkpoint is kept) and exits 130.
 */
export async function runEngineJob<T>(
  job: (client: EngineClient, hooks: { signal: AbortSignal; bar: ProgressBar }) => Promise<T>,
  afterCancel?: () => string | undefined,
): Promise<T | undefined> {
  const client = new EngineClient();
  const controller = new AbortController();
  const bar = new ProgressBar();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await job(client, { signal: controller.signal, bar });
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
