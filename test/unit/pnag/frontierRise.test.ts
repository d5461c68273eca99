import test from 'node:test';
import assert from 'node:assert/strict';
import { FRONTIER_RISE_MIN_ANSWERS, FRONTIER_RISE_POINTS, frontierRise } from '../../../src/core/pnag/frontierRise';

// Answers in the order they came: the rise is what the last stretch added to the best accuracy within each budget.

const range = [100, 400] as const;
/** The budgets the rise compares at (log-uniform over the range), to count where a network is within. */
const points = Array.from({ length: FRONTIER_RISE_POINTS }, (_, i) => 100 * 4 ** (i / (FRONTIER_RISE_POINTS - 1)));

test('the last answers raise the frontier where they are within the budget, and the stretch before them is compared alike', () => {
  // 20 design networks at 70 %, then 80 round answers: the first 64 at 70 % (no rise), 8 at 71 % (the stretch before
  // the last), the last 8 at 73 %, all costing 200 (within the budgets from 200 up).
  const costs = [...Array.from({ length: 20 }, () => 100), ...Array.from({ length: 80 }, () => 200)];
  const accuracies = [...Array.from({ length: 20 }, () => 70), ...Array.from({ length: 64 }, () => 70), ...Array.from({ length: 8 }, () => 71),
    ...Array.from({ length: 8 }, () => 73)];
  const rise = frontierRise({ costs, accuracies }, 80, range);
  const share = points.filter((b) => b >= 200).length / points.length;
  assert.ok(rise);
  assert.equal(rise.evaluations, FRONTIER_RISE_MIN_ANSWERS);
  assert.ok(Math.abs(rise.last - 2 * share) < 1e-9, `last ${rise.last}`);
  assert.ok(Math.abs(rise.before - 1 * share) < 1e-9, `before ${rise.before}`);
});

test('a tenth of the rounds\' answers is a stretch once that is more than the minimum; answers worse than the frontier raise nothing', () => {
  const n = 400;
  const costs = Array.from({ length: n }, (_, i) => 100 + (i % 300));
  const accuracies = Array.from({ length: n }, (_, i) => (i < n - 40 ? 75 + (i % 300) / 100 : 60));
  const rise = frontierRise({ costs, accuracies }, 300, range);
  assert.ok(rise);
  assert.equal(rise.evaluations, 30);
  assert.equal(rise.last, 0);
  assert.ok(rise.before >= 0);
});

test('budgets with no network within them before the stretch are left out, not counted as a rise from nothing', () => {
  // Before the last stretch nothing costs under 300; the last stretch adds a network at 100.
  const costs = [...Array.from({ length: 40 }, () => 300), ...Array.from({ length: 8 }, () => 100)];
  const accuracies = [...Array.from({ length: 40 }, () => 80), ...Array.from({ length: 8 }, () => 60)];
  const rise = frontierRise({ costs, accuracies }, 40, range);
  assert.ok(rise);
  assert.equal(rise.last, 0);
});

test('too few round answers for two stretches, or a broken range, give no rise', () => {
  const costs = Array.from({ length: 30 }, () => 150);
  const accuracies = Array.from({ length: 30 }, () => 70);
  assert.equal(frontierRise({ costs, accuracies }, 15, range), undefined);
  assert.equal(frontierRise({ costs, accuracies }, 40, range), undefined);
  assert.equal(frontierRise({ costs, accuracies }, 20, [0, 400]), undefined);
  assert.equal(frontierRise({ costs, accuracies }, 20, [400, 400]), undefined);
  assert.ok(frontierRise({ costs, accuracies }, 16, range));
});
