import type { Archive } from '../archive/archive';
import type { AccuracySource } from '../sources/accuracySource';
import type { Arch } from '../space/arch';
import { toPnagString } from '../space/pnagString';
import { MEASURED_TOP1, labelMetricOf } from './accuracySources';

// A failed evaluation is paid for (GPU minutes, a cluster task) like a finished one. It is kept in the archive as a
// line with the metric `failed` (1) and the reason in its provenance, so that a training resumed from the archive
// counts it as spent and does not send the network again, and its failure model starts from it.

/** The metric that marks a network `source` failed on: `failed` beside measured `top1`, `failed@<source>` beside a prediction's `top1@<source>`. */
export function failureMetricOf(source: AccuracySource): string {
  return failureMetricBeside(labelMetricOf(source));
}

/** The failure metric kept beside an accuracy metric: `top1` → `failed`, `top1@<source>` → `failed@<source>`. */
export function failureMetricBeside(accuracyMetric: string): string {
  return accuracyMetric.startsWith(MEASURED_TOP1) ? `failed${accuracyMetric.slice(MEASURED_TOP1.length)}` : `failed@${accuracyMetric}`;
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
