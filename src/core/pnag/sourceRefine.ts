import type { ExactCostModel } from '../cost/costModel';
import type { AccuracySource } from '../sources/accuracySource';
import { type BatchOutcome, accuracyOrSkip } from './accuracyOrSkip';
import type { FailedNetwork } from './failedNetwork';
import { type Arch, archKey, makeArch } from '../space/arch';
import { Random } from '../util/random';
import { fromGenome, mutate, toGenome } from '../search/genome';
import { MAX_DEPTH, STAGE_COUNT } from '../space/searchSpace';
import { FailureModel } from './failureModel';
import { neighboursWithin } from './geneNeighbours';

export interface SourceRefineOptions {
  /** Distinct architectures the source may be asked about (the candidates' re-ranking included). */
  readonly queries: number;
  /** Candidates (ranked by R, best first) whose accuracy is asked for before the local search. Default 8. */
  readonly rerank?: number;
  /** Architectures asked about per round, the best by R first. Default 4. */
  readonly beam?: number;
  /** The most accurate architectures asked about whose stage-wise crossovers join the pool. Default 8. */
  readonly elite?: number;
  /**
   * Weight of the standardised cost added to the standardised R when choosing what to ask (default 0.5):
   * within the budget larger networks tend to be more accurate, and R underrates the large ones the
   * random archive rarely holds.
   */
  readonly costPrior?: number;
  readonly signal?: AbortSignal;
  /** Networks already measured (e.g. the frontier memory's); asking about them costs no query. */
  readonly measured?: readonly { readonly arch: Arch; readonly accuracy: number }[];
  /**
   * Networks the source failed on before: never asked again, and with those it fails on now they teach a model of
   * what it fails on (failureModel.ts), so the climb does not spend its queries on their siblings.
   */
  readonly failed?: readonly Arch[];
  /**
   * Restarts (default 32; 0 = none): when the climb's current architecture has not improved for this many
   * queries, the climb moves to a mutant of the best (each gene redrawn with probability `restartProb`,
   * default 0.2; the fitting one R rates highest of `RESTART_TRIES`) and climbs from there. The 1-2 gene
   * climb settles in a local optimum within a few rounds; other basins need jumps of several genes.
   */
  readonly patience?: number;
  readonly restartProb?: number;
  /** Seeds the restarts' mutations. */
  readonly seed?: number;
}

export interface SourceRefineResult {
  /** The most accurate network the source answered for (undefined when it failed on every one asked). */
  readonly best?: { readonly arch: Arch; readonly cost: number; readonly accuracy: number };
  /** Distinct architectures the source was asked about, failed ones included (each was paid for). */
  readonly queries: number;
  /** Accepted moves, e.g. `stage 3 layer 2: kernel 3 -> 5; stage 5: depth 4 -> 3`. */
  readonly steps: string[];
  /** The networks the source failed on in this search, with its messages: to keep, so none is asked again. */
  readonly failures: FailedNetwork[];
  /** Why the search stopped before its queries were spent: the evaluator or cluster failed as a whole. */
  readonly stoppedBy?: string;
}

/**
 * Re-ranks fitting candidates by the accuracy source, then searches around the best with it: each round's
 * pool is the climb's architecture's neighbours within the budget (one or two gene changes) plus stage-wise
 * crossovers of the `elite` most accurate ones asked about; the `beam` of the pool that R (plus a cost prior)
 * rates highest are asked about. When the climb stalls for `patience` queries it restarts from a mutant of
 * the best, several genes away (`restartFrom`). Stops when `queries` are spent or the pool is empty. R
 * decides what to ask; the source decides what is kept; every architecture asked about fits the budget.
 */
