import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError } from '../errors';
import { isProcessAlive } from '../util/processAlive';

/**
 * A training holds this lock on its output for its whole run. Two trainings into the same `--out` would share
 * the snapshot beside it (the second deletes the first one's at its start, and the first to finish may move the
 * other's model into place), so the second is refused instead.
 *
 * The lock is a folder (made atomically) with the owner's host, pid and a token inside, its time refreshed every
 * 20 s. It was left by a dead process — and is taken over at once — when its owner ran on this host and that pid
 * is gone (a `kill -9`'d training restarted at once, as a cluster run's reattachment needs); from another host,
 * when it has not been refreshed for two minutes.
 */
export const TRAINING_LOCK_STALE_MS = 120_000;

interface Owner {
  readonly host: string;
  readonly pid: number;
  readonly token: string;
}

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
  const owner: Owner = { host: hostname(), pid: process.pid, token: randomBytes(8).toString('hex') };
  try {
    take(out, lockPath, owner, staleMs);
  } catch (error) {
    removeCreated();
    throw error;
  }
  const refresh = setInterval(() => touch(lockPath), Math.max(1000, Math.floor(staleMs / 6)));
  refresh.unref();
  return async () => {
    clearInterval(refresh);
    // Only our own lock is removed: one taken over after a long stall belongs to the process that took it.
    if (ownerOf(lockPath)?.token === owner.token) rmSync(lockPath, { recursive: true, force: true });
    removeCreated();
  };
}

function take(out: string, lockPath: string, owner: Owner, staleMs: number): void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      mkdirSync(lockPath);
      writeFileSync(join(lockPath, 'owner.json'), `${JSON.stringify(owner)}\n`);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = ownerOf(lockPath);
    if (!isStale(lockPath, holder, staleMs)) break;
    // Moved aside before it is deleted: of two processes taking over the same dead lock, one rename wins.
    const aside = `${lockPath}.stale-${owner.token}`;
    try {
      renameSync(lockPath, aside);
    } catch {
      continue;
    }
    rmSync(aside, { recursive: true, force: true });
  }
  throw new InputError(`--out ${out}: another training is writing it (${lockPath}); wait for it to finish or choose another --out`, '--out');
}

function isStale(lockPath: string, holder: Owner | undefined, staleMs: number): boolean {
  if (holder && holder.host === hostname() && !isProcessAlive(holder.pid)) return true;
  try {
    return statSync(lockPath).mtimeMs < Date.now() - staleMs;
  } catch {
    // Gone meanwhile: the next attempt takes it.
    return true;
  }
}

function ownerOf(lockPath: string): Owner | undefined {
  try {
    const value = JSON.parse(readFileSync(join(lockPath, 'owner.json'), 'utf8')) as Partial<Owner>;
    return typeof value.host === 'string' && Number.isSafeInteger(value.pid) && typeof value.token === 'string' ? (value as Owner) : undefined;
  } catch {
    // Missing (the owner is between making the folder and writing the file) or unreadable: judged by age alone.
    return undefined;
  }
}

function touch(lockPath: string): void {
  const now = new Date();
  try {
    utimesSync(lockPath, now, now);
  } catch {
    // Taken over after a stall, or removed by hand: the final rename still replaces the checkpoint atomically.
  }
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
