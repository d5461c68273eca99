import test from 'node:test';
import assert from 'node:assert/strict';
import { type AdditiveCost, additiveCostTable } from '../../../src/core/cost/additiveCost';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import {
  LONG_TAIL_BUDGET_POWER, NEIGHBOURS_BEGIN_BY, THOMPSON_NEIGHBOURS, correctionAroundIncumbent, neighboursWhen, pickNearIncumbent, tailBudgetPower,
  tailPick, withGenesChanged,
} from '../../../src/core/pnag/incumbentNeighbours';
import { MeasuredSet } from '../../../src/core/pnag/measuredSet';
import { genesApart, layerCodeOf } from '../../../src/core/pnag/pairResidualModel';
import { SlotLinearModel, addedValues, slotValueOf } from '../../../src/core/pnag/slotLinearModel';
import { type Arch, archKey, makeArch, randomArch } from '../../../src/core/space/arch';
import { STAGE_COUNT } from '../../../src/core/space/searchSpace';
import { Random } from '../../../src/core/util/random';
import { syntheticSamples } from './synthetic';

const madds = new MaddsCostModel('pnag');
const table = additiveCostTable(madds, { width: 1.2, resolution: 224 }) as AdditiveCost;

/** Positions of the layer code (depth choices, then each slot's choice or absent) in which two networks differ. */
function codeDifferences(a: Arch, b: Arch): { depths: number; layers: number } {
  const [x, y] = [layerCodeOf(a), layerCodeOf(b)];
  let depths = 0;
  let layers = 0;
  x.forEach((v, i) => {
    if (v !== y[i]) i < STAGE_COUNT ? depths++ : layers++;
  });
  return { depths, layers };
}

test('one gene changed is one depth (with the layer it adds or removes) or one kernel or ratio, never none', () => {
  const rng = new Random(3);
  const kinds = { depth: 0, layer: 0 };
  for (let n = 0; n < 300; n++) {
    const parent = randomArch(rng, { width: 1.2 });
    const child = withGenesChanged(parent, 1, rng);
    const { depths, layers } = codeDifferences(parent, child);
    assert.equal(child.width, 1.2);
    assert.equal(child.resolution, parent.resolution);
    if (depths === 1) {
      kinds.depth++;
      // Two stages deeper or shallower at most: 2 <-> 4 adds or removes two layers.
      assert.ok(layers >= 1 && layers <= 2, `a depth change adds or removes its layers only (${layers})`);
    } else {
      kinds.layer++;
      assert.equal(depths, 0);
      assert.equal(layers, 1, `one layer's choice changed (${archKey(parent)} -> ${archKey(child)})`);
    }
  }
  assert.ok(kinds.depth > 20 && kinds.layer > 150, `both kinds of change happen: ${JSON.stringify(kinds)}`);
});

test('two genes changed differ from the parent in one to two genes', () => {
  const rng = new Random(4);
  for (let n = 0; n < 200; n++) {
    const parent = randomArch(rng, { width: 1.2 });
    const { depths, layers } = codeDifferences(parent, withGenesChanged(parent, 2, rng));
    assert.ok(depths + layers >= 1, 'changed');
    assert.ok(depths <= 2 && (depths > 0 || layers <= 2), `at most two genes (${depths} depths, ${layers} layers)`);
  }
});

test('the pick near the incumbent beats a poor start under the draw and the correction around the incumbent, within the budget and not measured', () => {
  const measured = new MeasuredSet(syntheticSamples(300, 7));
  const budget = 450;
  const [incumbent] = measured.bestWithin(budget, 1);
  const model = SlotLinearModel.fit(measured.samples());
  // Spread 0: the draws are the means.
  const values = model.meanValues();
  const rating = addedValues(values, correctionAroundIncumbent(measured, model, measured.archs[incumbent]).meanValues());
  // The smallest network is far below what the budget allows: some neighbour of the incumbent is rated higher.
  const start = makeArch([2, 2, 2, 2, 2], Array(20).fill(3), Array(20).fill(3), { width: 1.2 });
  const taken = (key: string): boolean => measured.keys.has(key);
  const pick = pickNearIncumbent({ start, model, values, budget, scale: 0, candidates: 32, taken }, measured, table, new Random(5));
  assert.notEqual(archKey(pick), archKey(start));
  assert.ok(slotValueOf(rating, pick) > slotValueOf(rating, start));
  assert.ok(madds.costOf(pick) <= budget + 1e-9, 'within the budget');
  assert.ok(!measured.keys.has(archKey(pick)), 'not measured before');
  const { depths, layers } = codeDifferences(measured.archs[incumbent], pick);
  assert.ok(depths <= 2 && depths + layers <= 4, 'a neighbour of the incumbent');
});

