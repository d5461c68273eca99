import { type Arch, archKey } from '../space/arch';
import { InputError } from '../errors';
import { Random } from '../util/random';
import { EvaluationCache } from './evaluationCache';
import { checkBudgetReachable, checkQueryBudget, fitUnder, searchSettings } from './constrainedSampling';
import { type Genome, crossover, fromGenome, mutate, randomGenome } from './genome';
import type { BaseSearchOptions, SearchProblem, SearchResult, SearchTracePoint } from './searchTypes';

/** OFA's `EvolutionFinder` hyper-parameters, with its defaults. */
export interface EvolutionOptions extends BaseSearchOptions {
  /** Children per generation, and the size of the first random population (default 100). */
  readonly populationSize?: number;
  /** Share of the population kept as parents (default 0.25). */
  readonly parentRatio?: number;
  /** Share of children made by mutation; the rest by crossover (default 0.5). */
  readonly mutationRatio?: number;
  /** Probability that each gene is redrawn in a mutation (default 0.1). */
  readonly mutateProb?: number;
  /** Probability that the resolution is redrawn, when the problem allows several (default 0.5). */
  readonly resolutionMutateProb?: number;
}

interface Member {
  readonly genome: Genome;
  readonly arch: Arch;
  readonly cost: number;
  accuracy: number;
}

/** Tries for a child not evaluated before; past this a generation takes fewer children. */
const FRESH_TRIES = 30;

function fraction(value: number, name: string): number {
  if (!(value > 0 && value <= 1)) throw new InputError(`evolution: ${name} ${value} must be in (0, 1]`);
  return value;
}

/**
 * Evolutionary search under a budget in the manner of OFA's `EvolutionFinder`: a random population
 * that fits, then generations of the best parents' mutated and crossed-over children, every child
 * redrawn until it fits. Stops when `maxQueries` distinct architectures have been evaluated.
 */
export async function evolutionSearch(problem: SearchProblem, budget: number, options: EvolutionOptions): Promise<SearchResult> {
  const maxQueries = checkQueryBudget(options.maxQueries);
  const populationSize = options.populationSize ?? 100;
  if (!Number.isInteger(populationSize) || populationSize < 2) throw new InputError(`evolution: population size ${populationSize} must be an integer >= 2`);
  const parentRatio = fraction(options.parentRatio ?? 0.25, 'parent ratio');
  const mutationRatio = options.mutationRatio ?? 0.5;
  if (!(mutationRatio >= 0 && mutationRatio <= 1)) throw new InputError(`evolution: mutation ratio ${mutationRatio} must be in [0, 1]`);
  const mutateProb = fraction(options.mutateProb ?? 0.1, 'mutation probability');
  const resolutionProb = options.resolutionMutateProb ?? 0.5;
  const { width, resolutions } = searchSettings(problem);
  await checkBudgetReachable(problem.cost, budget, width, resolutions);

  const rng = new Random(options.seed ?? 0);
  const cache = new EvaluationCache(problem.accuracy, options.signal);
  const batchSize = options.batchSize ?? 100;
  const parentsSize = Math.max(1, Math.round(parentRatio * populationSize));
  const trace: SearchTracePoint[] = [];
  let best: Member | undefined;

  const evaluate = async (members: Member[]): Promise<void> => {
    for (let start = 0; start < members.length; start += batchSize) {
      const chunk = members.slice(start, start + batchSize);
      const accs = await cache.evaluate(chunk.map((m) => m.arch));
      chunk.forEach((m, i) => {
        m.accuracy = accs[i];
        if (!best || m.accuracy > best.accuracy) best = m;
      });
      trace.push({ queries: cache.queries, bestAccuracy: best ? best.accuracy : Number.NaN });
      options.onProgress?.({ budget, queries: cache.queries, maxQueries, bestAccuracy: best ? best.accuracy : Number.NaN });
    }
  };

  // The genome (hidden genes included) behind each candidate, so the fitting one keeps its hidden genes.
  const origin = new WeakMap<Arch, Genome>();

  /** Up to `count` children from `make`, each fitting the budget and new to the search. */
  const breed = async (count: number, make: () => Genome, taken: Set<string>): Promise<Member[]> => {
    const out: Member[] = [];
    for (let j = 0; j < count; j++) {
      for (let t = 0; t < FRESH_TRIES; t++) {
        const fitted = await fitUnder(problem.cost, budget, () => {
          const genome = make();
          const arch = fromGenome(genome);
          origin.set(arch, genome);
          return arch;
        }, options.signal);
        const key = archKey(fitted.arch);
        if (taken.has(key) || cache.has(fitted.arch)) continue;
        taken.add(key);
        out.push({ genome: origin.get(fitted.arch) as Genome, arch: fitted.arch, cost: fitted.cost, accuracy: Number.NaN });
        break;
      }
    }
    return out;
  };

  let population = await breed(Math.min(populationSize, maxQueries), () => randomGenome(rng, width, resolutions), new Set());
  await evaluate(population);

  while (cache.queries < maxQueries) {
    options.signal?.throwIfAborted();
    const parents = population.slice().sort((a, b) => b.accuracy - a.accuracy).slice(0, parentsSize);
    const want = Math.min(populationSize, maxQueries - cache.queries);
    const mutations = Math.round(mutationRatio * want);
    const pick = (): Genome => parents[rng.int(parents.length)].genome;
    const taken = new Set<string>();
    const children = [
      ...(await breed(mutations, () => mutate(pick(), rng, mutateProb, resolutions, resolutionProb), taken)),
      ...(await breed(want - mutations, () => crossover(pick(), pick(), rng), taken)),
    ];
    // Nothing new under this budget near the parents: the search has converged.
    if (children.length === 0) break;
    await evaluate(children);
    population = [...parents, ...children];
  }
  if (!best) throw new Error('evolution evaluated no architecture');
  const winner: Member = best;
  return {
    method: 'evolution',
    budget,
    arch: winner.arch,
    cost: winner.cost,
    accuracy: winner.accuracy,
    queries: cache.queries,
    source: problem.accuracy.name,
    costModel: problem.cost.name,
    trace,
  };
}
