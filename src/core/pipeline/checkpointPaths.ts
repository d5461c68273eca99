/**
 * Where a training's snapshots go: beside its checkpoint, under another name, so a cancelled run never
 * replaces (or passes for) the finished checkpoint. No TF.js here: the CLI's host side reads it too.
 */
export function partialCheckpointPath(out: string): string {
  return out.endsWith('.json') ? `${out.slice(0, -'.json'.length)}.partial.json` : `${out}.partial.json`;
}
