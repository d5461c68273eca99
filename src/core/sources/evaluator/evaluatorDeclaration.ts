/** The reply metric an evaluator's `accuracy()` returns unless told otherwise. */
export const DEFAULT_EVALUATOR_METRIC = 'top1';

/**
 * What a user's evaluator declares wherever it runs (one process here, or tasks on a cluster): it measures
 * the network, answers for any architecture and fails one architecture at a time. Declared once, so the
 * two runners cannot drift apart.
 */
export abstract class EvaluatorDeclaration {
  readonly unit = '%' as const;
  readonly isEstimate = false;
  readonly isolatesFailures = true as const;
  readonly measured = true;
  readonly queryable = true;
  /** `eval:<command>` for both runners: a cluster run's results are the same measurements as a local run's. */
  readonly name: string;
  /** The reply metric `accuracy()` returns. */
  protected readonly metric: string;

  protected constructor(options: { readonly command: string; readonly metric?: string }) {
    this.name = `eval:${options.command}`;
    this.metric = options.metric ?? DEFAULT_EVALUATOR_METRIC;
  }
}
