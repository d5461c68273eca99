import { type AccuracySourceSpec, absoluteSourceSpec, formatAccuracySourceSpec, parseAccuracySourceSpec } from '../sources/sourceSpec';
import type { CheckpointSources } from './engineAdapter';

/**
 * Which accuracy source generation may ask about its pick (and search with `--source-queries`).
 *
 * It comes from the user's configuration now: the request's `accuracy` (the CLI's `--accuracy`, the
 * extension's settings under the workspace-trust rule), else the sources the defaults pick now. It never
 * comes from the checkpoint: a checkpoint records where its data came from as data, so a file someone else
 * wrote (a cloned repository's `.pnag/`) can neither make PNAG run a command nor open a path of its choosing.
 * Without an explicit source, the defaults are used only when they are what the generator was trained on,
 * so the reported top-1 and the frontier memory speak of the same source.
 */
export type GenerationSource = { readonly spec: string } | { readonly notAsked: string };

/** Longest piece of a recorded spec quoted back (a crafted file can hold anything). */
const QUOTE_LIMIT = 100;

/**
 * `asked`: the source the user gave now (`--accuracy` form), if any; `configured`: the spec the user's
 * configuration picks now without it (the defaults, or the training options of the request).
 */
export function generationSourceOf(asked: string | undefined, configured: () => string, recorded: CheckpointSources, workspace: string): GenerationSource {
  if (asked !== undefined) return { spec: formatAccuracySourceSpec(absoluteSpec(parseAccuracySourceSpec(asked, '--accuracy'), workspace)) };
  const current = configured();
  if (current === recorded.accuracySpec) return { spec: current };
  return {
    notAsked:
      `trained on ${quote(recorded.accuracySource)} (${quote(recorded.accuracySpec)}), which the defaults here do not pick now; ` +
      'a checkpoint\'s recorded source is never reopened: pass --accuracy <source> (or set pnag.accuracySource) to ask one',
  };
}

/** Relative paths in a spec are taken from the workspace, so checkpoints name them unambiguously. */
export function absoluteSpec(spec: AccuracySourceSpec, workspace: string): AccuracySourceSpec {
  return absoluteSourceSpec(spec, workspace);
}

function quote(text: string): string {
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
}
