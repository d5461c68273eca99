import type { Archive } from '../archive/archive';
import type { AccuracySource } from '../sources/accuracySource';
import type { Arch } from '../space/arch';
import { toPnagString } from '../space/pnagString';
import { failureMetricBeside } from '../sources/measuredMetric';
import { labelMetricOf } from './accuracySources';

// A failed evaluation is paid for (GPU minutes, a cluster task) like a finished one. It is kept in the archive as a
// line with the metric `failed` (1) and the reason in its provenance, so that a training resumed from the archive
// counts it as spent and does not send the network again, and its failure model starts from it.

/** The metric that marks a network `source` failed on: `failed` beside measured `top1`, `failed@<source>` beside a prediction's `top1@<source>`. */
export function failureMetricOf(source: AccuracySource): string {
  return failureMetricBeside(labelMetricOf(source));
}

/** Appends one `failed` line per network, `reasons[i]` (the source's message) in its provenance, which names the command that asked. */
export function keepFailed(store: Archive, failed: readonly Arch[], reasons: readonly string[], source: AccuracySource, by: 'train' | 'generate' = 'train'): void {
  if (failed.length === 0) return;
  const metric = failureMetricOf(source);
  store.addMany(failed.map((arch, i) => {
    const prefix = `${toPnagString(arch)}: `;
    const reason = reasons[i] ?? 'failed';
    return { arch, metrics: { [metric]: 1 }, provenance: { source: `pnag ${by}: ${source.name}`, error: reason.startsWith(prefix) ? reason.slice(prefix.length) : reason } };
  }));
}

/**
 * Keeps a training's (or a generation's) failed evaluations in the archive once the source has answered at least
 * one network in it. A broken evaluator (a wrong command, a missing package) fails on everything; its failures say nothing
 * about the networks, and archived they would be counted as spent and never asked again after the fix. Until the
 * first answer they are held back; a training that stops with every evaluation failed archives none.
 */
export class FailureKeeper {
  private held: { arch: Arch; reason: string }[] = [];
  private working = false;

  /** Whether failures are archived now (the source has answered in this training). */
  get archiving(): boolean {
    return this.working;
  }

  constructor(
    private readonly store: Archive,
    private readonly source: AccuracySource,
    /** The command whose failures these are, named in their provenance. */
    private readonly by: 'train' | 'generate' = 'train',
  ) {}

  /** The source answered (at least one network of a batch): it works, so its failures are the networks'. */
  answered(): void {
    if (this.working) return;
    this.working = true;
    keepFailed(this.store, this.held.map((h) => h.arch), this.held.map((h) => h.reason), this.source, this.by);
    this.held = [];
  }

  failed(archs: readonly Arch[], reasons: readonly string[]): void {
    if (this.working) keepFailed(this.store, archs, reasons, this.source, this.by);
    else archs.forEach((arch, i) => this.held.push({ arch, reason: reasons[i] ?? 'failed' }));
  }
}

/** A network the source failed on, and why (the latest failure's message). */
export interface FailedRecord {
  readonly key: string;
  readonly arch: Arch;
  readonly reason: string;
}

/**
 * The networks `source` failed on (at one width and resolution, when `shape` is given) and has no accuracy for
 * since (a later success, e.g. after the user fixed the evaluator, wins), as `measuredIn` reads its answers.
 */
export function failedIn(store: Archive, source: AccuracySource, shape?: { readonly width: number; readonly resolution: number }): FailedRecord[] {
  const label = labelMetricOf(source);
  return store.withMetric(failureMetricOf(source))
    .filter((r) => r.metrics[label] === undefined && (shape === undefined || (r.arch.width === shape.width && r.arch.resolution === shape.resolution)))
    .map((r) => ({ key: r.key, arch: r.arch, reason: [...r.provenance].reverse().find((p) => p.error !== undefined)?.error ?? 'failed' }));
}
