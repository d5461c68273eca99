import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from '../errors';

/** What a file PNAG is about to write already holds. */
export type FileKind = 'none' | 'archive' | 'checkpoint' | 'directory' | 'special' | 'other';

/** Bytes read to tell kinds apart: a checkpoint names its format first, an archive line is short. */
const SNIFF_BYTES = 64 * 1024;
const CHECKPOINT_HEAD = /^\s*\{\s*"format"\s*:\s*"pnag-checkpoint"/;
const ARCHIVE_HEAD = /^\s*\{\s*"(pnag|arch)"\s*:/;

/** Sniffs what `path` holds (following symlinks); a missing or blank file is `none`. */
export function fileKindOf(path: string): FileKind {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return 'directory';
    // A named pipe would block the read below; a device (/dev/null) must never be replaced by a file.
    if (!stat.isFile()) return 'special';
    size = stat.size;
  } catch {
    return 'none';
  }
  const head = Buffer.alloc(Math.min(size, SNIFF_BYTES));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return 'none';
  if (CHECKPOINT_HEAD.test(text)) return 'checkpoint';
  const lines = text.trimStart().split('\n');
  if (ARCHIVE_HEAD.test(lines[0])) return 'archive';
  // A checkpoint rewritten by another tool may not put "format" first; look for it anywhere in the head.
  if (/"format"\s*:\s*"pnag-checkpoint"/.test(text)) return 'checkpoint';
  // An archive whose first line a user or a crash damaged is still an archive: any record in the head says so
  // (the last line of the head may be cut, so it is not asked).
  if (lines.slice(0, -1).some((line) => ARCHIVE_HEAD.test(line.trimStart()) || isJsonObjectWithArch(line))) return 'archive';
  if (isJsonObjectWithArch(lines[lines.length - 1])) return 'archive';
  return 'other';
}

function isJsonObjectWithArch(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) && ('pnag' in value || 'arch' in value);
  } catch {
    return false;
  }
}

const DESCRIPTIONS: Record<Exclude<FileKind, 'none'>, string> = {
  archive: 'a PNAG archive',
  checkpoint: 'a PNAG checkpoint',
  directory: 'a folder',
  special: 'something that is not a regular file (a device, a named pipe or a socket)',
  other: 'a file that is neither a PNAG archive nor a checkpoint',
};

/**
 * Refuses to write `want` over a file of another kind (an archive over a checkpoint, a checkpoint over an
 * archive or anything else), before anything is changed. `option` names where the path came from.
 */
export function checkWriteTarget(path: string, want: 'archive' | 'checkpoint', option: string): void {
  const kind = fileKindOf(path);
  if (kind === 'none' || kind === want) return;
  throw new InputError(`${option} ${path}: holds ${DESCRIPTIONS[kind]}, not ${DESCRIPTIONS[want]}; refusing to replace it (give another path)`);
}
