import { closeSync, fsyncSync, openSync } from 'node:fs';
import { writeAll } from '../fs/writeAll';

/** Where lines the archive could not keep in place go: beside it, never deleted. */
export function rejectedPathOf(archivePath: string): string {
  return `${archivePath}.rejected`;
}

/**
 * Appends a line that has to leave the archive (an unreadable last line a write would otherwise glue onto)
 * to `<archive>.rejected`, as JSON with the exact text, its line number and why, and fsyncs it before the
 * archive is changed.
 */
export function keepRejectedLine(archivePath: string, text: string, line: number, reason: string): string {
  const path = rejectedPathOf(archivePath);
  const note = { rejected: text, line, reason, time: new Date().toISOString() };
  const fd = openSync(path, 'a');
  try {
    writeAll(fd, `${JSON.stringify(note)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return path;
}
