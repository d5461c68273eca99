import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { InputError } from '../errors';

/** A file that cannot be read as one; `reason` alone (ENOENT, not a regular file …) for callers that name the file their own way. */
export class InputFileError extends InputError {
  constructor(named: string, readonly reason: string) {
    super(`${named}: ${reason === 'ENOENT' ? 'no such file' : reason}`);
  }
}

/**
 * Reads a file PNAG was pointed at — by the user, or by another file (a checkpoint's latency-table path, a cloned
 * folder's settings) — refusing anything but a regular file of at most `maxBytes`. A named pipe blocks a plain read
 * forever (and with it the event loop, so not even SIGTERM ends the process), and a device like /dev/zero never
 * ends: both are refused before a byte is read. The file is opened without blocking and checked on the open
 * descriptor, so it cannot be swapped between the check and the read.
 */
export function readInputFile(path: string, what: string, maxBytes: number): Buffer {
  return readInputFileWithStat(path, what, maxBytes).bytes;
}

/** The same, with the opened file's status (an archive remembers which version of the file it read). */
export function readInputFileWithStat(path: string, what: string, maxBytes: number): { bytes: Buffer; stat: Stats } {
  const named = what === '' ? path : `${what} ${path}`;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(named, code === 'ENOENT' ? 'ENOENT' : `cannot be read (${code ?? (error as Error).message})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new InputFileError(named, `not a regular file (${specialKindOf(stat)})`);
    if (stat.size > maxBytes) throw new InputFileError(named, `${megabytes(stat.size)} is more than such a file can be (${megabytes(maxBytes)} at most)`);
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { bytes: bytes.subarray(0, read), stat };
  } finally {
    closeSync(fd);
  }
}

/** The same, as UTF-8 text. */
export function readInputText(path: string, what: string, maxBytes: number): string {
  return readInputFile(path, what, maxBytes).toString('utf8');
}

/** What a path that is not a regular file is, in words. */
export function specialKindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

const megabytes = (bytes: number): string => (bytes < 2 ** 20 ? `${bytes} bytes` : `${(bytes / 2 ** 20).toFixed(0)} MiB`);

/** Size limits of what PNAG reads: each well above the largest real file of its kind. */
export const MAX_BYTES = {
  /** A trained checkpoint is about 2 MiB. */
  checkpoint: 256 * 2 ** 20,
  /** An archive of 100,000 evaluations is about 40 MiB. */
  archive: 1024 * 2 ** 20,
  /** One resolution's OFA latency table is under 1 MiB. */
  latencyTable: 64 * 2 ** 20,
  /** A CSV or JSON file to import (read as one string). */
  importFile: 512 * 2 ** 20,
  /** OFA's predictor is under 1 MiB. */
  predictor: 64 * 2 ** 20,
  /** A settings or run-state JSON file. */
  smallJson: 64 * 2 ** 20,
} as const;
