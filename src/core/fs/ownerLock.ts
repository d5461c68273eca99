import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from '../util/processAlive';

/**
 * A lock one process holds for as long as it works on something (a training's output, a cluster run): a folder
 * made atomically with the owner's host, pid and a token inside, its time refreshed while held. It was left by a
 * dead process, and is taken over at once, when its owner ran on this host and that pid is gone (a `kill -9`'d
 * process restarted at once); from another host, when it has not been refreshed for `staleMs`.
 */
export interface LockOwner {
  readonly host: string;
  readonly pid: number;
  readonly token: string;
}

/** The lock at `lockPath`, refreshed until released; undefined when a live process holds it. */
export function tryOwnerLock(lockPath: string, staleMs: number): (() => void) | undefined {
  const owner: LockOwner = { host: hostname(), pid: process.pid, token: randomBytes(8).toString('hex') };
  if (!take(lockPath, owner, staleMs)) return undefined;
  const refresh = setInterval(() => touch(lockPath), Math.max(1000, Math.floor(staleMs / 6)));
  refresh.unref();
  return () => {
    clearInterval(refresh);
    // Only our own lock is removed: one taken over after a long stall belongs to the process that took it.
    if (ownerOf(lockPath)?.token === owner.token) rmSync(lockPath, { recursive: true, force: true });
  };
}

/** Who holds the lock at `lockPath` (undefined: nobody, or its owner file is not written yet or unreadable). */
export function ownerOf(lockPath: string): LockOwner | undefined {
  try {
    const value = JSON.parse(readFileSync(join(lockPath, 'owner.json'), 'utf8')) as Partial<LockOwner>;
    return typeof value.host === 'string' && Number.isSafeInteger(value.pid) && typeof value.token === 'string' ? (value as LockOwner) : undefined;
  } catch {
    // Missing (the owner is between making the folder and writing the file) or unreadable: judged by age alone.
    return undefined;
  }
}

function take(lockPath: string, owner: LockOwner, staleMs: number): boolean {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      mkdirSync(lockPath);
      writeFileSync(join(lockPath, 'owner.json'), `${JSON.stringify(owner)}\n`);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = ownerOf(lockPath);
    if (!isStale(lockPath, holder, staleMs)) return false;
    // Moved aside before it is deleted: of two processes taking over the same dead lock, one rename wins.
    const aside = `${lockPath}.stale-${owner.token}`;
    try {
      renameSync(lockPath, aside);
    } catch {
      continue;
    }
    rmSync(aside, { recursive: true, force: true });
  }
  return false;
}

function isStale(lockPath: string, holder: LockOwner | undefined, staleMs: number): boolean {
  if (holder && holder.host === hostname() && !isProcessAlive(holder.pid)) return true;
  try {
    return statSync(lockPath).mtimeMs < Date.now() - staleMs;
  } catch {
    // Gone meanwhile: the next attempt takes it.
    return true;
  }
}

function touch(lockPath: string): void {
  const now = new Date();
  try {
    utimesSync(lockPath, now, now);
  } catch {
    // Taken over after a stall, or removed by hand: the holder's work goes on; the lock only keeps others off.
  }
}
