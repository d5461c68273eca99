import type { ExactCostModel } from '../cost/costModel';
import { InputError } from '../errors';
import { type Arch, archKey } from '../space/arch';
import type { Random } from '../util/random';
import { budgetOneHot, budgetPosition } from './budgets';
import type { FrontierRoundsSettings } from './frontierRoundsSettings';
import { type FrontierSurrogate, expectedImprovement } from './frontierSurrogate';
import { largestArch } from './largestArch';
import type { MeasuredSet } from './measuredSet';
import type { PnagModel } from './model';
import { refineWithinBudget, repairToBudget } from './repair';
import { neighboursWithin } from './geneNeighbours';
import { stageCrossovers, withCostPrior } from './sourceRefine';
import { fromGenome, mutate, toGenome } from '../search/genome';

/**
 * Unmeasured architectures within the budget worth asking about, best first: generator samples ranked by R
 * (the best hill-climbed, or repaired when none fits), one/two-gene neighbours of the best measured ones and
 * stage-wise crossovers of the elite, ordered by R at the top budget plus a cost prior.
 */
export function proposals(model: PnagModel, measured: MeasuredSet, budget: number, costModel: ExactCostModel, settings: FrontierRoundsSettings,
  taken: Set<string>, rng: Random, regressor?: { readonly surrogate: FrontierSurrogate; readonly exploit: boolean }): Arch[] {
  const surrogate = regressor?.surrogate;
  const k = model.budgets.length;
  const top = budgetOneHot(k - 1, k);
  const rateTop = (archs: readonly Arch[]): ArrayLike<number> => model.evaluator.score(archs, top);
  const pool = new Map<string, Arch>();
  const offer = (arch: Arch): void => {
    const key = archKey(arch);
    if (!measured.keys.has(key) && !taken.has(key) && costModel.costOf(arch) <= budget) pool.set(key, arch);
  };
  const weights = budgetPosition(budget, model.budgets).weights;
  const sampled = model.policy.sample(weights, settings.samples, rng).archs;
  if (sampled.length > 0) {
    const scores = model.evaluator.score(sampled, weights);
    const fitting = sampled.map((_, i) => i).filter((i) => costModel.costOf(sampled[i]) <= budget);
    fitting.forEach((i) => offer(sampled[i]));
    const bestOf = (indices: number[]): number => indices.reduce((a, b) => (scores[b] > scores[a] ? b : a));
    // The best fitting sample by R, else the best one stepped down to the budget; then hill-climbed. A
    // budget below the smallest network (a training range that starts there) has no start.
    const start = fitting.length > 0 ? sampled[bestOf(fitting)] : repairedOrNone(sampled[bestOf(sampled.map((_, i) => i))], budget, costModel, rateTop);
    if (start) offer(refineWithinBudget(start, budget, costModel, rateTop).arch);
  }
  const elite = measured.bestWithin(budget, Math.max(settings.elite, settings.neighbourParents));
  for (const i of elite.slice(0, settings.neighbourParents)) for (const n of neighboursWithin(measured.archs[i], budget, costModel)) offer(n.arch);
  const parents = elite.slice(0, settings.elite);
  for (let x = 0; x < parents.length; x++) {
    for (let y = x + 1; y < parents.length; y++) for (const child of stageCrossovers(measured.archs[parents[x]], measured.archs[parents[y]])) offer(child);
  }
  for (let m = 0; m < settings.mutants && parents.length > 0; m++) {
    const parent = measured.archs[parents[rng.int(parents.length)]];
    offer(fromGenome(mutate(toGenome(parent, rng), rng, 0.1, [parent.resolution], 0)));
  }
  if (surrogate) {
    // From the top: the largest network stepped down until it fits, by the regressor's mean.
    const fromTop = repairedOrNone(largestArch(measured.archs[0]), budget, costModel, (archs) => surrogate.belief(archs).mean);
    if (fromTop) offer(fromTop);
  }
  const entries = [...pool.values()];
  if (entries.length === 0) return [];
  if (surrogate) {
    const best = measured.bestWithin(budget, 1);
    const incumbent = best.length > 0 ? measured.accuracies[best[0]] : Math.min(...measured.accuracies) - 1;
    const { mean, spread } = surrogate.belief(entries);
    // Exploiting, the regressor's mean decides alone; else the expected gain over the incumbent.
    const gain = entries.map((_, i) => (regressor?.exploit ? mean[i] : expectedImprovement(mean[i], spread[i], incumbent)));
    return entries
      .map((_, i) => i)
      .sort((a, b) => gain[b] - gain[a])
      .map((i) => entries[i]);
  }
  const scores = withCostPrior(rateTop(entries), entries.map((a) => costModel.costOf(a)), settings.costPrior);
  return entries
    .map((_, i) => i)
    .sort((a, b) => scores[b] - scores[a])
    .map((i) => entries[i]);
}

function repairedOrNone(arch: Arch, budget: number, costModel: ExactCostModel, score: (archs: readonly Arch[]) => ArrayLike<number>): Arch | undefined {
  try {
    return repairToBudget(arch, budget, costModel, score).arch;
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}
