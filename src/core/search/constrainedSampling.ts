import { type Arch, checkResolution, checkWidth, makeArch } from '../space/arch';
import { type CostModel, isExact } from '../cost/costModel';
import { DEFAULT_RESOLUTION, DEFAULT_WIDTH, DEPTH_CHOICES, EXPAND_CHOICES, KERNEL_CHOICES, LAYER_SLOTS, STAGE_COUNT } from '../space/searchSpace';
import { InputError } from '../errors';

/** Give up on a constraint after this many candidates that do not fit. */
export const MAX_TRIES = 20000;
/** Candidates costed per call when the cost model is not exact (asynchronous, possibly slow). */
const ASYNC_BATCH = 32;

export interface Fitted {
  readonly arch: Arch;
  readonly cost: number;
}

/** The cheapest network at a width and resolution: every stage at depth 2, kernel 3, ratio 3. */
export function smallestArch(width: number, resolution: number): Arch {
  return makeArch(
    new Array<number>(STAGE_COUNT).fill(DEPTH_CHOICES[0]),
    new Array<number>(LAYER_SLOTS).fill(KERNEL_CHOICES[0]),
    new Array<number>(LAYER_SLOTS).fill(EXPAND_CHOICES[0]),
    { width, resolution },
  );
}

/** Refuses a budget below the cheapest architecture's cost before any search starts. */
export async function checkBudgetReachable(model: CostModel, budget: number, width: number, resolutions: readonly number[]): Promise<void> {
  if (!(budget > 0) || !Number.isFinite(budget)) throw new InputError(`budget: ${budget} must be a positive number (${model.unit})`);
  const minimal = resolutions.map((r) => smallestArch(width, r));
  const costs = await model.costs(minimal);
  const cheapest = Math.min(...costs);
  if (cheapest > budget) {
    throw new InputError(
      `budget: ${budget} ${model.unit} is below the cheapest architecture's ${model.name} cost (${cheapest.toFixed(2)} ${model.unit}); choose a budget of at least that`,
    );
  }
}

/**
 * Draws candidates from `make` until one costs at most `budget` (OFA's "resample until it fits").
 * Exact models are asked one candidate at a time, others in batches.
 */
export async function fitUnder(model: CostModel, budget: number, make: () => Arch, signal?: AbortSignal): Promise<Fitted> {
  if (isExact(model)) {
    for (let t = 0; t < MAX_TRIES; t++) {
      const arch = make();
      const cost = model.costOf(arch);
      if (cost <= budget) return { arch, cost };
    }
  } else {
    for (let t = 0; t < MAX_TRIES; t += ASYNC_BATCH) {
      signal?.throwIfAborted();
      const batch = Array.from({ length: ASYNC_BATCH }, make);
      const costs = await model.costs(batch, signal);
      const i = costs.findIndex((c) => c <= budget);
      if (i >= 0) return { arch: batch[i], cost: costs[i] };
    }
  }
  throw new InputError(`budget: no architecture within ${budget} ${model.unit} (${model.name}) found in ${MAX_TRIES} tries; the budget is too tight for this search`);
}

/** Width and resolutions of a search problem, checked. */
export interface SearchSpaceSettings {
  readonly width: number;
  readonly resolutions: readonly number[];
}

export function searchSettings(problem: { width?: number; resolution?: number; resolutions?: readonly number[] }): SearchSpaceSettings {
  const width = checkWidth(problem.width ?? DEFAULT_WIDTH, 'search width');
  const resolutions = problem.resolutions && problem.resolutions.length > 0 ? problem.resolutions : [problem.resolution ?? DEFAULT_RESOLUTION];
  return { width, resolutions: resolutions.map((r) => checkResolution(r, 'search resolution')) };
}

export function checkQueryBudget(maxQueries: number): number {
  if (!Number.isInteger(maxQueries) || maxQueries < 1) throw new InputError(`max queries: ${maxQueries} must be a positive integer`);
  return maxQueries;
}
