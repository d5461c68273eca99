import type { Arch } from '../../space/arch';
import type { AccuracySource } from '../accuracySource';
import type { EvaluationResult } from '../externalEvaluator';

/**
 * A user's evaluator behind the JSON Lines protocol, wherever it runs: one local process
 * (ExternalEvaluator) or tasks on a cluster (ClusterEvaluator). One failed evaluation comes back as an
 * `error` result instead of failing the whole batch.
 */
export interface EvaluationRunner extends AccuracySource {
  evaluate(archs: readonly Arch[], signal?: AbortSignal): Promise<EvaluationResult[]>;
  /** Architectures worth handing over in one call: a cluster wants the whole sample as one job array. */
  readonly batchSize?: number;
  readonly isolatesFailures: true;
}

/** By the declared capability, not by shape: other objects have an `evaluate` too (a search's evaluation cache). */
export function isEvaluationRunner(source: AccuracySource): source is EvaluationRunner {
  return source.isolatesFailures === true;
}
