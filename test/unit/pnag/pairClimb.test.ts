import test from 'node:test';
import assert from 'node:assert/strict';
import { type AdditiveCost, additiveCostOf, additiveCostTable } from '../../../src/core/cost/additiveCost';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { knapsackArch } from '../../../src/core/pnag/knapsackArch';
import { pairClimb } from '../../../src/core/pnag/pairClimb';
import { PairResidualModel } from '../../../src/core/pnag/pairResidualModel';
import { SlotLinearModel, type SlotValues, slotValueOf } from '../../../src/core/pnag/slotLinearModel';
import { type Arch, makeArch, randomArch } from '../../../src/core/space/arch';
import { slotIndex } from '../../../src/core/space/searchSpace';
import { Random } from '../../../src/core/util/random';

const W = { width: 1.2 as const, resolution: 224 };
const madds = new MaddsCostModel('ofa');
const table = additiveCostTable(madds, W) as AdditiveCost;
const range = [250, 700] as const;

function accuracy(arch: Arch): number {
  let acc = 74 + arch.depths.reduce((a, d, s) => a + 0.15 * d * (s + 1), 0);
  arch.kernels.forEach((k, i) => (acc += k > 0 ? 0.02 * k + 0.06 * arch.expands[i] : 0));
  // Peaks inside the range of the per-layer sum (82 to 91 on random networks): past it a bigger network is
  // worse, which no per-layer sum can say.
  return acc - 0.3 * (acc - 84) ** 2;
}

/** What the climb maximises: per-layer values plus the pair model's prediction. */
const pairObjective = (arch: Arch, values: SlotValues, residual: PairResidualModel): number => slotValueOf(values, arch) + residual.predict(arch);

/** Every network one move away: a layer's choice changed, a layer added at the end of a stage or the last one removed. */
function neighbours(arch: Arch): Arch[] {
  const out: Arch[] = [];
  for (let s = 0; s < 5; s++) {
    const d = arch.depths[s];
    for (let i = 0; i < d; i++) {
      for (const k of [3, 5, 7]) {
        for (const e of [3, 4, 6]) {
          const kernels = arch.kernels.slice();
          const expands = arch.expands.slice();
          kernels[slotIndex(s, i)] = k;
          expands[slotIndex(s, i)] = e;
          out.push(makeArch(arch.depths, kernels, expands, W));
        }
      }
    }
    if (d < 4) {
      for (const k of [3, 5, 7]) {
        for (const e of [3, 4, 6]) {
          const kernels = arch.kernels.slice();
          const expands = arch.expands.slice();
          kernels[slotIndex(s, d)] = k;
          expands[slotIndex(s, d)] = e;
          out.push(makeArch(arch.depths.map((x, j) => (j === s ? d + 1 : x)), kernels, expands, W));
        }
      }
    }
    if (d > 2) out.push(makeArch(arch.depths.map((x, j) => (j === s ? d - 1 : x)), arch.kernels, arch.expands, W));
  }
  return out;
}

test('the climb stays within the budget, never lowers the objective of the knapsack network and ends where no move raises it', () => {
  const rng = new Random(1);
  const archs = Array.from({ length: 400 }, () => randomArch(rng, W));
  const data = { archs, accuracies: archs.map(accuracy), costs: archs.map((a) => madds.costOf(a)) };
  const base = SlotLinearModel.fit(data);
  const residual = PairResidualModel.fit(archs, archs.map((a, i) => data.accuracies[i] - base.predict(a)), 0.1);
  let improved = 0;
  for (const budget of [300, 380, 450, 520, 600, 680]) {
    const values = base.draw(rng, 0.25);
    const start = knapsackArch(table, values, budget, range) as Arch;
    const climbed = pairClimb(start, values, residual, table, budget);
    assert.ok(additiveCostOf(table, climbed) <= budget + 1e-9 && madds.costOf(climbed) <= budget + 1e-6, `${madds.costOf(climbed)} within ${budget}`);
    const before = pairObjective(start, values, residual);
    const after = pairObjective(climbed, values, residual);
    assert.ok(after >= before - 1e-9, `objective ${after} from ${before}`);
    if (after > before + 1e-6) improved++;
    for (const next of neighbours(climbed)) {
      if (madds.costOf(next) > budget) continue;
      assert.ok(pairObjective(next, values, residual) <= after + 1e-9, `a move within ${budget} raises the objective above ${after}`);
    }
  }
  assert.ok(improved > 0, 'the pair model changed at least one answer');
});

test("on an accuracy that peaks inside the range, the climbed networks are truly better than the per-layer model's knapsack networks", () => {
  const rng = new Random(2);
  const archs = Array.from({ length: 600 }, () => randomArch(rng, W));
  const data = { archs, accuracies: archs.map(accuracy), costs: archs.map((a) => madds.costOf(a)) };
  const base = SlotLinearModel.fit(data);
  const residual = PairResidualModel.fit(archs, archs.map((a, i) => data.accuracies[i] - base.predict(a)), 0.1);
  let gain = 0;
  for (const budget of [400, 460, 520, 580, 640]) {
    const start = knapsackArch(table, base.meanValues(), budget, range) as Arch;
    gain += accuracy(pairClimb(start, base.meanValues(), residual, table, budget)) - accuracy(start);
  }
  assert.ok(gain / 5 > 0.3, `mean true gain ${gain / 5}`);
});
