import test from 'node:test';
import assert from 'node:assert/strict';
import { type AdditiveCost, additiveCostTable } from '../../../src/core/cost/additiveCost';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { MeasuredSet } from '../../../src/core/pnag/measuredSet';
import { drawBudget, thompsonBatch } from '../../../src/core/pnag/thompsonProposals';
import { archKey, randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { syntheticAccuracy, syntheticSamples } from './synthetic';

const madds = new MaddsCostModel('pnag');
const table = additiveCostTable(madds, { width: 1.2, resolution: 224 }) as AdditiveCost;
const range = [300, 500] as const;

test('a Thompson batch holds new, distinct networks within the range, the same for the same seed', () => {
  const measured = new MeasuredSet(syntheticSamples(150, 5));
  const batch = thompsonBatch(measured, table, range, 16, new Random(1), 0.25);
  assert.equal(batch.length, 16);
  const keys = batch.map(archKey);
  assert.equal(new Set(keys).size, 16, 'distinct');
  assert.ok(keys.every((k) => !measured.keys.has(k)), 'none measured before');
  assert.ok(batch.every((a) => madds.costOf(a) <= range[1]), 'within the top of the range');
  assert.deepEqual(thompsonBatch(measured, table, range, 16, new Random(1), 0.25).map(archKey), keys);
  assert.notDeepEqual(thompsonBatch(measured, table, range, 16, new Random(2), 0.25).map(archKey), keys);
});

test('the batch is better than random networks of the same costs (it exploits the fitted per-layer terms)', () => {
  const measured = new MeasuredSet(syntheticSamples(300, 6));
  const batch = thompsonBatch(measured, table, range, 24, new Random(3), 0.25);
  const rng = new Random(4);
  let wins = 0;
  for (const pick of batch) {
    const cost = madds.costOf(pick);
    const rivals: number[] = [];
    while (rivals.length < 20) {
      const a = randomArch(rng);
      if (madds.costOf(a) <= cost) rivals.push(syntheticAccuracy(a));
    }
    if (syntheticAccuracy(pick) > Math.max(...rivals)) wins++;
  }
  assert.ok(wins >= 20, `${wins} of 24 picks beat the best of 20 random networks as cheap`);
});

test('picks that weigh neighbours of the incumbent are still new, distinct and within the range, and some are such neighbours', () => {
  const measured = new MeasuredSet(syntheticSamples(200, 9));
  const batch = thompsonBatch(measured, table, range, 16, new Random(2), 0.25, { nearIncumbent: 32 });
  assert.equal(batch.length, 16);
  const keys = batch.map(archKey);
  assert.equal(new Set(keys).size, 16, 'distinct');
  assert.ok(keys.every((k) => !measured.keys.has(k)), 'none measured before');
  assert.ok(batch.every((a) => madds.costOf(a) <= range[1]), 'within the top of the range');
  const plain = new Set(thompsonBatch(measured, table, range, 16, new Random(2), 0.25).map(archKey));
  assert.ok(keys.some((k) => !plain.has(k)), 'the neighbours change some picks');
});

test('budgets are drawn within the range, log-uniformly with power 0 and uniformly in cost with power 1', () => {
  const wide = [100, 900] as const;
  const draws = (power: number): number[] => {
    const rng = new Random(4);
    return Array.from({ length: 4000 }, () => drawBudget(wide, power, rng));
  };
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
  for (const power of [0, 1, 2]) {
    const xs = draws(power);
    assert.ok(xs.every((b) => b >= wide[0] && b <= wide[1]), `power ${power}: within the range`);
  }
  // Medians: the geometric mean 300 in log-cost, the middle 500 in cost, sqrt((100² + 900²) / 2) ≈ 640 in cost².
  assert.ok(Math.abs(median(draws(0)) - 300) < 20, `log-uniform median ${median(draws(0))}`);
  assert.ok(Math.abs(median(draws(1)) - 500) < 25, `uniform median ${median(draws(1))}`);
  assert.ok(Math.abs(median(draws(2)) - 640) < 25, `cost² median ${median(draws(2))}`);
});
