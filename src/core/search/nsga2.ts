import { InputError } from '../errors';
import { crowdingDistances, nondominatedFronts } from '../pareto/nondominatedSorting';
import { type Arch, archKey } from '../space/arch';
import { Random } from '../util/random';
import { checkQueryBudget, searchSettings } from './constrainedSampling';
import { EvaluationCache } from './evaluationCache';
import type { EvaluatedArch, FrontierSearchOptions, FrontierSearchResult } from './frontierSearch';
import { type Genome, crossover, fromGenome, mutate, randomGenome } from './genome';
import type { SearchProblem } from './searchTypes';

/** NSGA-II's settings, with the defaults DyNAS-T runs it with (population 50, crossover on 90 % of pairs). */
export interface Nsga2Options extends FrontierSearchOptions {
  readonly populationSize?: number;
  readonly crossoverProb?: number;
  /** Probability that each gene of a child is redrawn (default 1 / genes, one gene on average). */
  readonly mutateProb?: number;
}

interface Member extends EvaluatedArch {
  readonly genome: Genome;
}

/** Draws for a new child before a generation takes fewer children. */
const FRESH_TRIES = 50;
/** Draws for a random genome within the cost cap before giving up. */
const FIT_TRIES = 20000;

/**
 * NSGA-II (Deb et al., 2002) over the cost–accuracy plane: one multi-objective search for the whole
 * frontier, as DyNAS-T and pymoo users run it. Each generation breeds children by binary tournament
 * (lower front, then larger crowding distance), uniform crossover and per-gene mutation, and keeps the best
 * `populationSize` of parents and children by front and crowding. Children costing more than `costCap`
 * (the largest budget of interest) are drawn again: networks no budget can use are not worth a query.
 * Stops after `maxQueries` distinct architectures; the answer at a budget is the most accurate evaluated
 * network within it (`bestWithin`).
 */
export async function nsga2Search(problem: SearchProblem, costCap: number, options: Nsga2Options): Promise<FrontierSearchResult> {
  const maxQueries = checkQueryBudget(options.maxQueries);
  const populationSize = options.populationSize ?? 50;
  if (!Number.isInteger(populationSize) || populationSize < 4) throw new InputError(`nsga2: population size ${populationSize} must be an integer >= 4`);
  const crossoverProb = options.crossoverProb ?? 0.9;
  const { width, resolutions } = searchSettings(problem);
  const rng = new Random(options.seed ?? 0);
  const cache = new EvaluationCache(problem.accuracy, options.signal);
  const evaluated: Member[] = [];
  const genes = 5 + 20 + 20 + (resolutions.length > 1 ? 1 : 0);
  const mutateProb = options.mutateProb ?? 1 / genes;

  const costOf = async (archs: readonly Arch[]): Promise<number[]> => problem.cost.costs(archs, options.signal);

  /** Up to `count` new genomes from `make` whose networks fit the cap, costed; fewer when none are new. */
  const breed = async (count: number, make: () => Genome, taken: Set<string>): Promise<{ genome: Genome; arch: Arch; cost: number }[]> => {
    const out: { genome: Genome; arch: Arch; cost: number }[] = [];
    let misses = 0;
    while (out.length < count && misses < FRESH_TRIES * count) {
      const genome = make();
      const arch = fromGenome(genome);
      const key = archKey(arch);
      if (taken.has(key) || cache.has(arch)) {
        misses++;
        continue;
      }
      const [cost] = await costOf([arch]);
      if (cost > costCap) {
        misses++;
        continue;
      }
      taken.add(key);
      out.push({ genome, arch, cost });
    }
    return out;
  };

  const evaluate = async (children: { genome: Genome; arch: Arch; cost: number }[]): Promise<Member[]> => {
    const batch = options.batchSize ?? children.length;
    const members: Member[] = [];
    for (let start = 0; start < children.length; start += Math.max(1, batch)) {
      const chunk = children.slice(start, start + Math.max(1, batch));
      const accuracies = await cache.evaluate(chunk.map((c) => c.arch));
      chunk.forEach((c, i) => members.push({ ...c, accuracy: accuracies[i] }));
      options.onProgress?.({ queries: cache.queries, maxQueries });
    }
    evaluated.push(...members);
    return members;
  };

  const taken = new Set<string>();
  const first = await breed(Math.min(populationSize, maxQueries), () => randomGenome(rng, width, resolutions), taken);
  if (first.length === 0) throw new InputError(`nsga2: no architecture within ${costCap} ${problem.cost.unit} found in ${FIT_TRIES} draws`);
  let population = await evaluate(first);

  while (cache.queries < maxQueries) {
    options.signal?.throwIfAborted();
    const { rank, crowding } = rankAndCrowding(population);
    const tournament = (): Genome => {
      const a = rng.int(population.length);
      const b = rng.int(population.length);
      const better = rank[a] !== rank[b] ? (rank[a] < rank[b] ? a : b) : crowding[a] >= crowding[b] ? a : b;
      return population[better].genome;
    };
    const want = Math.min(populationSize, maxQueries - cache.queries);
    const children = await breed(
      want,
      () => {
        const parent = tournament();
        const child = rng.next() < crossoverProb ? crossover(parent, tournament(), rng) : parent;
        return mutate(child, rng, mutateProb, resolutions, mutateProb);
      },
      taken,
    );
    // Nothing new near the population within the cap: the search has converged.
    if (children.length === 0) break;
    population = survivors([...population, ...(await evaluate(children))], populationSize);
  }
  return { method: 'nsga2', evaluated, queries: cache.queries, source: problem.accuracy.name, costModel: problem.cost.name };
}

/** Each member's front index and crowding distance within its front. */
function rankAndCrowding(members: readonly Member[]): { rank: number[]; crowding: number[] } {
  const rank = new Array<number>(members.length).fill(0);
  const crowding = new Array<number>(members.length).fill(0);
  nondominatedFronts(members).forEach((front, f) => {
    const distances = crowdingDistances(members, front);
    front.forEach((i, j) => {
      rank[i] = f;
      crowding[i] = distances[j];
    });
  });
  return { rank, crowding };
}

/** The best `size` members: whole fronts in order, the last one cut by descending crowding distance. */
function survivors(members: readonly Member[], size: number): Member[] {
  const out: Member[] = [];
  for (const front of nondominatedFronts(members)) {
    if (out.length + front.length <= size) {
      out.push(...front.map((i) => members[i]));
      continue;
    }
    const distances = crowdingDistances(members, front);
    const order = front.map((i, j) => ({ i, d: distances[j] })).sort((a, b) => b.d - a.d);
    out.push(...order.slice(0, size - out.length).map((o) => members[o.i]));
    break;
  }
  return out;
}