export async function refineWithSource(
  candidates: readonly Arch[],
  budget: number,
  costModel: ExactCostModel,
  source: AccuracySource,
  score: (archs: readonly Arch[]) => ArrayLike<number>,
  options: SourceRefineOptions,
): Promise<SourceRefineResult> {
  const known = new Map<string, number>((options.measured ?? []).map((m) => [archKey(m.arch), m.accuracy]));
  // A network the source fails on (too big for the GPU, say) costs that query, not the search.
  const failedArchs = [...(options.failed ?? [])];
  const failed = new Set<string>(failedArchs.map(archKey));
  const failures: FailedNetwork[] = [];
  let asked = 0;
  let stoppedBy: string | undefined;
  const untried = (a: Arch): boolean => !known.has(archKey(a)) && !failed.has(archKey(a));
  /** The ones of `archs` the source answered for, with their accuracies (asking only the fresh ones). */
  const ask = async (archs: readonly Arch[]): Promise<{ arch: Arch; accuracy: number }[]> => {
    const fresh = archs.filter(untried);
    if (fresh.length > 0 && stoppedBy === undefined) {
      let answered: BatchOutcome;
      try {
        answered = await accuracyOrSkip(source, fresh, options.signal);
      } catch (error) {
        // The evaluator or cluster failed as a whole (accuracyOrSkip): the search ends with what it has.
        options.signal?.throwIfAborted();
        stoppedBy = (error as Error).message ?? String(error);
        return [];
      }
      answered.archs.forEach((a, i) => known.set(archKey(a), answered.accuracies[i]));
      answered.failed.forEach((a, i) => {
        failed.add(archKey(a));
        failedArchs.push(a);
        failures.push({ arch: a, reason: answered.failures[i] });
      });
      // Lost by the infrastructure: not asked again here, but no failure of the network (neither kept nor modelled).
      answered.lost.forEach((a) => failed.add(archKey(a)));
      asked += fresh.length;
    }
    return archs.flatMap((arch) => {
      const accuracy = known.get(archKey(arch));
      return accuracy === undefined ? [] : [{ arch, accuracy }];
    });
  };
  const limit = Math.max(1, Math.floor(options.queries));
  const beam = Math.max(1, Math.floor(options.beam ?? 4));
  const rerank = Math.max(1, Math.min(options.rerank ?? 8, limit));
  const queried: { arch: Arch; accuracy: number }[] = [];
  // What the source answered and failed on so far, for the model of its failures.
  const failureModel = (): FailureModel | undefined =>
    FailureModel.fit([...(options.measured ?? []), ...queried].map((m) => m.arch), failedArchs, (a) => costModel.costOf(a));
  const likelyFailures = failureModel();
  const unique = [...new Map(candidates.map((a) => [archKey(a), a])).values()]
    .filter((a) => !failed.has(archKey(a)) && (known.has(archKey(a)) || !(likelyFailures?.likelyToFail(a) ?? false)));
  // The re-ranking, continued down the candidates while the source fails on every one asked.
  for (let from = 0; queried.length === 0 && from < unique.length && asked < limit && stoppedBy === undefined; from += rerank) {
    queried.push(...(await ask(unique.slice(from, from + Math.min(rerank, limit - asked)))));
  }
  if (queried.length === 0) return { queries: asked, steps: [], failures, ...(stoppedBy !== undefined ? { stoppedBy } : {}) };
  let best = queried.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  const steps: string[] = [];
  const elite = Math.max(0, Math.floor(options.elite ?? 8));
  const rng = new Random(options.seed ?? 0);
  const patience = Math.max(0, Math.floor(options.patience ?? 32));
  let current = best;
  let stall = 0;
  while (asked < limit && stoppedBy === undefined) {
    options.signal?.throwIfAborted();
    const failure = failureModel();
    const askable = (a: Arch): boolean => untried(a) && !(failure?.likelyToFail(a) ?? false);
    // The pool: the climb's current architecture's neighbours (the best one's until a restart), and
    // stage-wise crossovers of the most accurate ones.
    const pool = new Map<string, { arch: Arch; move: string }>();
    for (const n of neighboursWithin(current.arch, budget, costModel)) if (askable(n.arch)) pool.set(archKey(n.arch), n);
    const parents = queried.slice().sort((a, b) => b.accuracy - a.accuracy).slice(0, elite);
    for (let x = 0; x < parents.length; x++) {
      for (let y = x + 1; y < parents.length; y++) {
        for (const child of stageCrossovers(parents[x].arch, parents[y].arch)) {
          const key = archKey(child);
          if (!pool.has(key) && costModel.costOf(child) <= budget && askable(child)) pool.set(key, { arch: child, move: `stages crossed from two of the best` });
        }
      }
    }
    const entries = [...pool.values()];
    if (entries.length === 0) break;
    const scores = withCostPrior(score(entries.map((e) => e.arch)), entries.map((e) => costModel.costOf(e.arch)), options.costPrior ?? 0.5);
    const take = entries
      .map((_, i) => i)
      .sort((a, b) => scores[b] - scores[a])
      .slice(0, Math.min(beam, limit - asked))
      .map((i) => entries[i]);
    const answered = await ask(take.map((t) => t.arch));
    stall += take.length;
    const moveOf = new Map(take.map((t) => [archKey(t.arch), t.move]));
    for (const found of answered) {
      queried.push(found);
      if (found.accuracy > current.accuracy) {
        current = found;
        stall = 0;
      }
      if (found.accuracy > best.accuracy) {
        best = found;
        steps.push(moveOf.get(archKey(found.arch)) as string);
      }
    }
    if (patience > 0 && stall >= patience && asked < limit) {
      const jump = restartFrom(best.arch, budget, costModel, score, options.costPrior ?? 0.5, options.restartProb ?? 0.2, askable, rng);
      if (jump) {
        const [found] = await ask([jump]);
        stall = 0;
        if (found === undefined) continue;
        queried.push(found);
        current = found;
        if (found.accuracy > best.accuracy) {
          best = current;
          steps.push('a restart from a mutant of the best');
        }
      }
    }
  }
  return { best: { arch: best.arch, cost: costModel.costOf(best.arch), accuracy: best.accuracy }, queries: asked, steps, failures,
    ...(stoppedBy !== undefined ? { stoppedBy } : {}) };
}

