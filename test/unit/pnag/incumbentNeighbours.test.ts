import test from 'node:test';
import assert from 'node:assert/strict';
import { type AdditiveCost, additiveCostTable } from '../../../src/core/cost/additiveCost';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { THOMPSON_NEIGHBOURS, neighboursWhen, pickNearIncumbent, withGenesChanged } from '../../../src/core/pnag/incumbentNeighbours';
import { MeasuredSet } from '../../../src/core/pnag/measuredSet';
import { layerCodeOf } from '../../../src/core/pnag/pairResidualModel';
import { SlotLinearModel, slotValueOf } from '../../../src/core/pnag/slotLinearModel';
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

test('the pick near the incumbent beats a poor start under the draw, within the budget and not measured', () => {
  const measured = new MeasuredSet(syntheticSamples(300, 7));
  const values = SlotLinearModel.fit(measured.samples()).meanValues();
  const budget = 450;
  // The smallest network is far below what the budget allows: some neighbour of the incumbent is rated higher.
  const start = makeArch([2, 2, 2, 2, 2], Array(20).fill(3), Array(20).fill(3), { width: 1.2 });
  const taken = (key: string): boolean => measured.keys.has(key);
  const pick = pickNearIncumbent({ start, values, budget, candidates: 32, taken }, measured, table, new Random(5));
  assert.notEqual(archKey(pick), archKey(start));
  assert.ok(slotValueOf(values, pick) > slotValueOf(values, start));
  assert.ok(madds.costOf(pick) <= budget + 1e-9, 'within the budget');
  assert.ok(!measured.keys.has(archKey(pick)), 'not measured before');
  const [incumbent] = measured.bestWithin(budget, 1);
  const { depths, layers } = codeDifferences(measured.archs[incumbent], pick);
  assert.ok(depths <= 2 && depths + layers <= 4, 'a neighbour of the incumbent');
});

test('without a measured network within the budget, or with every neighbour taken, the start comes back', () => {
  const measured = new MeasuredSet(syntheticSamples(100, 8));
  const values = SlotLinearModel.fit(measured.samples()).meanValues();
  const start = makeArch([2, 2, 2, 2, 2], Array(20).fill(3), Array(20).fill(3), { width: 1.2 });
  const below = Math.min(...measured.costs) - 1;
  assert.equal(pickNearIncumbent({ start, values, budget: below, candidates: 32, taken: () => false }, measured, table, new Random(1)), start);
  assert.equal(pickNearIncumbent({ start, values, budget: 450, candidates: 32, taken: (k) => k !== archKey(start) }, measured, table, new Random(1)), start);
});

test('picks weigh neighbours only in the last share of the rounds, and a share that is not one weighs none', () => {
  assert.equal(neighboursWhen(300, 800, 0.375), THOMPSON_NEIGHBOURS);
  assert.equal(neighboursWhen(1, 800, 0.375), THOMPSON_NEIGHBOURS);
  assert.equal(neighboursWhen(301, 800, 0.375), undefined);
  assert.equal(neighboursWhen(1, 800, 0), undefined);
  assert.equal(neighboursWhen(1, 800, Number.NaN), undefined);
  assert.equal(neighboursWhen(800, 800, 2), THOMPSON_NEIGHBOURS, 'a share above 1 is all of them');
});
