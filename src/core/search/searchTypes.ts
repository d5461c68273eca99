import type { Arch } from '../space/arch';
import type { AccuracySource } from '../sources/accuracySource';
import type { CostModel } from '../cost/costModel';

/** What every per-budget search is given: the same two interfaces the PNAG engine uses. */
export interface SearchProblem {
  readonly accuracy: AccuracySource;
  readonly cost: CostModel;
  /** Width multiplier of every architecture searched (default 1.2). */
  readonly width?: number;
  /** Fixed input resolution (default 224), unless `resolutions` lets the search choose. */
  readonly resolution?: number;
  /** Resolutions the search may pick from (OFA's evolution mutates it); omit to keep `resolution` fixed. */
  readonly resolutions?: readonly number[];
}

export interface SearchProgress {
  readonly budget: number;
  /** Distinct architectures whose accuracy was asked for so far. */
  readonly queries: number;
  readonly maxQueries: number;
  readonly bestAccuracy: number;
}

/** Options shared by the baselines. */
export interface BaseSearchOptions {
  /** Stop after this many distinct accuracy queries (the budget-fair comparison unit). */
  readonly maxQueries: number;
  readonly seed?: number;
  readonly signal?: AbortSignal;
  /** Architectures per `accuracy()` call (default 100). */
  readonly batchSize?: number;
  readonly onProgress?: (progress: SearchProgress) => void;
}

/** Best-so-far accuracy after a number of queries. */
export interface SearchTracePoint {
  readonly queries: number;
  readonly bestAccuracy: number;
}

/** One baseline's answer for one budget. */
export interface SearchResult {
  readonly method: string;
  readonly budget: number;
  readonly arch: Arch;
  readonly cost: number;
  readonly accuracy: number;
  /** Distinct accuracy queries spent. */
  readonly queries: number;
  /** Names of the accuracy source and cost model used, shown beside the numbers. */
  readonly source: string;
  readonly costModel: string;
  readonly trace: readonly SearchTracePoint[];
}

/** A per-budget search strategy. */
export type BudgetSearch<O extends BaseSearchOptions> = (problem: SearchProblem, budget: number, options: O) => Promise<SearchResult>;

/** Runs one search for each budget in turn, each from its own seed derived from `options.seed`. */
export async function searchEachBudget<O extends BaseSearchOptions>(
  search: BudgetSearch<O>,
  problem: SearchProblem,
  budgets: readonly number[],
  options: O,
): Promise<SearchResult[]> {
  const out: SearchResult[] = [];
  for (let i = 0; i < budgets.length; i++) {
    out.push(await search(problem, budgets[i], { ...options, seed: (options.seed ?? 0) * 1000 + i }));
  }
  return out;
}
