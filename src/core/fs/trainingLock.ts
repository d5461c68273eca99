import { mkdirSync, rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { lock } from 'proper-lockfile';
import { InputError } from '../errors';

/**
 * A training holds this lock on its output for its whole run. Two trainings into the same `--out` would share
 * the snapshot beside it (the second deletes the first one's at its start, and the first to finish may move the
 * other's model into place), so the second is refused instead. The lock's folder is refreshed every few
 * seconds; one not refreshed for two minutes was left by a crashed process and is taken over.
 */
export const TRAINING_LOCK_STALE_MS = 120_000;

export function trainingLockPathOf(out: string): string {
  return `${out}.training.lock`;
}

export async function lockTrainingOutput(out: string, staleMs = TRAINING_LOCK_STALE_MS): Promise<() => Promise<void>> {
  const lockPath = trainingLockPathOf(out);
  // The lock's folder sits beside the checkpoint. Folders made for it are removed again if the training
  // leaves them empty (bad input refused after the lock), so a refused request leaves nothing behind.
  const created = mkdirSync(dirname(out), { recursive: true });
  const removeCreated = (): void => {
    if (created === undefined) return;
    for (let dir = dirname(out); dir.length >= created.length; dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        return;
      }
    }
  };
  try {
    const release = await lock(out, {
      lockfilePath: lockPath,
      // The checkpoint does not exist before the first training.
      realpath: false,
      stale: staleMs,
      update: Math.max(1000, Math.floor(staleMs / 6)),
      retries: 0,
      // A lock lost to a stall of the event loop longer than `staleMs` is not worth stopping the training for:
      // the final rename still replaces the checkpoint atomically.
      onCompromised: () => undefined,
    });
    return async () => {
      await release();
      removeCreated();
    };
  } catch (error) {
    removeCreated();
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new InputError(`--out ${out}: another training is writing it (${lockPath}); wait for it to finish or choose another --out`, '--out');
    }
    throw error;
  }
}