test('without a measured network within the budget, or with every neighbour taken, the start comes back', () => {
  const measured = new MeasuredSet(syntheticSamples(100, 8));
  const model = SlotLinearModel.fit(measured.samples());
  const values = model.meanValues();
  const start = makeArch([2, 2, 2, 2, 2], Array(20).fill(3), Array(20).fill(3), { width: 1.2 });
  const below = Math.min(...measured.costs) - 1;
  const pick = { start, model, values, scale: 0.25, candidates: 32 };
  assert.equal(pickNearIncumbent({ ...pick, budget: below, taken: () => false }, measured, table, new Random(1)), start);
  const allTaken = (key: string): boolean => key !== archKey(start);
  assert.equal(pickNearIncumbent({ ...pick, budget: 450, taken: allTaken }, measured, table, new Random(1)), start);
});

test('picks weigh neighbours only in the last share of the rounds, and a share that is not one weighs none', () => {
  assert.equal(neighboursWhen(300, 800, 0.375), THOMPSON_NEIGHBOURS);
  assert.equal(neighboursWhen(1, 800, 0.375), THOMPSON_NEIGHBOURS);
  assert.equal(neighboursWhen(301, 800, 0.375), undefined);
  assert.equal(neighboursWhen(1, 800, 0), undefined);
  assert.equal(neighboursWhen(1, 800, Number.NaN), undefined);
  assert.equal(neighboursWhen(800, 800, 2), THOMPSON_NEIGHBOURS, 'a share above 1 is all of them');
});

test('with many evaluations the tail is everything after the first beginBy of them, when that is longer than the share', () => {
  // 1,600 rounds' evaluations: the share's tail is 600, the one after the first 600 is 1,000.
  assert.equal(neighboursWhen(1000, 1600, 0.375, 600), THOMPSON_NEIGHBOURS);
  assert.equal(neighboursWhen(1001, 1600, 0.375, 600), undefined);
  // 800: after the first 600 is only 200, so the share's 300 rules.
  assert.equal(neighboursWhen(300, 800, 0.375, 600), THOMPSON_NEIGHBOURS);
  assert.equal(neighboursWhen(301, 800, 0.375, 600), undefined);
  // The default is NEIGHBOURS_BEGIN_BY; a share of none still means none; a begin past the end leaves the share alone.
  assert.equal(neighboursWhen(NEIGHBOURS_BEGIN_BY + 1, 2 * NEIGHBOURS_BEGIN_BY + 1, 0.375), THOMPSON_NEIGHBOURS);
  assert.equal(neighboursWhen(1, 1600, 0, 600), undefined);
  assert.equal(neighboursWhen(1, 1600, Number.NaN, 600), undefined);
  assert.equal(neighboursWhen(601, 1600, 0.375, 1e9), undefined);
  assert.equal(neighboursWhen(600, 1600, 0.375, Number.POSITIVE_INFINITY), THOMPSON_NEIGHBOURS);
});

test('the tail draws its budgets in cost^power only when it runs past its share, log-uniformly otherwise', () => {
  // 1,600: the tail after the first 600 (1,000) is longer than the share's 600.
  assert.equal(tailBudgetPower(1600, 0.375, 600, 1), 1);
  assert.equal(tailBudgetPower(1600, 0.375, 600, 2), 2);
  assert.equal(tailBudgetPower(1600, 0.375, 600), LONG_TAIL_BUDGET_POWER);
  // 960: after the first 600 is exactly the share's 360, not longer.
  assert.equal(tailBudgetPower(960, 0.375, 600, 1), 0);
  assert.equal(tailBudgetPower(961, 0.375, 600, 1), 1);
  assert.equal(tailBudgetPower(800, 0.375, 600, 1), 0);
  // No tail, or a begin never reached: log-uniformly.
  assert.equal(tailBudgetPower(1600, 0, 600, 1), 0);
  assert.equal(tailBudgetPower(1600, 0.375, Number.POSITIVE_INFINITY, 1), 0);
  assert.equal(tailBudgetPower(2 * NEIGHBOURS_BEGIN_BY + 1, 0.375), LONG_TAIL_BUDGET_POWER);
});

