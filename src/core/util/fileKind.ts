import { statSync } from 'node:fs';
import { InputError } from '../errors';
import { quoteValue } from './quoteValue';

/**
 * Refuses a path that exists as a folder where a file is read or written, so the mistake is one line before
 * any work (training to the end and then failing to write `--out` wastes minutes). A missing path is fine.
 */
export function checkNotFolder(path: string, where: string): void {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    throw new InputError(`${where} ${quoteValue(path).slice(1, -1)}: is a folder; give a file`, where);
  }
}

/** The opposite: a path that exists as a file where a folder is wanted (`pnag lut build --out`). */
export function checkNotFile(path: string, where: string): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat !== undefined && !stat.isDirectory()) {
    throw new InputError(`${where} ${quoteValue(path).slice(1, -1)}: is a file; give a folder`, where);
  }
}