const RESTART_TRIES = 64;

/** Of `RESTART_TRIES` mutants of `arch`, the unasked one within the budget that R (plus the cost prior) rates highest. */
function restartFrom(
  arch: Arch, budget: number, costModel: ExactCostModel,
  score: (archs: readonly Arch[]) => ArrayLike<number>, costPrior: number,
  prob: number, askable: (a: Arch) => boolean, rng: Random,
): Arch | undefined {
  const found = new Map<string, Arch>();
  for (let t = 0; t < RESTART_TRIES; t++) {
    const mutant = fromGenome(mutate(toGenome(arch, rng), rng, prob, [arch.resolution], 0));
    const key = archKey(mutant);
    if (costModel.costOf(mutant) <= budget && askable(mutant)) found.set(key, mutant);
  }
  const options = [...found.values()];
  if (options.length === 0) return undefined;
  const scores = withCostPrior(score(options), options.map((a) => costModel.costOf(a)), costPrior);
  return options[scores.reduce((b, x, i) => (x > scores[b] ? i : b), 0)];
}

/** Children taking each stage (depth and its layers) whole from one parent or the other, parents excluded. */
export function stageCrossovers(a: Arch, b: Arch): Arch[] {
  const out: Arch[] = [];
  for (let mask = 1; mask < (1 << STAGE_COUNT) - 1; mask++) {
    const depths = a.depths.slice();
    const kernels = a.kernels.slice();
    const expands = a.expands.slice();
    for (let s = 0; s < STAGE_COUNT; s++) {
      if (!(mask & (1 << s))) continue;
      depths[s] = b.depths[s];
      for (let l = 0; l < MAX_DEPTH; l++) {
        kernels[s * MAX_DEPTH + l] = b.kernels[s * MAX_DEPTH + l];
        expands[s * MAX_DEPTH + l] = b.expands[s * MAX_DEPTH + l];
      }
    }
    out.push(makeArch(depths, kernels, expands, { width: a.width, resolution: a.resolution }));
  }
  return out;
}

function standardised(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] / n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (values[i] - mean) ** 2 / n;
  const sd = Math.sqrt(variance) || 1;
  return Float64Array.from({ length: n }, (_, i) => (values[i] - mean) / sd);
}

/** Standardised scores plus `weight` times standardised costs. */
export function withCostPrior(scores: ArrayLike<number>, costs: readonly number[], weight: number): Float64Array {
  const r = standardised(scores);
  if (weight === 0) return r;
  const c = standardised(costs);
  return r.map((x, i) => x + weight * c[i]);
}
