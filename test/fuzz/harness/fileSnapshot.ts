import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { violation } from './fuzzClass';

/** Every entry under a folder with its bytes, so a reader can be checked to have changed nothing. */
export function snapshotFolder(folder: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = `${prefix}${name}`;
      if (statSync(path).isDirectory()) {
        out.set(`${rel}/`, '');
        walk(path, `${rel}/`);
      } else out.set(rel, readFileSync(path).toString('base64'));
    }
  };
  walk(folder, '');
  return out;
}

export function assertFolderUnchanged(folder: string, before: Map<string, string>, reader: string): void {
  const after = snapshotFolder(folder);
  for (const [name, bytes] of before) {
    violation(after.has(name), `${reader} removed a file`, name);
    violation(after.get(name) === bytes, `${reader} changed a file`, name);
  }
  for (const name of after.keys()) violation(before.has(name), `${reader} created a file`, name);
}

/** A scratch folder for one fuzz class, removed at tear-down. */
export class ScratchFolder {
  readonly path = mkdtempSync(join(tmpdir(), 'pnag-fuzz-'));
  private count = 0;

  /** A fresh empty sub-folder for one input. */
  fresh(): string {
    const dir = join(this.path, String(this.count++));
    rmSync(dir, { recursive: true, force: true });
    return dir;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
