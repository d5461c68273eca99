import { closeSync, copyFileSync, fsyncSync, lstatSync, mkdirSync, openSync, readlinkSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeAll } from './writeAll';

/** Symlink hops followed before giving up (the kernel's own limit is 40). */
const MAX_LINKS = 40;

/**
 * The file a write to `path` lands in. PNAG's one rule for symlinks: a write follows the link, and a
 * file that is replaced is replaced in the target's folder, so the link stays a link and every writer
 * (appends, rewrites, checkpoint saves, LUT tables) changes the same file. A dangling link's target is
 * where the new file goes.
 */
export function resolveWriteTarget(path: string): string {
  let current = resolve(path);
  for (let hop = 0; hop < MAX_LINKS; hop++) {
    let isLink: boolean;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      return current;
    }
    if (!isLink) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new Error(`${path}: too many levels of symbolic links`);
}

/** A temporary name beside `target` that says which process made it and when (staleTemps.ts reads both). */
export function tempPathFor(target: string): string {
  return `${target}.${process.pid}.${Date.now()}.tmp`;
}

/**
 * Replaces the file at `path` (following symlinks) with `data` in one step: a temporary file beside the
 * target, fsynced, then renamed over it, so a reader or a crash sees the old file or the new one.
 */
export function replaceFileAtomically(path: string, data: string | Uint8Array | readonly (string | Uint8Array)[]): string {
  const target = resolveWriteTarget(path);
  mkdirSync(dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  try {
    const fd = openSync(temp, 'wx');
    try {
      for (const part of Array.isArray(data) ? data : [data]) writeAll(fd, part);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(dirname(target));
  return target;
}

/**
 * Moves a finished file (e.g. a checkpoint snapshot) to `path`, following symlinks at `path`; across
 * file systems it is copied beside the target first, so the final step is still a rename.
 */
export function moveIntoPlace(source: string, path: string): string {
  const target = resolveWriteTarget(path);
  try {
    renameSync(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const temp = tempPathFor(target);
    try {
      copyFileSync(source, temp);
      renameSync(temp, target);
    } catch (copyError) {
      rmSync(temp, { force: true });
      throw copyError;
    }
    rmSync(source, { force: true });
  }
  syncDirectory(dirname(target));
  return target;
}

/** Makes a rename durable; not possible on every platform, where it is skipped. */
export function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a directory for fsync; the rename itself is still atomic there.
  }
}
