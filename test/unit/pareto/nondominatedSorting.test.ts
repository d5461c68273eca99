import test from 'node:test';
import assert from 'node:assert/strict';
import { crowdingDistances, nondominatedFronts } from '../../../src/core/pareto/nondominatedSorting';

const points = [
  { cost: 1, accuracy: 70 }, // 0: front 0
  { cost: 2, accuracy: 75 }, // 1: front 0
  { cost: 2, accuracy: 72 }, // 2: dominated by 1 -> front 1
  { cost: 3, accuracy: 74 }, // 3: dominated by 1 -> front 1
  { cost: 3, accuracy: 80 }, // 4: front 0
  { cost: 4, accuracy: 73 }, // 5: dominated by 1, 3 -> front 2
];

test('non-dominated sorting splits points into successive fronts', () => {
  const fronts = nondominatedFronts(points).map((f) => f.slice().sort());
  assert.deepEqual(fronts, [[0, 1, 4], [2, 3], [5]]);
});

test('every point lands in exactly one front', () => {
  const all = nondominatedFronts(points).flat().sort();
  assert.deepEqual(all, [0, 1, 2, 3, 4, 5]);
});

test('crowding distance: the ends of a front are infinite, inner points sum their normalised neighbour gaps', () => {
  const d = crowdingDistances(points, [0, 1, 4]);
  assert.equal(d[0], Infinity);
  assert.equal(d[2], Infinity);
  // point 1: cost neighbours 1 and 3 over range 2 -> 1; accuracy neighbours 70 and 80 over range 10 -> 1
  assert.ok(Math.abs(d[1] - 2) < 1e-12);
});
