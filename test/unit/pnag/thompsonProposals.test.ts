import test from 'node:test';
import assert from 'node:assert/strict';
import { type AdditiveCost, additiveCostTable } from '../../../src/core/cost/additiveCost';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { MeasuredSet } from '../../../src/core/pnag/measuredSet';
import { thompsonBatch } from '../../../src/core/pnag/thompsonProposals';
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
