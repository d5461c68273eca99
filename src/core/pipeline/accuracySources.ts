import { existsSync } from 'node:fs';
import { Archive } from '../archive/archive';
import { InputError } from '../errors';
import { checkNotFolder } from '../util/fileKind';
import { OfaPredictor } from '../predict/ofaPredictor';
import type { AccuracySource } from '../sources/accuracySource';
import { ArchiveAccuracySource } from '../sources/archiveSource';
import { ExternalEvaluator, type EvaluatorLogEntry } from '../sources/externalEvaluator';
import { type AccuracySourceSpec, parseAccuracySourceSpec } from '../sources/sourceSpec';
import { ProxyAccuracySource } from '../proxy/proxyAccuracySource';
import { MEASURED_TOP1 } from '../sources/measuredMetric';
import { clusterEvaluatorFor } from '../cluster/clusterRunner';
import { parseRunnerKind } from '../cluster/runnerSettings';
import type { ClusterProgress, SlurmSettings } from '../../shared/engineProtocol';

export { MEASURED_TOP1 } from '../sources/measuredMetric';

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
  /** How an `eval:` source treats its command: timeout and requests in flight (the evaluator's defaults otherwise). */
  readonly evaluator?: EvaluatorSettings;
}

export interface EvaluatorSettings {
  readonly timeoutMs?: number;
  readonly concurrency?: number;
}

/**
 * Opens the accuracy source a spec names: `ofa` (OFA's predictor shipped in the package), `ofa:<path>` (a copy of it), `archive:<path>` (measured
 * top-1 in an archive), `proxy[:<kind>]` (the training-free estimate), `eval:<command>` (the user's
 * evaluator). A missing file or an archive without top-1 is an InputError naming it.
 */
export async function resolveAccuracySource(spec: AccuracySourceSpec | string, context: AccuracySourceContext = {}): Promise<AccuracySource> {
  const parsed = typeof spec === 'string' ? parseAccuracySourceSpec(spec, '--accuracy') : spec;
  switch (parsed.kind) {
    case 'ofa':
      // A missing file is the predictor's own InputError: "<path>: cannot read the OFA predictor file (ENOENT)".
      return parsed.path === undefined ? OfaPredictor.builtin() : OfaPredictor.fromFile(parsed.path);
    case 'archive':
      return new ArchiveAccuracySource(openMeasuredArchive(parsed.path), MEASURED_TOP1);
    case 'proxy':
      return new ProxyAccuracySource(parsed.name);
    case 'eval':
      if (context.runner === 'slurm') return clusterEvaluatorFor(parsed.command, context);
      return new ExternalEvaluator({ command: parsed.command, cwd: context.cwd, archive: context.archive, log: context.log, ...context.evaluator });
  }
}

/** Refuses a cluster runner for a source that runs no command (it would be silently ignored). */
export function checkRunnerFits(spec: AccuracySourceSpec, runner: string | undefined): void {
  if (runner !== undefined && parseRunnerKind(runner) !== 'local' && spec.kind !== 'eval') {
    throw new InputError(`--runner ${runner}: runs an evaluator command; use it with --accuracy eval:"<command>" (the accuracy source is ${spec.kind})`);
  }
}

/**
 * The archive metric a queried source's answers are kept under. Measured values (an evaluator) are
 * `top1`; predictions and estimates get their own metric, so they never pass for measurements and the
 * workspace archive's `top1` stays measured-only.
 */
export function labelMetricOf(source: AccuracySource): string {
  if (source.measured === true) return MEASURED_TOP1;
  return `${MEASURED_TOP1}@${source.name.replace(/[^\w.\-+]+/g, '-')}`;
}

/** An archive that must hold measured top-1, for `archive:<path>`. */
export function openMeasuredArchive(path: string): Archive {
  if (!existsSync(path)) throw new InputError(`archive:${path}: no such file`);
  checkNotFolder(path, 'archive:');
  const archive = Archive.open(path);
  if (archive.withMetric(MEASURED_TOP1).length === 0) {
    throw new InputError(`archive:${path}: no architecture has a "${MEASURED_TOP1}" metric (${archive.size} records); import measured accuracies with pnag import`);
  }
  return archive;
}
