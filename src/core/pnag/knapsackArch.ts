import { type AdditiveCost, LAYER_CHOICES } from '../cost/additiveCost';
import { type Arch, makeArch } from '../space/arch';
import { DEPTH_CHOICES, LAYER_SLOTS, STAGE_COUNT, slotIndex } from '../space/searchSpace';
import type { SlotValues } from './slotLinearModel';

/** One way to fill a stage: its depth and each present layer's choice, with their summed value and exact cost. */
interface StageOption {
  readonly depth: number;
  readonly choices: readonly number[];
  readonly value: number;
  readonly cost: number;
}

/**
 * The stage's options that no other beats on both value and cost, for every depth: built layer by layer,
 * keeping only the (cost, value) frontier after each layer, so 9^4 fillings shrink to a few hundred.
 */
function stageOptions(table: AdditiveCost, values: SlotValues, s: number): StageOption[] {
  const options: StageOption[] = [];
  DEPTH_CHOICES.forEach((depth, d) => {
    let partial: StageOption[] = [{ depth, choices: [], value: values.depth(s, d), cost: table.depth[s][d] }];
    for (let i = 0; i < depth; i++) {
      const grown: StageOption[] = [];
      for (const p of partial) {
        for (let c = 0; c < LAYER_CHOICES.length; c++) {
          grown.push({ depth, choices: [...p.choices, c], value: p.value + values.layer(s, i, c), cost: p.cost + table.layer[s][i][c] });
        }
      }
      grown.sort((a, b) => a.cost - b.cost || b.value - a.value);
      partial = [];
      for (const g of grown) if (partial.length === 0 || g.value > partial[partial.length - 1].value) partial.push(g);
    }
    options.push(...partial);
  });
  return options;
}

/**
 * The network of highest value within `budget` under a per-layer cost table, or undefined when nothing fits:
 * a knapsack over the five stages with costs in `binsPerRange` bins of [low, high] (the training range). Each
 * stage's exact cost is rounded up to a bin once, so the answer never costs more than the budget; it may miss
 * a better network within five bins of it.
 */
export function knapsackArch(
  table: AdditiveCost,
  values: SlotValues,
  budget: number,
  range: readonly [number, number],
  binsPerRange = 2000,
): Arch | undefined {
  const step = (range[1] - range[0]) / binsPerRange;
  if (!(step > 0)) throw new Error(`knapsack: empty cost range ${range[0]}..${range[1]}`);
  const stages = Array.from({ length: STAGE_COUNT }, (_, s) => stageOptions(table, values, s));
  // Bins above each stage's cheapest option; the cheapest options together are `floorCost`.
  const floors = stages.map((options) => Math.min(...options.map((o) => o.cost)));
  const floorCost = table.base + floors.reduce((a, b) => a + b, 0);
  const capacity = Math.floor((budget - floorCost) / step);
  if (capacity < 0) return undefined;
  let best = new Float64Array(capacity + 1).fill(-Infinity);
  best[0] = 0;
  const chosen: Int32Array[] = [];
  const bins = stages.map((options, s) => options.map((o) => Math.ceil((o.cost - floors[s]) / step - 1e-9)));
  for (let s = 0; s < STAGE_COUNT; s++) {
    const next = new Float64Array(capacity + 1).fill(-Infinity);
    const pick = new Int32Array(capacity + 1).fill(-1);
    for (let used = 0; used <= capacity; used++) {
      if (best[used] === -Infinity) continue;
      stages[s].forEach((option, o) => {
        const to = used + bins[s][o];
        if (to > capacity) return;
        const value = best[used] + option.value;
        if (value > next[to]) {
          next[to] = value;
          pick[to] = o;
        }
      });
    }
    chosen.push(pick);
    best = next;
  }
  let end = -1;
  for (let used = 0; used <= capacity; used++) if (best[used] > -Infinity && (end < 0 || best[used] > best[end])) end = used;
  if (end < 0) return undefined;
  const depths: number[] = [];
  const kernels = Array<number>(LAYER_SLOTS).fill(0);
  const expands = Array<number>(LAYER_SLOTS).fill(0);
  for (let s = STAGE_COUNT - 1; s >= 0; s--) {
    const o = chosen[s][end];
    const option = stages[s][o];
    depths[s] = option.depth;
    option.choices.forEach((c, i) => {
      kernels[slotIndex(s, i)] = LAYER_CHOICES[c][0];
      expands[slotIndex(s, i)] = LAYER_CHOICES[c][1];
    });
    end -= bins[s][o];
  }
  return makeArch(depths, kernels, expands, { width: table.width, resolution: table.resolution });
}