test('a pick weighs neighbours and draws in cost^power only within a long tail; before the tail, neither', () => {
  // 1,600 rounds' evaluations: the tail (after the first 600) is longer than its share.
  assert.deepEqual(tailPick(1000, 1600, 0.375, 600, 1), { nearIncumbent: THOMPSON_NEIGHBOURS, budgetPower: 1 });
  assert.deepEqual(tailPick(1001, 1600, 0.375, 600, 1), { nearIncumbent: undefined, budgetPower: 0 });
  // 800: the tail is its share, so its picks draw log-uniformly.
  assert.deepEqual(tailPick(300, 800, 0.375, 600, 1), { nearIncumbent: THOMPSON_NEIGHBOURS, budgetPower: 0 });
  assert.deepEqual(tailPick(1, 1600, 0, 600, 1), { nearIncumbent: undefined, budgetPower: 0 });
});

test('genes apart counts the depth choices and slot choices (or absences) in which two networks differ', () => {
  const rng = new Random(11);
  const a = randomArch(rng, { width: 1.2 });
  assert.equal(genesApart(layerCodeOf(a), layerCodeOf(a)), 0);
  const b = withGenesChanged(a, 1, rng);
  const { depths, layers } = codeDifferences(a, b);
  assert.equal(genesApart(layerCodeOf(a), layerCodeOf(b)), depths + layers);
  assert.equal(genesApart(layerCodeOf(b), layerCodeOf(a)), depths + layers);
});

test('the correction around the incumbent learns what a gene is worth next to it, where the fit to everything learns the opposite', () => {
  // Near the centre a 7x7 kernel in the first slot gains a point; among the many networks far from it, it loses one.
  const rng = new Random(12);
  const centre = makeArch([3, 3, 3, 3, 3], Array(20).fill(5), Array(20).fill(4), { width: 1.2 });
  const withKernel = (a: Arch, k: number): Arch => makeArch(a.depths, [k, ...a.kernels.slice(1)], a.expands, { width: 1.2 });
  // Half of the near networks have the 7x7 kernel there (as the far ones, a third of them, by chance).
  const near = Array.from({ length: 60 }, (_, i) => withKernel(withGenesChanged(centre, 1 + rng.int(2), rng), i % 2 === 0 ? 7 : 5));
  const far = Array.from({ length: 600 }, () => randomArch(rng, { width: 1.2 }));
  const accuracy = (a: Arch, isNear: boolean): number => 75 + (a.kernels[0] === 7 ? (isNear ? 1 : -1) : 0);
  const archs = [...near, ...far];
  const measured = new MeasuredSet({ archs, accuracies: archs.map((a, i) => accuracy(a, i < near.length)), costs: archs.map((a) => madds.costOf(a)) });
  const global = SlotLinearModel.fit(measured.samples());
  const correction = correctionAroundIncumbent(measured, global, centre);
  const gain = (predict: (a: Arch) => number): number => predict(withKernel(centre, 7)) - predict(withKernel(centre, 5));
  const everywhere = gain((a) => global.predict(a));
  const nearCentre = gain((a) => global.predict(a) + correction.predict(a));
  assert.ok(everywhere < -0.1, `everywhere: ${everywhere}`);
  assert.ok(nearCentre > 0.5, `corrected around the centre: ${nearCentre}`);
});

test('with no measured network near the incumbent the correction is small: the pick\'s own draw decides', () => {
  // What the per-layer model leaves of the synthetic accuracy, far from a centre no network is near.
  const measured = new MeasuredSet(syntheticSamples(300, 13));
  const global = SlotLinearModel.fit(measured.samples());
  const rng = new Random(14);
  const centre = makeArch([4, 4, 4, 4, 4], Array(20).fill(7), Array(20).fill(6), { width: 1.2 });
  const nearest = Math.min(...measured.archs.map((a) => genesApart(layerCodeOf(a), layerCodeOf(centre))));
  assert.ok(nearest >= 10, `no network near the centre (${nearest} genes)`);
  const correction = correctionAroundIncumbent(measured, global, centre);
  const neighbours = Array.from({ length: 20 }, () => withGenesChanged(centre, 1 + rng.int(2), rng));
  const largest = Math.max(...neighbours.map((a) => Math.abs(correction.predict(a) - correction.predict(centre))));
  assert.ok(largest < 0.05, `the correction moves a neighbour by ${largest}`);
});
