import test from 'node:test';
import assert from 'node:assert/strict';
import { type AdditiveCost, additiveCostOf, additiveCostTable } from '../../../src/core/cost/additiveCost';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { knapsackArch } from '../../../src/core/pnag/knapsackArch';
import { type SlotValues, slotValueOf } from '../../../src/core/pnag/slotLinearModel';
import { type Arch, randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';

const madds = new MaddsCostModel('ofa');
const table = additiveCostTable(madds, { width: 1.2, resolution: 224 }) as AdditiveCost;
const range = [250, 700] as const;
const step = (range[1] - range[0]) / 2000;

function randomValues(seed: number): SlotValues {
  const rng = new Random(seed);
  const layer = Array.from({ length: 20 * 9 }, () => rng.normal());
  const depth = Array.from({ length: 15 }, () => rng.normal());
  return { layer: (s, i, c) => layer[(s * 4 + i) * 9 + c], depth: (s, d) => depth[s * 3 + d], constant: 0 };
}

test('the knapsack answer fits the budget and is worth at least every random network that fits it with five bins to spare', () => {
  for (const seed of [1, 2, 3]) {
    const values = randomValues(seed);
    const rng = new Random(seed + 10);
    const samples = Array.from({ length: 3000 }, () => randomArch(rng, { width: 1.2, resolution: 224 }));
    for (const budget of [300, 420, 560, 690]) {
      const best = knapsackArch(table, values, budget, range);
      assert.ok(best, `an answer at ${budget}`);
      assert.ok(madds.costOf(best) <= budget, `${madds.costOf(best)} within ${budget}`);
      const rivals = samples.filter((a) => madds.costOf(a) <= budget - 5 * step);
      assert.ok(rivals.length > 0);
      const top = Math.max(...rivals.map((a) => slotValueOf(values, a)));
      assert.ok(slotValueOf(values, best) >= top - 1e-9, `seed ${seed} at ${budget}: ${slotValueOf(values, best)} below a random network's ${top}`);
    }
  }
});

test('valued by cost, the knapsack fills the budget to within its rounding; valued by minus cost, it answers the cheapest network', () => {
  const byCost: SlotValues = { layer: (s, i, c) => table.layer[s][i][c], depth: (s, d) => table.depth[s][d], constant: 0 };
  for (const budget of [320, 480, 650]) {
    const full = knapsackArch(table, byCost, budget, range) as Arch;
    assert.ok(madds.costOf(full) <= budget && madds.costOf(full) >= budget - 5 * step, `${madds.costOf(full)} fills ${budget}`);
    assert.ok(Math.abs(additiveCostOf(table, full) - madds.costOf(full)) < 1e-6);
  }
  const cheap: SlotValues = { layer: (s, i, c) => -table.layer[s][i][c], depth: (s, d) => -table.depth[s][d], constant: 0 };
  const smallest = knapsackArch(table, cheap, 650, range) as Arch;
  assert.deepEqual(smallest.depths, [2, 2, 2, 2, 2]);
  assert.ok(smallest.kernels.every((k) => k === 0 || k === 3) && smallest.expands.every((e) => e === 0 || e === 3));
});

test('below the smallest network there is no answer, and an empty range is refused', () => {
  const values = randomValues(4);
  assert.equal(knapsackArch(table, values, 50, range), undefined);
  assert.throws(() => knapsackArch(table, values, 400, [300, 300]), /empty cost range/);
});
