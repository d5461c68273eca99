import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The package's `data/` folder: OFA's predictor, the built-in latency tables and the pretrained generators.
 * Found by walking up from this module, because it sits at different depths in the source tree
 * (`src/core/data/`) and in the bundles (`dist/`), and the installed extension carries it beside `dist/`.
 */
const MARKER = 'NOTICE.md';
const MAX_LEVELS = 5;

let found: string | undefined;

export function packageDataDir(): string {
  if (found !== undefined) return found;
  let dir = __dirname;
  for (let level = 0; level <= MAX_LEVELS; level++) {
    const candidate = join(dir, 'data');
    if (existsSync(join(candidate, MARKER))) return (found = candidate);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // Not an InputError: the package itself is incomplete, not the user's input.
  throw new Error(`PNAG's data folder (data/${MARKER}) was not found above ${__dirname}; the installation is incomplete`);
}

/** A file inside the package's `data/` folder. */
export function packageDataPath(...parts: string[]): string {
  return join(packageDataDir(), ...parts);
}
