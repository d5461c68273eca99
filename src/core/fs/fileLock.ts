import { lockSync } from 'proper-lockfile';
import { StoreWriteError } from './writeError';

/**
 * A lock held longer than this without its mtime being refreshed is taken as left by a crashed process
 * and broken. Our critical sections are synchronous (an append, or a rewrite of the archive), far shorter.
 */
export const LOCK_STALE_MS = 15_000;
/** How long a writer waits for another process's lock before giving up with a clear error. */
const LOCK_WAIT_MS = 60_000;

/** Locks this process holds now, by lock path, so a nested call for the same file does not wait on itself. */
const held = new Map<string, number>();
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Where the lock of `path` lives: a directory beside it (proper-lockfile's mkdir lock). */
export function lockPathOf(path: string): string {
  return `${path}.lock`;
}

/**
 * Runs `run` holding the cross-process lock of `path` (the file need not exist). Every PNAG process that
 * writes the file takes this lock, so appends, tail repairs and rewrites never interleave. Synchronous:
 * the archive's writers are, and a blocking wait of a few milliseconds is cheaper than an async API.
 */
export function withFileLock<T>(path: string, run: () => T, waitMs = LOCK_WAIT_MS): T {
  const lockPath = lockPathOf(path);
  const depth = held.get(lockPath) ?? 0;
  if (depth > 0) {
    held.set(lockPath, depth + 1);
    try {
      return run();
    } finally {
      held.set(lockPath, depth);
    }
  }
  const release = acquire(path, lockPath, waitMs);
  held.set(lockPath, 1);
  try {
    return run();
  } finally {
    held.delete(lockPath);
    release();
  }
}

function acquire(path: string, lockPath: string, waitMs: number): () => void {
  const deadline = Date.now() + waitMs;
  let pause = 2;
  for (;;) {
    try {
      // realpath: false: the file may not exist yet; callers pass the resolved target (writeTarget.ts).
      return lockSync(path, { lockfilePath: lockPath, realpath: false, stale: LOCK_STALE_MS, onCompromised: () => undefined });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (Date.now() >= deadline) {
        throw new StoreWriteError(`${path}: another process has held its lock for over ${Number((waitMs / 1000).toFixed(1))} s (${lockPath}); if no PNAG is running, remove that folder`, path, 'ELOCKED');
      }
      Atomics.wait(sleepCell, 0, 0, pause + Math.random() * pause);
      pause = Math.min(pause * 2, 50);
    }
  }
}
