import test from 'node:test';
import assert from 'node:assert/strict';
import { dominates, nonDominated } from '../../../src/core/pareto/nonDominated';
import { InputError } from '../../../src/core/errors';

test('a point dominates another when no worse in both objectives and better in one', () => {
  assert.equal(dominates({ cost: 1, accuracy: 70 }, { cost: 2, accuracy: 70 }), true);
  assert.equal(dominates({ cost: 1, accuracy: 71 }, { cost: 1, accuracy: 70 }), true);
  assert.equal(dominates({ cost: 1, accuracy: 70 }, { cost: 1, accuracy: 70 }), false);
  assert.equal(dominates({ cost: 1, accuracy: 60 }, { cost: 2, accuracy: 70 }), false);
});

test('the non-dominated set keeps the front, sorted by cost, and drops dominated and duplicate points', () => {
  const points = [
    { cost: 300, accuracy: 77, id: 'c' },
    { cost: 100, accuracy: 70, id: 'a' },
    { cost: 250, accuracy: 74, id: 'dominated by b' },
    { cost: 200, accuracy: 75, id: 'b' },
    { cost: 200, accuracy: 73, id: 'same cost, worse' },
    { cost: 100, accuracy: 70, id: 'duplicate of a' },
    { cost: 400, accuracy: 76, id: 'dearer and worse than c' },
  ];
  assert.deepEqual(
    nonDominated(points).map((p) => p.id),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(nonDominated([]), []);
});

test('a non-finite point is an input error naming its index', () => {
  assert.throws(() => nonDominated([{ cost: 1, accuracy: 1 }, { cost: Number.NaN, accuracy: 1 }]), (e: unknown) => e instanceof InputError && /point 1/.test(e.message));
});
