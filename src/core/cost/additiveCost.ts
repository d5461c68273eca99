import { type Arch, makeArch, randomArch } from '../space/arch';
import { DEPTH_CHOICES, EXPAND_CHOICES, KERNEL_CHOICES, LAYER_SLOTS, MAX_DEPTH, STAGE_COUNT, type Width, slotIndex } from '../space/searchSpace';
import { Random } from '../util/random';
import type { ExactCostModel } from './costModel';

/** The nine (kernel, expand ratio) choices of one layer, in a fixed order. */
export const LAYER_CHOICES: readonly (readonly [number, number])[] = KERNEL_CHOICES.flatMap((k) => EXPAND_CHOICES.map((e) => [k, e] as const));

export function layerChoiceOf(kernel: number, expand: number): number {
  return KERNEL_CHOICES.indexOf(kernel as 3 | 5 | 7) * EXPAND_CHOICES.length + EXPAND_CHOICES.indexOf(expand as 3 | 4 | 6);
}

export function depthChoiceOf(depth: number): number {
  return DEPTH_CHOICES.indexOf(depth as 2 | 3 | 4);
}

/**
 * A cost that is a sum of per-layer terms: `base` plus, for each stage, a term of its depth and one per present
 * layer for its (kernel, ratio). MAdds, parameters and per-layer latency tables are such sums (a layer's input
 * and output channels do not depend on the other layers' choices), which lets a knapsack find the best network
 * within a budget exactly (knapsackArch.ts).
 */
export interface AdditiveCost {
  readonly width: Width;
  readonly resolution: number;
  readonly base: number;
  /** [stage][layer][choice]: what the layer adds over the reference network's (3, 3) at that slot. */
  readonly layer: readonly (readonly number[])[][];
  /** [stage][depth choice]: what the stage's depth adds with every present layer at (3, 3). */
  readonly depth: readonly (readonly number[])[];
}

export function additiveCostOf(table: AdditiveCost, arch: Arch): number {
  let cost = table.base;
  for (let s = 0; s < STAGE_COUNT; s++) {
    cost += table.depth[s][depthChoiceOf(arch.depths[s])];
    for (let i = 0; i < arch.depths[s]; i++) {
      const slot = slotIndex(s, i);
      cost += table.layer[s][i][layerChoiceOf(arch.kernels[slot], arch.expands[slot])];
    }
  }
  return cost;
}

/** Networks a table is checked on before it is trusted. */
const CHECK_SAMPLE = 200;

/**
 * The per-layer table of `model` at one width and resolution, read off by changing one layer (or one depth) of
 * a reference network at a time, or undefined when the model is not such a sum: the table must reproduce the
 * model on a sample of networks of every size to a millionth of the cost (a measured or non-linear cost model
 * falls back to the regressor's rounds).
 */
export function additiveCostTable(model: ExactCostModel, space: { width: Width; resolution: number }): AdditiveCost | undefined {
  try {
    return tabulate(model, space);
  } catch {
    // A model that cannot cost these networks (a latency table of another width) is not tabulated; costing
    // the training's own networks reports the error where it belongs.
    return undefined;
  }
}

function tabulate(model: ExactCostModel, space: { width: Width; resolution: number }): AdditiveCost | undefined {
  const at = (depths: readonly number[], kernels: readonly number[], expands: readonly number[]): number =>
    model.costOf(makeArch(depths, kernels, expands, space));
  const depths = Array<number>(STAGE_COUNT).fill(MAX_DEPTH);
  const threes = Array<number>(LAYER_SLOTS).fill(3);
  const base = at(depths, threes, threes);
  const layer = Array.from({ length: STAGE_COUNT }, (_, s) =>
    Array.from({ length: MAX_DEPTH }, (_, i) =>
      LAYER_CHOICES.map(([k, e]) => {
        const kernels = threes.slice();
        const expands = threes.slice();
        kernels[slotIndex(s, i)] = k;
        expands[slotIndex(s, i)] = e;
        return at(depths, kernels, expands) - base;
      }),
    ),
  );
  const depth = Array.from({ length: STAGE_COUNT }, (_, s) =>
    DEPTH_CHOICES.map((d) => {
      const shallower = depths.slice();
      shallower[s] = d;
      return at(shallower, threes, threes) - base;
    }),
  );
  const table: AdditiveCost = { ...space, base, layer, depth };
  const rng = new Random(7);
  for (let n = 0; n < CHECK_SAMPLE; n++) {
    const arch = randomArch(rng, space);
    const cost = model.costOf(arch);
    if (!Number.isFinite(cost) || Math.abs(additiveCostOf(table, arch) - cost) > 1e-6 * Math.max(1, Math.abs(cost))) return undefined;
  }
  return table;
}
