import test from 'node:test';
import assert from 'node:assert/strict';
import { formatTick, linearScale, niceTicks, paddedExtent, tickStep } from '../../../../src/shared/chart/scale';

test('a linear scale maps the domain ends onto the range ends, inverts, and may flip (y grows down)', () => {
  const y = linearScale([70, 80], [200, 20]);
  assert.equal(y(70), 200);
  assert.equal(y(80), 20);
  assert.equal(y(75), 110);
  assert.equal(y.invert(110), 75);
  assert.equal(linearScale([5, 5], [0, 100])(5), 50, 'a one-value domain lands in the middle');
});

test('tick steps are 1, 2, 2.5 or 5 times a power of ten', () => {
  assert.equal(tickStep(450, 5), 100);
  assert.equal(tickStep(10, 5), 2);
  assert.equal(tickStep(1, 4), 0.25);
  assert.equal(tickStep(0.9, 3), 0.25);
});

test('nice ticks lie inside the range at multiples of the step, without float noise', () => {
  assert.deepEqual(niceTicks(243, 712, 5), [300, 400, 500, 600, 700]);
  assert.deepEqual(niceTicks(70.3, 81.2, 5), [72, 74, 76, 78, 80]);
  assert.deepEqual(niceTicks(0.1, 0.7, 3), [0.2, 0.4, 0.6]);
  assert.deepEqual(niceTicks(0, 1, 4), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(niceTicks(3, 3, 5), [3]);
  assert.deepEqual(niceTicks(Number.NaN, 1, 5), []);
});

test('padded extents widen by a share of the span, and by 1 around a single value', () => {
  assert.deepEqual(paddedExtent([100, 200]), [95, 205]);
  assert.deepEqual(paddedExtent([7, 7]), [6, 8]);
  assert.deepEqual(paddedExtent([]), [0, 1]);
  assert.equal(formatTick(300, 100), '300');
  assert.equal(formatTick(0.25, 0.25), '0.25');
  assert.equal(formatTick(72.5, 0.5), '72.5');
});
