import { resolve } from 'node:path';

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
