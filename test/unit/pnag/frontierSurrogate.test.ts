import test from 'node:test';
import assert from 'node:assert/strict';
import { expectedImprovement } from '../../../src/core/pnag/frontierSurrogate';

test('expected improvement is never negative and grows with the mean', () => {
  let last = -1;
  for (const mean of [70, 75, 79, 80, 81, 85]) {
    const ei = expectedImprovement(mean, 0.5, 80);
    assert.ok(ei >= 0);
    assert.ok(ei > last, `EI(${mean}) = ${ei} should exceed ${last}`);
    last = ei;
  }
});

test('below the incumbent, the less certain network is worth more; far above it, EI is the gain itself', () => {
  assert.ok(expectedImprovement(79, 1.0, 80) > expectedImprovement(79, 0.2, 80));
  assert.ok(Math.abs(expectedImprovement(85, 0.1, 80) - 5) < 1e-6);
  // The spread has a floor: a certain loss still keeps a tiny chance.
  assert.ok(expectedImprovement(79, 0, 80) > 0);
});

test('at the incumbent, EI is the spread times the standard normal density at 0', () => {
  assert.ok(Math.abs(expectedImprovement(80, 1, 80) - 1 / Math.sqrt(2 * Math.PI)) < 1e-6);
});
