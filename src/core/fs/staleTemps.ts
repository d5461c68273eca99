import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from '../util/processAlive';

/** A temporary file older than this is stale even if its pid is alive (pids are reused; other hosts). */
export const STALE_TEMP_AGE_MS = 60 * 60 * 1000;

/**
 * Removes temporary files a killed writer left beside `target` (`<name>.<pid>.<ms>.tmp`, and the older
 * `.<name>.<pid>.<ms>.tmp` of checkpoints): only those whose process is gone, or that are over an hour
 * old, never this process's or another live writer's. Returns the names removed.
 */
export function removeStaleTemps(target: string, now = Date.now()): string[] {
  const dir = dirname(target);
  const name = basename(target);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const owner = tempOwner(entry, name);
    if (owner === undefined || owner.pid === process.pid) continue;
    const path = join(dir, entry);
    let age: number;
    try {
      age = now - statSync(path).mtimeMs;
    } catch {
      continue;
    }
    if (isProcessAlive(owner.pid) && age < STALE_TEMP_AGE_MS) continue;
    rmSync(path, { force: true });
    removed.push(entry);
  }
  return removed;
}

function tempOwner(entry: string, name: string): { pid: number } | undefined {
  for (const prefix of [`${name}.`, `.${name}.`]) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const match = /^(\d+)\.(\d+)\.tmp$/.exec(entry.slice(prefix.length));
    if (match) return { pid: Number(match[1]) };
  }
  return undefined;
}

