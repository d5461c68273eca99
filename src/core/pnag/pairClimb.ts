import { type AdditiveCost, LAYER_CHOICES, additiveCostOf, depthChoiceOf } from '../cost/additiveCost';
import { type Arch, makeArch } from '../space/arch';
import { DEPTH_CHOICES, STAGE_COUNT, slotIndex } from '../space/searchSpace';
import { type PairResidualModel, layerCodeOf } from './pairResidualModel';
import type { SlotValues } from './slotLinearModel';

/** Moves a climb makes at most (each one changes one layer or one stage's depth). */
const MAX_MOVES = 12;

/** One change of a network: a layer's choice, or a stage's depth with the layer it adds or removes. */
interface Move {
  readonly stage: number;
  readonly layer: number;
  /** New (kernel, ratio) choice of the layer, -1 when the move removes it. */
  readonly to: number;
  /** New depth of the stage (equal to the old one for a change of choice). */
  readonly depth: number;
}

/**
 * From `start` (the knapsack's best network under per-layer `values`), climbs on per-layer values plus the
 * pair model's prediction of what they leave: the best move within `budget` that raises the sum, until none
 * does. The knapsack is exact for the per-layer part alone; the pair part is what it cannot see.
 */
export function pairClimb(start: Arch, values: SlotValues, residual: PairResidualModel, table: AdditiveCost, budget: number): Arch {
  const depths = start.depths.slice();
  const code = layerCodeOf(start);
  const choices = code.subarray(STAGE_COUNT);
  let cost = additiveCostOf(table, start);
  let shared = residual.sharedWith(code);
  let current = residual.predictCode(code);
  for (let step = 0; step < MAX_MOVES; step++) {
    let best: { move: Move; gain: number; cost: number; residual: number } | undefined;
    const consider = (move: Move, valueGain: number, costChange: number, predicted: number): void => {
      if (cost + costChange > budget) return;
      const gain = valueGain + predicted - current;
      if (gain > 1e-9 && (!best || gain > best.gain)) best = { move, gain, cost: cost + costChange, residual: predicted };
    };
    for (let s = 0; s < STAGE_COUNT; s++) {
      const d = depths[s];
      const dc = depthChoiceOf(d);
      for (let i = 0; i < d; i++) {
        const q = slotIndex(s, i);
        const from = choices[q];
        for (let to = 0; to < LAYER_CHOICES.length; to++) {
          if (to === from) continue;
          consider({ stage: s, layer: i, to, depth: d }, values.layer(s, i, to) - values.layer(s, i, from), table.layer[s][i][to] - table.layer[s][i][from],
            residual.predictMove(shared, STAGE_COUNT + q, from, to));
        }
      }
      if (d < DEPTH_CHOICES[DEPTH_CHOICES.length - 1]) {
        const q = slotIndex(s, d);
        const depthGain = values.depth(s, dc + 1) - values.depth(s, dc);
        const depthCost = table.depth[s][dc + 1] - table.depth[s][dc];
        for (let to = 0; to < LAYER_CHOICES.length; to++) {
          consider({ stage: s, layer: d, to, depth: d + 1 }, depthGain + values.layer(s, d, to), depthCost + table.layer[s][d][to],
            residual.predictMove(shared, STAGE_COUNT + q, -1, to, s, dc, dc + 1));
        }
      }
      if (d > DEPTH_CHOICES[0]) {
        const q = slotIndex(s, d - 1);
        const from = choices[q];
        consider({ stage: s, layer: d - 1, to: -1, depth: d - 1 }, values.depth(s, dc - 1) - values.depth(s, dc) - values.layer(s, d - 1, from),
          table.depth[s][dc - 1] - table.depth[s][dc] - table.layer[s][d - 1][from], residual.predictMove(shared, STAGE_COUNT + q, from, -1, s, dc, dc - 1));
      }
    }
    if (!best) break;
    const { move } = best;
    choices[slotIndex(move.stage, move.layer)] = move.to;
    depths[move.stage] = move.depth;
    code[move.stage] = depthChoiceOf(move.depth);
    cost = best.cost;
    current = best.residual;
    shared = residual.sharedWith(code);
  }
  const layers = Array.from(choices);
  return makeArch(depths, layers.map((c) => (c >= 0 ? LAYER_CHOICES[c][0] : 0)), layers.map((c) => (c >= 0 ? LAYER_CHOICES[c][1] : 0)),
    { width: start.width, resolution: start.resolution });
}
