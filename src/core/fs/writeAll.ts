import { writeSync } from 'node:fs';

/**
 * Writes every byte of `data` at the file's position. `writeSync` may write fewer bytes than asked (a file-size
 * limit, a disk filling up) and says so only in its return value: one call could leave a short file that a rename
 * then put in place. The next call after a short write is the one that throws.
 */
export function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}
