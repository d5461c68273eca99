import type { Archive } from '../../archive/archive';
import type { ClusterProgress, SlurmSettings } from '../../../shared/engineProtocol';
import type { AccuracySource } from '../accuracySource';
import type { EvaluatorLogEntry } from '../externalEvaluator';

/** How an `eval:` source treats its command: timeout and requests in flight (the evaluator's defaults otherwise). */
export interface EvaluatorSettings {
  readonly timeoutMs?: number;
  readonly concurrency?: number;
}

/** What opening a source may use from the run that opens it. */
export interface AccuracySourceContext {
  /** Folder `eval:` commands run in (default: the current folder). */
  readonly cwd?: string;
  /** Where an evaluator appends each result the moment it arrives. */
  readonly archive?: Archive;
  readonly log?: (entry: EvaluatorLogEntry) => void;
  /** Where an `eval:` command runs (default `local`); `slurm` needs `slurm` settings. */
  readonly runner?: 'local' | 'slurm';
  readonly slurm?: SlurmSettings;
  /** A cluster runner's queue and answer counts, as they change. */
  readonly onClusterProgress?: (progress: ClusterProgress) => void;
  readonly evaluator?: EvaluatorSettings;
}

/**
 * The context plus what only the engine provides. Passed in, so the registry (which the extension host reads
 * for quick picks, settings and descriptions) never loads TensorFlow.js itself.
 */
export interface AccuracySourceOpenContext extends AccuracySourceContext {
  /** The training-free estimate, which scores built networks (TensorFlow.js). */
  readonly openProxy: (name: string | undefined) => Promise<AccuracySource>;
}

/** What a kind of source is, known from its spec before anything is opened. */
export interface AccuracySourceKindCapabilities {
  /** Runs a command: never taken from settings text or from a checkpoint (docs/security.md). */
  readonly runsCommand: boolean;
  /** Its numbers are measurements of the network (stored as `top1`), not predictions or estimates. */
  readonly measured: boolean;
  /** Not an accuracy at all: a training-free estimate on a percent-like scale. */
  readonly isEstimate: boolean;
}

/** A quick-pick line: a fixed setting, or the prefix a picked file completes. */
export interface AccuracySourcePick {
  readonly label: string;
  readonly description: string;
  readonly value: string | { readonly prefix: string; readonly pickLabel: string; readonly extensions: readonly string[] };
}

/**
 * Everything the rest of the code asks of one kind of accuracy source; one module per kind. `S` is the
 * kind's parsed spec; the registry's `AccuracySourceSpec` is the union of them.
 */
export interface AccuracySourceKind<S extends { readonly kind: string }> {
  readonly kind: S['kind'];
  /** The forms a user writes on the command line, for help texts and errors (`archive:<path>`). */
  readonly forms: readonly string[];
  /** The forms `pnag.accuracySource` takes, as the README lists them; empty: not settable there. */
  readonly settingsForms: readonly string[];
  /** Examples of every form, written out (the contract test parses, formats and matches each). */
  readonly examples: readonly string[];
  /** Regular-expression alternatives of package.json's `pnag.accuracySource` pattern for this kind. */
  readonly settingsPattern: string;
  readonly picks: readonly AccuracySourcePick[];
  /** One line for the user: what the source is. */
  readonly description: string;
  readonly capabilities: AccuracySourceKindCapabilities;
  /**
   * A source that is a fixed set of measurements: the archive file it answers from. Training on it samples
   * nothing new (only what the file holds is trainable), and a checkpoint records how many it held, so a
   * default-checkpoint generate retrains when the file has grown. Sources asked about any network leave it out.
   */
  datasetPath?(spec: S): string;
  /** The spec after `kind[:...]`; `rest` is '' without a colon. Bad input throws InputError naming `where`. */
  parse(rest: string, where: string, text: string): S;
  format(spec: S): string;
  /** How the source is named before it is opened, when the spec as written says it badly (`your evaluator command (...)`). */
  describe?(spec: S): string;
  open(spec: S, context: AccuracySourceOpenContext): Promise<AccuracySource>;
  /** The spec with relative paths taken from `base`, so a checkpoint that records it works from any folder. */
  absolute?(spec: S, base: string): S;
  /** A line printed under a `pnag predict` answer from this kind, when its numbers need one. */
  readonly caveat?: string;
}
