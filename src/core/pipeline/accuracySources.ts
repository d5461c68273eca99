import { InputError } from '../errors';
import type { AccuracySource } from '../sources/accuracySource';
import { ProxyAccuracySource } from '../proxy/proxyAccuracySource';
import type { AccuracySourceContext } from '../sources/registry/accuracySourceKind';
import { type AccuracySourceSpec, openAccuracySource, parseAccuracySourceSpec, sourceCapabilitiesOf } from '../sources/registry/accuracySourceRegistry';
import { MEASURED_TOP1 } from '../sources/measuredMetric';
import { parseRunnerKind } from '../cluster/runnerSettings';

export { MEASURED_TOP1 } from '../sources/measuredMetric';
export { openMeasuredArchive } from '../sources/registry/archiveKind';

export type { AccuracySourceContext, EvaluatorSettings } from '../sources/registry/accuracySourceKind';

/**
 * Opens the accuracy source a spec names (the kinds are in src/core/sources/registry/). A missing file or an
 * archive without top-1 is an InputError naming it.
 */
export async function resolveAccuracySource(spec: AccuracySourceSpec | string, context: AccuracySourceContext = {}): Promise<AccuracySource> {
  const parsed = typeof spec === 'string' ? parseAccuracySourceSpec(spec, '--accuracy') : spec;
  return openAccuracySource(parsed, { ...context, openProxy: async (name) => new ProxyAccuracySource(name) });
}

/** Refuses a cluster runner for a source that runs no command (it would be silently ignored). */
export function checkRunnerFits(spec: AccuracySourceSpec, runner: string | undefined): void {
  if (runner !== undefined && parseRunnerKind(runner) !== 'local' && !sourceCapabilitiesOf(spec).runsCommand) {
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
