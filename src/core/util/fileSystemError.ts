import { quoteValue } from './quoteValue';

/** What the errno codes a user can cause or fix mean, in words. */
const MEANINGS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ENOENT: 'no such file or folder',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENOTEMPTY: 'the folder is not empty',
  EBUSY: 'the file is busy',
  EIO: 'input/output error',
};

/**
 * One line for a failed file-system call (`<path>: no space left on the device (ENOSPC)`), or undefined
 * when the error is not one. Front ends print this instead of Node's raw message or a stack trace.
 */
export function fileSystemProblem(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path, dest } = error as NodeJS.ErrnoException & { dest?: string };
  if (typeof code !== 'string' || !(code in MEANINGS)) return undefined;
  const where = dest ?? path;
  const subject = typeof where === 'string' ? quoteValue(where).slice(1, -1) : 'a file';
  return `${subject}: ${MEANINGS[code]} (${code})`;
}
