import { type AdditiveCost, additiveCostOf } from '../cost/additiveCost';
import { type Arch, archKey } from '../space/arch';
import { DEPTH_CHOICES, EXPAND_CHOICES, KERNEL_CHOICES, STAGE_COUNT, slotIndex } from '../space/searchSpace';
import { fromGenome, toGenome } from '../search/genome';
import type { Random } from '../util/random';
import type { MeasuredSet } from './measuredSet';
import type { PairResidualModel } from './pairResidualModel';
import { type SlotValues, slotValueOf } from './slotLinearModel';

/**
 * The rounds' last evaluations look next to the incumbent: on OFA's predictor the best networks of a budget lie
 * where no model fitted to the measured networks rates them highly (the per-layer model and an MLP of the
 * predictor's own kind both underrate them by about 1.2 points: docs/evaluation-budget.md), so a search that
 * only follows the model's optimum stops short. Small steps from the best measured network, rated by the same
 * Thompson draw, reach them on the source itself.
 */

/** Genes (a stage's depth, a present layer's kernel or ratio) a neighbour changes at most. */
export const NEIGHBOUR_GENES = 2;
/** Neighbours of the incumbent a pick weighs in the last share of the Thompson rounds (`thompsonNeighbourShare`). */
export const THOMPSON_NEIGHBOURS = 32;

/**
 * Neighbours a pick weighs when `left` of the rounds' `evaluations` remain: THOMPSON_NEIGHBOURS within the last
 * `share` of them (clamped to [0, 1]; not a number = none), otherwise none. The engine and the probe both ask this.
 */
export function neighboursWhen(left: number, evaluations: number, share: number): number | undefined {
  const tail = Math.round(Math.min(1, Math.max(0, share)) * evaluations);
  return left <= tail ? THOMPSON_NEIGHBOURS : undefined;
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
  readonly values: SlotValues;
  readonly residual?: PairResidualModel;
  readonly budget: number;
  /** Neighbours of the incumbent weighed beside `start`. */
  readonly candidates: number;
  /** Networks that may not be picked (measured, sent, or already in the batch). */
  readonly taken: (key: string) => boolean;
}

/**
 * The best under the draw (per-layer values plus the pair model) of `start` and `candidates` networks one to
 * NEIGHBOUR_GENES genes from the most accurate measured network within the budget, among those within the budget
 * and not taken; `start` when none is.
 */
export function pickNearIncumbent(pick: NeighbourPick, measured: MeasuredSet, table: AdditiveCost, rng: Random): Arch {
  const rated = (a: Arch): number => slotValueOf(pick.values, a) + (pick.residual ? pick.residual.predict(a) : 0);
  let best = pick.start;
  let bestValue = pick.taken(archKey(pick.start)) ? -Infinity : rated(pick.start);
  const [incumbent] = measured.bestWithin(pick.budget, 1);
  if (incumbent === undefined) return best;
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
