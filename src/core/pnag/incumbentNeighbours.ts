import { type AdditiveCost, additiveCostOf } from '../cost/additiveCost';
import { type Arch, archKey } from '../space/arch';
import { DEPTH_CHOICES, EXPAND_CHOICES, KERNEL_CHOICES, STAGE_COUNT, slotIndex } from '../space/searchSpace';
import { fromGenome, toGenome } from '../search/genome';
import type { Random } from '../util/random';
import type { MeasuredSet } from './measuredSet';
import { type PairResidualModel, genesApart, layerCodeOf } from './pairResidualModel';
import { SlotLinearModel, type SlotValues, addedValues, slotValueOf } from './slotLinearModel';

/**
 * The rounds' last evaluations look next to the incumbent: on OFA's predictor the best networks of a budget lie
 * where no model fitted to the measured networks rates them highly (the per-layer model and an MLP of the
 * predictor's own kind both underrate them by about 1.2 points: docs/evaluation-budget.md), so a search that
 * only follows the model's optimum stops short. Small steps from the best measured network, rated by the pick's
 * draw corrected by a per-layer fit, around the incumbent, of what the draw's model leaves (a trust region: what
 * a layer is worth next to the incumbent, not on average over everything measured; with few networks near it the
 * correction shrinks to none), reach them on the source itself.
 */

/** Genes (a stage's depth, a present layer's kernel or ratio) a neighbour changes at most. */
export const NEIGHBOUR_GENES = 2;
/** Neighbours of the incumbent a pick weighs in the last share of the Thompson rounds (`thompsonNeighbourShare`). */
export const THOMPSON_NEIGHBOURS = 32;
/**
 * Width, in genes, of the Gaussian weight exp(-(d / width)^2 / 2) that the correction around the incumbent gives a
 * measured network d genes from it. Chosen on tuning seeds 12-23 (docs/evaluation-budget.md, session 12).
 */
export const INCUMBENT_FIT_WIDTH = 6;

/**
 * Rounds' evaluations after which the tail next to the incumbent has begun at the latest: with many evaluations the
 * tail is everything after the first this many, when that is longer than its share. The tail gets more productive
 * as it measures near the incumbents (docs/evaluation-budget.md, sessions 19 and 20), but needs a frontier worth
 * stepping from first; chosen on tuning seeds 12-23 (600: with 1,000 evaluations the share rules, with 2,000 this).
 */
export const NEIGHBOURS_BEGIN_BY = 600;

/**
 * Neighbours a pick weighs when `left` of the rounds' `evaluations` remain: THOMPSON_NEIGHBOURS within the tail —
 * the last `share` of them (clamped to [0, 1]; not a number = none), or everything after the first `beginBy` when
 * that is longer (not a number or infinite = never) — otherwise none. The engine and the probe both ask this.
 */
export function neighboursWhen(left: number, evaluations: number, share: number, beginBy = NEIGHBOURS_BEGIN_BY): number | undefined {
  const { byShare, afterBegin } = tailLengths(evaluations, share, beginBy);
  return left <= Math.max(byShare, afterBegin) ? THOMPSON_NEIGHBOURS : undefined;
}

/** The tail's two candidate lengths among the rounds' `evaluations`: its share, and everything after the first `beginBy`. */
function tailLengths(evaluations: number, share: number, beginBy: number): { byShare: number; afterBegin: number } {
  const byShare = Math.round(Math.min(1, Math.max(0, share)) * evaluations);
  const afterBegin = share > 0 && Number.isFinite(beginBy) ? evaluations - Math.max(0, beginBy) : 0;
  return { byShare, afterBegin };
}

/**
 * Power of cost in which a tail longer than its share draws its picks' budgets uniformly (1: uniformly in cost). The
 * frontier's distance from the best known grows with the budget (docs/evaluation-budget.md, session 20), and a long
 * tail has evaluations to spare for the large budgets, where log-uniform draws put fewest; chosen on tuning seeds
 * 12-23 (sessions 20 and 21). A tail of its share alone draws log-uniformly, as the global rounds do.
 */
export const LONG_TAIL_BUDGET_POWER = 1;

/**
 * The power of cost in which the tail's picks draw their budgets (thompsonProposals.ts `budgetPower`): `longTailPower`
 * when the tail runs past its share (everything after the first `beginBy` of the rounds' `evaluations` is longer than the
 * last `share` of them, as neighboursWhen decides), else 0 (log-uniformly).
 */
export function tailBudgetPower(evaluations: number, share: number, beginBy = NEIGHBOURS_BEGIN_BY, longTailPower = LONG_TAIL_BUDGET_POWER): number {
  const { byShare, afterBegin } = tailLengths(evaluations, share, beginBy);
  return afterBegin > byShare ? longTailPower : 0;
}

/**
 * How a pick is drawn when `left` of the rounds' `evaluations` remain: the neighbours it weighs (neighboursWhen) and,
 * within the tail, the power of cost its budget is drawn in (tailBudgetPower; outside it, log-uniformly). Spread into
 * thompsonBatch's options; the engine and the probe both ask this.
 */
