import test from 'node:test';
import assert from 'node:assert/strict';
import { FIRST_CHECK_NETWORKS, REFIT_GROWTH, RefitSchedule } from '../../../src/core/pnag/refitSchedule';

test('no check before the first-check size; then one each time the networks grew by REFIT_GROWTH', () => {
  const schedule = new RefitSchedule(300);
  const sizes = [60, 150, 299, 300, 320, 344, 345, 400, 396 * REFIT_GROWTH];
  const due = sizes.map((n) => schedule.due(n));
  assert.deepEqual(due, [false, false, false, true, false, false, true, true, false]);
  assert.equal(schedule.due(Math.ceil(400 * REFIT_GROWTH)), true);
});

test('by default the first check waits for FIRST_CHECK_NETWORKS networks', () => {
  const schedule = new RefitSchedule();
  assert.equal(schedule.due(FIRST_CHECK_NETWORKS - 1), false);
  assert.equal(schedule.due(FIRST_CHECK_NETWORKS), true);
});
