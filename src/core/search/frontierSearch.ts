import type { Arch } from '../space/arch';

/** One evaluated network of a whole-frontier search. */
export interface EvaluatedArch {
  readonly arch: Arch;
  readonly cost: number;
  readonly accuracy: number;
}

/** Options of a search for the whole frontier at once (NSGA-II), in distinct accuracy queries. */
export interface FrontierSearchOptions {
  readonly maxQueries: number;
  readonly seed?: number;
  readonly signal?: AbortSignal;
  /** Architectures per `accuracy()` call (default: a whole generation). */
  readonly batchSize?: number;
  readonly onProgress?: (progress: { readonly queries: number; readonly maxQueries: number }) => void;
}

/** What a whole-frontier search returns: everything it evaluated; answers per budget come from `bestWithin`. */
export interface FrontierSearchResult {
  readonly method: string;
  readonly evaluated: readonly EvaluatedArch[];
  readonly queries: number;
  readonly source: string;
  readonly costModel: string;
}

/** The most accurate evaluated network within the budget, or undefined when none fits. */
export function bestWithin<T extends EvaluatedArch>(evaluated: readonly T[], budget: number): T | undefined {
  let best: T | undefined;
  for (const e of evaluated) if (e.cost <= budget && (!best || e.accuracy > best.accuracy)) best = e;
  return best;
}
