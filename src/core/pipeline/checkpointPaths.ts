import { resolve } from 'node:path';
import { InputError } from '../errors';

/** Where `pnag train` writes when no --out is given, relative to the workspace. */
export const DEFAULT_CHECKPOINT = '.pnag/generator.ckpt.json';

/** The absolute checkpoint path a training request writes (its --out in its workspace). */
export function trainingOutputOf(request: { readonly workspace: string; readonly out?: string }): string {
  return resolve(resolve(request.workspace), request.out ?? DEFAULT_CHECKPOINT);
}

/**
 * Where a training's snapshots go: beside its checkpoint, under another name, so a cancelled run never
 * replaces (or passes for) the finished checkpoint. No TF.js here: the CLI's host side reads it too.
 */
export function partialCheckpointPath(out: string): string {
  return out.endsWith('.json') ? `${out.slice(0, -'.json'.length)}.partial.json` : `${out}.partial.json`;
}

/**
 * A training's snapshot name is taken from its output's, and every training deletes its snapshot when it starts:
 * an output named like a snapshot (`x.partial.json`) would be deleted, finished, by the next training into `x.json`.
 */
export function checkNotSnapshotName(out: string): void {
  if (out.endsWith('.partial.json')) {
    throw new InputError(`--out ${out}: names ending in .partial.json are where a training keeps its snapshot (of ${out.slice(0, -'.partial.json'.length)}.json), ` +
      'which the next training into that file deletes; choose another name', '--out');
  }
}