export function tailPick(left: number, evaluations: number, share: number, beginBy = NEIGHBOURS_BEGIN_BY,
  longTailPower = LONG_TAIL_BUDGET_POWER): { nearIncumbent: number | undefined; budgetPower: number } {
  const nearIncumbent = neighboursWhen(left, evaluations, share, beginBy);
  return { nearIncumbent, budgetPower: nearIncumbent === undefined ? 0 : tailBudgetPower(evaluations, share, beginBy, longTailPower) };
}

/** `arch` with `count` different genes redrawn, each to another value; a deeper stage's new layer gets random choices. */
export function withGenesChanged(arch: Arch, count: number, rng: Random): Arch {
  const genome = toGenome(arch, rng);
  // A gene drawn twice could change back: each is changed once.
  const changed = new Set<string>();
  for (let tries = 0; changed.size < count && tries < 100 * count; tries++) {
    const present = genome.depths.reduce((sum, d) => sum + d, 0);
    const gene = rng.int(STAGE_COUNT + 2 * present);
    if (gene < STAGE_COUNT) {
      if (changed.has(`d${gene}`)) continue;
      changed.add(`d${gene}`);
      genome.depths[gene] = rng.pick(DEPTH_CHOICES.filter((d) => d !== genome.depths[gene]));
      continue;
    }
    // The present layers in stage order, kernel and ratio of each.
    let layer = (gene - STAGE_COUNT) >> 1;
    let slot = -1;
    for (let s = 0; s < STAGE_COUNT && slot < 0; s++) {
      if (layer < genome.depths[s]) slot = slotIndex(s, layer);
      else layer -= genome.depths[s];
    }
    const kernel = (gene - STAGE_COUNT) % 2 === 0;
    const name = `${kernel ? 'k' : 'e'}${slot}`;
    if (changed.has(name)) continue;
    changed.add(name);
    if (kernel) genome.kernels[slot] = rng.pick(KERNEL_CHOICES.filter((k) => k !== genome.kernels[slot]));
    else genome.expands[slot] = rng.pick(EXPAND_CHOICES.filter((e) => e !== genome.expands[slot]));
  }
  return fromGenome(genome);
}

export interface NeighbourPick {
  /** The network the draw chose (the knapsack's, climbed on the pair model). */
  readonly start: Arch;
  /** The per-layer model the pick's draw came from, and the draw. */
  readonly model: SlotLinearModel;
  readonly values: SlotValues;
  readonly residual?: PairResidualModel;
  readonly budget: number;
  /** The Thompson draws' spread (as the rounds draw theirs), for the draw of the correction around the incumbent. */
  readonly scale: number;
  /** Neighbours of the incumbent weighed beside `start`. */
  readonly candidates: number;
  /** Networks that may not be picked (measured, sent, or already in the batch). */
  readonly taken: (key: string) => boolean;
}

/**
 * A per-layer model of what `model` leaves of the measured accuracies, fitted with every measured network weighted
 * by how few genes it is from `centre`: near a well-measured incumbent it learns what `model` gets wrong there; with
 * few networks near, the ridge shrinks it to none.
 */
export function correctionAroundIncumbent(measured: MeasuredSet, model: SlotLinearModel, centre: Arch, width = INCUMBENT_FIT_WIDTH): SlotLinearModel {
  const code = layerCodeOf(centre);
  const weights = measured.layerCodes().map((c) => Math.exp(-0.5 * (genesApart(c, code) / width) ** 2));
  const samples = measured.samples();
  const left = { ...samples, accuracies: samples.archs.map((a, i) => samples.accuracies[i] - model.predict(a)) };
  return SlotLinearModel.fit(left, 1, weights);
}

/**
 * The best of `start` and `candidates` networks one to NEIGHBOUR_GENES genes from the most accurate measured
 * network within the budget, among those within the budget and not taken, under the pick's draw plus a draw of the
 * correction around that network plus the pair model; `start` when none is.
 */
export function pickNearIncumbent(pick: NeighbourPick, measured: MeasuredSet, table: AdditiveCost, rng: Random): Arch {
  const [incumbent] = measured.bestWithin(pick.budget, 1);
  if (incumbent === undefined) return pick.start;
  const values = addedValues(pick.values, correctionAroundIncumbent(measured, pick.model, measured.archs[incumbent]).draw(rng, pick.scale));
  const rated = (a: Arch): number => slotValueOf(values, a) + (pick.residual ? pick.residual.predict(a) : 0);
  let best = pick.start;
  let bestValue = pick.taken(archKey(pick.start)) ? -Infinity : rated(pick.start);
  const seen = new Set<string>();
  for (let c = 0; c < pick.candidates; c++) {
    const neighbour = withGenesChanged(measured.archs[incumbent], 1 + rng.int(NEIGHBOUR_GENES), rng);
    const key = archKey(neighbour);
    if (seen.has(key) || pick.taken(key) || additiveCostOf(table, neighbour) > pick.budget) continue;
    seen.add(key);
    const value = rated(neighbour);
    if (value > bestValue) {
      best = neighbour;
      bestValue = value;
    }
  }
  return best;
}
