import type { AdditiveCost } from '../cost/additiveCost';
import { type Arch, archKey } from '../space/arch';
import type { Random } from '../util/random';
import { LOCAL_FIT_MAX_NETWORKS, fitAtBudget } from './budgetLocalFit';
import { pickNearIncumbent } from './incumbentNeighbours';
import { knapsackArch } from './knapsackArch';
import type { MeasuredSet } from './measuredSet';
import { pairClimb } from './pairClimb';
import type { PairResidualModel } from './pairResidualModel';
import { type ArchSamples, latestRows } from './samples';
import { SlotLinearModel, type SlotValues, slotValueOf } from './slotLinearModel';
import { type FailureModel, awayFromFailure } from './failureModel';

/** Draws per wanted network before giving up (most repeats come when the posterior is sure). */
const DRAWS_PER_PICK = 20;

/**
 * A batch of networks to measure, chosen by Thompson sampling on the per-layer accuracy model: each pick draws a
 * budget over the training range (log-uniformly, or uniformly in cost^`budgetPower`) and weights from the model's
 * posterior (refitted on everything measured), and takes the network of highest drawn accuracy within that budget,
 * found exactly by the knapsack (or, with `local`, from the model fitted around that budget). A network measured
 * before, in `exclude` (sent before, e.g. one whose evaluation failed) or already in the batch is drawn again. With a
 * pair model (what the per-layer sum leaves, pairResidualModel.ts) the knapsack's network is the start of a climb on
 * both; with `nearIncumbent` it competes with neighbours of the best measured network within the budget; with
 * `failure`, a pick the source will likely fail on gives way to the best network one or two gene changes from it that
 * it will not. Fewer than `count` come back only when the draws keep repeating networks.
 */
export interface ThompsonOptions {
  /** Networks sent before (e.g. one whose evaluation failed): drawn again like measured ones. */
  readonly exclude?: ReadonlySet<string>;
  /** The pair model on what the per-layer model leaves: each knapsack network is the start of a climb on both. */
  readonly residual?: PairResidualModel;
  /** Draw each pick from the per-layer model fitted around its budget (budgetLocalFit.ts) instead of one for all sizes. */
  readonly local?: boolean;
  /** Weigh this many neighbours of the best measured network within each pick's budget beside the draw's own network (incumbentNeighbours.ts). */
  readonly nearIncumbent?: number;
  /** Draw each pick's budget uniformly in cost^p over the range instead of log-uniformly (0 or none = log-uniformly, the p → 0 limit). */
  readonly budgetPower?: number;
  /** What the source failed on so far: a pick likely to fail is replaced by the best network a gene or two away that is not (failureModel.ts). */
  readonly failure?: FailureModel;
  /** Told each time a pick was replaced for that reason. */
  readonly onReplaced?: () => void;
}

export function thompsonBatch(
  measured: MeasuredSet,
  table: AdditiveCost,
  range: readonly [number, number],
  count: number,
  rng: Random,
  scale: number,
  options: ThompsonOptions = {},
): Arch[] {
  const exclude = options.exclude ?? new Set<string>();
  const global = options.local ? undefined : SlotLinearModel.fit(measured.samples());
  const recent = options.local ? latestRows(measured.samples(), LOCAL_FIT_MAX_NETWORKS) : undefined;
  const batch: Arch[] = [];
  const taken = new Set<string>();
  const isTaken = (key: string): boolean => measured.keys.has(key) || exclude.has(key) || taken.has(key);
  const replaced = (failure: FailureModel, arch: Arch, values: SlotValues, budget: number): Arch | undefined => {
    const rated = (a: Arch): number => slotValueOf(values, a) + (options.residual?.predict(a) ?? 0);
    const away = awayFromFailure(arch, failure, rated, table, budget, isTaken);
    if (away) options.onReplaced?.();
    return away;
  };
  for (let draw = 0; batch.length < count && draw < count * DRAWS_PER_PICK; draw++) {
    const budget = drawBudget(range, options.budgetPower ?? 0, rng);
    const model = global ?? fitAtBudget(recent as ArchSamples, budget);
    const values = model.draw(rng, scale);
    const optimum = knapsackArch(table, values, budget, range);
    if (!optimum) continue;
    const climbed = options.residual ? pairClimb(optimum, values, options.residual, table, budget) : optimum;
    const arch = options.nearIncumbent
      ? pickNearIncumbent({ start: climbed, model, values, residual: options.residual, budget, scale, candidates: options.nearIncumbent,
        taken: isTaken }, measured, table, rng)
      : climbed;
    const sent = options.failure?.likelyToFail(arch) ? replaced(options.failure, arch, values, budget) : arch;
    if (!sent) continue;
    const key = archKey(sent);
    if (isTaken(key)) continue;
    taken.add(key);
    batch.push(sent);
  }
  return batch;
}

/** A budget drawn uniformly in cost^power over `range`; power 0 draws uniformly in log-cost (the limit as power → 0). */
export function drawBudget(range: readonly [number, number], power: number, rng: Random): number {
  const u = rng.next();
  if (power === 0) return Math.exp(Math.log(range[0]) + u * (Math.log(range[1]) - Math.log(range[0])));
  return (range[0] ** power + u * (range[1] ** power - range[0] ** power)) ** (1 / power);
}
