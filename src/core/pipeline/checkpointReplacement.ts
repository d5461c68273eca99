import { existsSync, readFileSync } from 'node:fs';
import { replaceFileAtomically } from '../fs/writeTarget';
import type { CheckpointMeta, CheckpointSources } from './checkpointMeta';
import { type Shape, fitsShape, shapeText } from './jobOptions';

// When `pnag generate` (no --checkpoint) may replace the default checkpoint, and how the previous one is kept.
// A trained generator is minutes of work, maybe on sources that are gone: it is never replaced silently.

export type DefaultCheckpointPlan =
  | { readonly action: 'reuse' }
  /** Train and write the checkpoint; `why` is said to the user. */
  | { readonly action: 'train'; readonly why: string }
  /** A trained checkpoint is in the way and the user did not ask to replace it. */
  | { readonly action: 'refuse'; readonly why: string };

export interface WantedSources {
  readonly accuracySpec: string;
  readonly costSpec: string;
  readonly measuredArchs?: number;
}

/**
 * `existing`: what the file says of itself (undefined when it cannot be read as a checkpoint); `present`:
 * whether a file is there at all. Only more measurements of the same archive retrain on their own (that
 * is what importing them is for); other sources, another shape or an unreadable file need `retrain`.
 * Replacing always keeps the previous file (`keepPrevious`).
 */
export function planDefaultCheckpoint(
  path: string, present: boolean, existing: CheckpointSources & Pick<CheckpointMeta, 'width' | 'resolution' | 'measuredArchs'> | undefined,
  wanted: WantedSources, shape: Shape, retrain: boolean,
): DefaultCheckpointPlan {
  if (!present) return { action: 'train', why: `no generator yet: training one first, saved to ${path}` };
  const kept = `the current one is kept as ${backupPathOf(path)}`;
  if (existing === undefined) {
    return retrain
      ? { action: 'train', why: `--retrain: ${path} is not a checkpoint PNAG can read; training one (${kept})` }
      : { action: 'refuse', why: `${path} is there but is not a checkpoint PNAG can read` };
  }
  const sameSources = existing.accuracySpec === wanted.accuracySpec && existing.costSpec === wanted.costSpec;
  const sameShape = fitsShape(existing, shape);
  if (sameSources && sameShape && existing.measuredArchs === wanted.measuredArchs) return retrain ? { action: 'train', why: `--retrain: training ${path} again (${kept})` } : { action: 'reuse' };
  if (sameSources && sameShape) {
    return { action: 'train', why: `the archive changed since ${path} was trained (${existing.measuredArchs ?? '?'} -> ${wanted.measuredArchs ?? '?'} measured architectures); training again (${kept})` };
  }
  const mismatch = !sameShape
    ? `${path} was trained for width ${existing.width ?? '?'}, resolution ${existing.resolution ?? '?'}, not ${shapeText(shape)}`
    : `${path} was trained on other sources (${existing.accuracySource}, ${existing.costModel}) than the ones picked now (${wanted.accuracySpec}, ${wanted.costSpec})`;
  return retrain ? { action: 'train', why: `--retrain: ${mismatch}; training again (${kept})` } : { action: 'refuse', why: mismatch };
}

export function backupPathOf(path: string): string {
  return `${path}.bak`;
}

/**
 * Copies the file to `<path>.bak` before it is replaced (the new one arrives by an atomic rename); the copy's
 * path, or undefined when there was none. The copy is itself written beside the backup, fsynced and renamed: a
 * copy made in place truncated the previous backup first, so a kill mid-copy left an empty `.bak`.
 */
export function keepPrevious(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  return replaceFileAtomically(backupPathOf(path), readFileSync(path));
}
