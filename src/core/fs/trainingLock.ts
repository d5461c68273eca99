import { mkdirSync, rmSync, rmdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { InputError } from '../errors';
import { ownerOf, tryOwnerLock } from './ownerLock';

/**
 * A training holds this lock on its output for its whole run. Two trainings into the same `--out` would share
 * the snapshot beside it (the second deletes the first one's at its start, and the first to finish may move the
 * other's model into place), so the second is refused instead.
 *
 * The lock (ownerLock.ts) is refreshed every 20 s. It was left by a dead process — and is taken over at once —
 * when its owner ran on this host and that pid is gone (a `kill -9`'d training restarted at once, as a cluster
 * run's reattachment needs); from another host, when it has not been refreshed for two minutes.
 */
export const TRAINING_LOCK_STALE_MS = 120_000;

export function trainingLockPathOf(out: string): string {
  return `${out}.training.lock`;
}

export async function lockTrainingOutput(out: string, staleMs = TRAINING_LOCK_STALE_MS): Promise<() => Promise<void>> {
  const lockPath = trainingLockPathOf(out);
  // The lock sits beside the checkpoint. Folders made for it are removed again if the training leaves them
  // empty (bad input refused after the lock), so a refused request leaves nothing behind.
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
  let release: (() => void) | undefined;
  try {
    release = tryOwnerLock(lockPath, staleMs);
  } catch (error) {
    removeCreated();
    throw error;
  }
  if (!release) {
    removeCreated();
    throw new InputError(`--out ${out}: another training is writing it (${lockPath}); wait for it to finish or choose another --out`, '--out');
  }
  const held = release;
  return async () => {
    held();
    removeCreated();
  };
}

/**
 * After the thread that trained into `out` was terminated or crashed (its `finally` never ran): its lock, owned
 * by this process, is removed, so the next training from this window is not refused for two minutes. A lock of
 * another process (or host) is left alone.
 */
export function releaseAbandonedTrainingLock(out: string): void {
  const lockPath = trainingLockPathOf(out);
  const holder = ownerOf(lockPath);
  if (holder && holder.host === hostname() && holder.pid === process.pid) rmSync(lockPath, { recursive: true, force: true });
}
