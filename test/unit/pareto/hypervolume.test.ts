import test from 'node:test';
import assert from 'node:assert/strict';
import { hypervolume2d, normalizedHypervolume } from '../../../src/core/pareto/hypervolume';
import { InputError } from '../../../src/core/errors';

test('hypervolume of a staircase is the sum of its rectangles', () => {
  // (200-100)*(70-60) + (300-200)*(75-60) + (400-300)*(77-60) = 1000 + 1500 + 1700
  const front = [
    { cost: 100, accuracy: 70 },
    { cost: 200, accuracy: 75 },
    { cost: 300, accuracy: 77 },
  ];
  assert.equal(hypervolume2d(front, { cost: 400, accuracy: 60 }), 4200);
  assert.equal(hypervolume2d([{ cost: 1, accuracy: 1 }, { cost: 2, accuracy: 2 }], { cost: 3, accuracy: 0 }), 3);
});

test('dominated points and points beyond the reference add nothing', () => {
  const ref = { cost: 3, accuracy: 0 };
  const base = [{ cost: 1, accuracy: 1 }, { cost: 2, accuracy: 2 }];
  const extra = [
    { cost: 2.5, accuracy: 1.5 }, // dominated by (2, 2)
    { cost: 4, accuracy: 5 }, // costlier than the reference
    { cost: 0.5, accuracy: -1 }, // less accurate than the reference
  ];
  assert.equal(hypervolume2d([...base, ...extra], ref), 3);
  assert.equal(hypervolume2d([], ref), 0);
  // a point exactly on the reference cost bounds a zero-width rectangle
  assert.equal(hypervolume2d([{ cost: 3, accuracy: 9 }], ref), 0);
});

test('a better point increases the hypervolume by exactly its new area', () => {
  const ref = { cost: 10, accuracy: 0 };
  const before = hypervolume2d([{ cost: 5, accuracy: 5 }], ref); // 25
  const after = hypervolume2d([{ cost: 5, accuracy: 5 }, { cost: 2, accuracy: 3 }], ref); // 25 + 3*3
  assert.equal(before, 25);
  assert.equal(after, 34);
});

test('normalised hypervolume divides by the ideal box; a bad box is an input error', () => {
  assert.equal(normalizedHypervolume([{ cost: 0, accuracy: 100 }], { cost: 10, accuracy: 0 }, { cost: 0, accuracy: 100 }), 1);
  assert.equal(normalizedHypervolume([{ cost: 5, accuracy: 50 }], { cost: 10, accuracy: 0 }, { cost: 0, accuracy: 100 }), 0.25);
  assert.throws(() => normalizedHypervolume([], { cost: 10, accuracy: 0 }, { cost: 20, accuracy: 100 }), InputError);
  assert.throws(() => hypervolume2d([], { cost: Number.POSITIVE_INFINITY, accuracy: 0 }), InputError);
});
