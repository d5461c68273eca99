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

/** What another process may do at the worst moment of a takeover; for tests, which play that process. */
export interface TakeoverHooks {
  /** Called after a lock was judged left by a dead owner, before it is moved aside. */
  readonly afterJudgedStale?: () => void;
}

/** The lock at `lockPath`, refreshed until released; undefined when a live process holds it. */
export function tryOwnerLock(lockPath: string, staleMs: number, hooks: TakeoverHooks = {}): (() => void) | undefined {
  const owner: LockOwner = { host: hostname(), pid: process.pid, token: randomBytes(8).toString('hex') };
  if (!take(lockPath, owner, staleMs, hooks)) return undefined;
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
    // Missing (a lock an older PNAG made, killed before it wrote the file) or unreadable: judged by age alone.
    return undefined;
  }
}

/** Renaming a folder onto one that holds a file fails with one of these. */
const TAKEN = new Set(['EEXIST', 'ENOTEMPTY']);

function take(lockPath: string, owner: LockOwner, staleMs: number, hooks: TakeoverHooks): boolean {
  // The lock is made beside its place with its owner file inside, then renamed into place: it never exists
  // without an owner, so a lock with none is one a process left (an older PNAG's, or a damaged one).
  const prepared = `${lockPath}.new-${owner.token}`;
  mkdirSync(prepared);
  try {
    writeFileSync(join(prepared, 'owner.json'), `${JSON.stringify(owner)}\n`);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        renameSync(prepared, lockPath);
        return true;
      } catch (error) {
        if (!TAKEN.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      }
      const holder = ownerOf(lockPath);
      if (!isStale(lockPath, holder, staleMs)) return false;
      hooks.afterJudgedStale?.();
      // Moved aside before it is deleted: of two processes taking over the same dead lock, one rename wins.
      const aside = `${lockPath}.stale-${owner.token}`;
      try {
        renameSync(lockPath, aside);
      } catch {
        continue;
      }
      // Between the judgement and the rename another process may have taken the dead lock over: what was moved is
      // then its live lock, which goes back (two holders at once otherwise; seen with two restarts after a kill -9).
      if (ownerOf(aside)?.token !== holder?.token) {
        try {
          renameSync(aside, lockPath);
        } catch {
          // A third process made a lock meanwhile and holds it; the moved one is nobody's now.
          rmSync(aside, { recursive: true, force: true });
        }
        return false;
      }
      rmSync(aside, { recursive: true, force: true });
    }
    return false;
  } finally {
    rmSync(prepared, { recursive: true, force: true });
  }
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
