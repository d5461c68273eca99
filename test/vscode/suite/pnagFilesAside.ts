// The suites share one workspace: a suite that needs some of its `.pnag/` files absent (a fresh archive, no
// generator) moves them aside for its run and puts them back as they were, dropping what it wrote in their place.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface FilesAside {
  /** The paths set aside, in the workspace's `.pnag/` folder. */
  readonly paths: Readonly<Record<string, string>>;
  restore(): void;
}

/** Moves `.pnag/<name>` aside for each name that exists (to `<path>.<tag>-aside`). */
export function setPnagFilesAside(folder: string, names: readonly string[], tag: string): FilesAside {
  const paths = Object.fromEntries(names.map((name) => [name, join(folder, '.pnag', name)]));
  const moved: [string, string][] = [];
  for (const path of Object.values(paths)) {
    if (!existsSync(path)) continue;
    const aside = `${path}.${tag}-aside`;
    renameSync(path, aside);
    moved.push([path, aside]);
  }
  return {
    paths,
    restore: () => {
      for (const path of Object.values(paths)) rmSync(path, { force: true });
      for (const [path, aside] of moved) renameSync(aside, path);
    },
  };
}
