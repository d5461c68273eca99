import { InputError } from '../errors';

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder',
  ENOTDIR: 'a folder on the path is a file',
  // mkdir -p reports a file standing where a folder is needed this way.
  EEXIST: 'a folder on the path is a file',
  EIO: 'input/output error',
};

/**
 * A file PNAG keeps data in could not be written (a full disk, a read-only folder). Its message is one
 * line naming the file and the reason; it is the user's environment, so front ends treat it as bad input.
 */
export class StoreWriteError extends InputError {
  constructor(
    message: string,
    readonly path: string,
    readonly code: string | undefined,
  ) {
    // The name stays 'InputError': the engine worker sorts errors into kinds by name (engineServer.ts).
    super(message);
  }
}

/** `.pnag/archive.jsonl: no space left on device` from a failed fs call. */
export function writeFailureText(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = (code !== undefined ? REASONS[code] : undefined) ?? (error instanceof Error ? error.message : String(error));
  return `${path}: ${reason}`;
}

/** Wraps an fs error of a write to `path`; an error that is already one (or bad input) passes through. */
export function storeWriteError(path: string, error: unknown, prefix = ''): InputError {
  if (error instanceof InputError) return error;
  return new StoreWriteError(`${prefix}${writeFailureText(path, error)}`, path, (error as NodeJS.ErrnoException).code);
}
