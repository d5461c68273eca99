import { type Arch, archKey } from '../space/arch';
import { Random } from '../util/random';
import { EvaluationCache } from './evaluationCache';
import { checkBudgetReachable, checkQueryBudget, fitUnder, searchSettings } from './constrainedSampling';
import { fromGenome, randomGenome } from './genome';
import type { BaseSearchOptions, SearchProblem, SearchResult, SearchTracePoint } from './searchTypes';

export type RandomSearchOptions = BaseSearchOptions;

/**
 * Random search under a budget: draw distinct architectures uniformly among those that fit (drawing
 * again while one does not), ask for their accuracy in batches, keep the best.
 */
export async function randomSearch(problem: SearchProblem, budget: number, options: RandomSearchOptions): Promise<SearchResult> {
  const maxQueries = checkQueryBudget(options.maxQueries);
  const { width, resolutions } = searchSettings(problem);
  await checkBudgetReachable(problem.cost, budget, width, resolutions);
  const rng = new Random(options.seed ?? 0);
  const cache = new EvaluationCache(problem.accuracy, options.signal);
  const batchSize = options.batchSize ?? 100;
  const trace: SearchTracePoint[] = [];
  let best: { arch: Arch; cost: number; accuracy: number } | undefined;

  while (cache.queries < maxQueries) {
    const want = Math.min(batchSize, maxQueries - cache.queries);
    const batch: Arch[] = [];
    const costs: number[] = [];
    const keys = new Set<string>();
    // A tight budget may hold fewer distinct networks than asked for: stop drawing after many repeats.
    for (let tries = 0; batch.length < want && tries < want * 50; tries++) {
      const fitted = await fitUnder(problem.cost, budget, () => fromGenome(randomGenome(rng, width, resolutions)), options.signal);
      const key = archKey(fitted.arch);
      if (cache.has(fitted.arch) || keys.has(key)) continue;
      keys.add(key);
      batch.push(fitted.arch);
      costs.push(fitted.cost);
    }
    if (batch.length === 0) break;
    const accs = await cache.evaluate(batch);
    accs.forEach((accuracy, i) => {
      if (!best || accuracy > best.accuracy) best = { arch: batch[i], cost: costs[i], accuracy };
    });
    const bestAccuracy = best ? best.accuracy : Number.NaN;
    trace.push({ queries: cache.queries, bestAccuracy });
    options.onProgress?.({ budget, queries: cache.queries, maxQueries, bestAccuracy });
  }
  if (!best) throw new Error('random search evaluated no architecture');
  return {
    method: 'random',
    budget,
    arch: best.arch,
    cost: best.cost,
    accuracy: best.accuracy,
    queries: cache.queries,
    source: problem.accuracy.name,
    costModel: problem.cost.name,
    trace,
  };
}
