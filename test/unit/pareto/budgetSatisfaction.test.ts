import test from 'node:test';
import assert from 'node:assert/strict';
import { budgetSatisfaction } from '../../../src/core/pareto/budgetSatisfaction';
import { InputError } from '../../../src/core/errors';

test('budget satisfaction counts outcomes at or under their budget', () => {
  const r = budgetSatisfaction([
    { budget: 30, cost: 29.9 },
    { budget: 35, cost: 35 }, // exactly on the budget satisfies it
    { budget: 40, cost: 40.4 },
    { budget: 45, cost: 50 },
  ]);
  assert.equal(r.satisfied, 2);
  assert.equal(r.total, 4);
  assert.equal(r.rate, 0.5);
  assert.deepEqual(r.violations.map((v) => v.budget), [40, 45]);
  assert.ok(Math.abs(r.worstOvershoot - (50 / 45 - 1)) < 1e-12);
});

test('a relative tolerance accepts small overshoots', () => {
  const r = budgetSatisfaction([{ budget: 40, cost: 40.4 }, { budget: 45, cost: 50 }], 0.01);
  assert.equal(r.satisfied, 1);
  assert.equal(budgetSatisfaction([]).total, 0);
  assert.ok(Number.isNaN(budgetSatisfaction([]).rate));
});

test('a non-positive budget or a negative tolerance is an input error', () => {
  assert.throws(() => budgetSatisfaction([{ budget: 0, cost: 1 }]), (e: unknown) => e instanceof InputError && /outcome 0/.test(e.message));
  assert.throws(() => budgetSatisfaction([], -0.1), InputError);
});
