/** Metric a measured accuracy is stored under in an archive (predictions get `top1@<source>`). */
export const MEASURED_TOP1 = 'top1';

/**
 * The metric that marks a failed evaluation, kept beside an accuracy metric: `top1` → `failed`, `top1@<source>` →
 * `failed@<source>` (pipeline/failedEvaluations.ts).
 */
export function failureMetricBeside(accuracyMetric: string): string {
  return accuracyMetric.startsWith(MEASURED_TOP1) ? `failed${accuracyMetric.slice(MEASURED_TOP1.length)}` : `failed@${accuracyMetric}`;
}
