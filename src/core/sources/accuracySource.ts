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
  /** Whether any architecture can be asked about (a predictor, an evaluator), or only stored ones. */
  readonly queryable: boolean;
  accuracy(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]>;
  dispose?(): void | Promise<void>;
}
