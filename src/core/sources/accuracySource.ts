import type { Arch } from '../space/arch';

/**
 * Architectures in, top-1 accuracy (percent) out. Implementations: an archive of measurements, a
 * learned predictor, OFA's predictor, an external evaluator, the training-free estimate.
 */
export interface AccuracySource {
  /** Shown beside every number it produced and stored in checkpoints, e.g. `ofa-predictor`, `proxy:naswot`. */
  readonly name: string;
  readonly unit: '%';
  /** True for estimates that are not accuracies (the training-free proxy): shown as "estimate". */
  readonly isEstimate: boolean;
  /**
   * True when the numbers are measurements of the network (measured top-1 in an archive, an evaluator
   * that runs it). Predictors (OFA's, the learned one) and proxies leave it unset: their numbers are
   * plotted and stored as estimates, even though `isEstimate` (not an accuracy at all) is false for predictors.
   */
  readonly measured?: boolean;
  /** Answered in plain JS in well under a millisecond (a predictor, a cost-only estimate): affordable in thousands. */
  readonly cheap?: boolean;
  /** Builds networks with TensorFlow.js to answer (the training-free proxies that score activations). */
  readonly needsTensorFlow?: boolean;
  /** Architectures worth asking about in one call, when the source knows better than the defaults. */
  readonly batchSize?: number;
  /**
   * Evaluations it runs at once (an evaluator's workers, a cluster's array tasks): an evaluation budget's
   * rounds send batches at least this big, so none of them waits idle (issue 14).
   */
  readonly concurrency?: number;
  /**
   * True for evaluators (an EvaluationRunner): one architecture's failure comes back as its own result
   * instead of failing the batch, so the rest of the labels are kept.
   */
  readonly isolatesFailures?: boolean;
  /** Whether any architecture can be asked about (a predictor, an evaluator), or only stored ones. */
  readonly queryable: boolean;
  accuracy(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]>;
  dispose?(): void | Promise<void>;
}
