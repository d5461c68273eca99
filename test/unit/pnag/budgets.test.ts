import test from 'node:test';
import assert from 'node:assert/strict';
import { budgetPosition, resolveBudgets } from '../../../src/core/pnag/budgets';
import { InputError } from '../../../src/core/errors';

test('a range gives K evenly spaced budgets, ends included (K = 10 by default)', () => {
  assert.deepEqual(resolveBudgets({ range: [25, 60], k: 8 }), [25, 30, 35, 40, 45, 50, 55, 60]);
  assert.equal(resolveBudgets({ range: [250, 700] }).length, 10);
});

test('a list is sorted; empty, duplicate or non-positive budgets are refused', () => {
  assert.deepEqual(resolveBudgets({ list: [50, 30, 40] }), [30, 40, 50]);
  assert.throws(() => resolveBudgets({ list: [] }), InputError);
  assert.throws(() => resolveBudgets({ list: [30, 30] }), /listed twice/);
  assert.throws(() => resolveBudgets({ list: [30, -1] }), /item 2/);
  assert.throws(() => resolveBudgets({ range: [60, 25] }), InputError);
  assert.throws(() => resolveBudgets({ range: [25, 60], k: 1 }), /k = 1/);
});

test('between B1 < B < B2 the weights are xi on B1 and 1 - xi on B2, xi = (B2 - B)/(B2 - B1)', () => {
  const p = budgetPosition(33, [25, 30, 35, 40]);
  assert.equal(p.lower, 30);
  assert.equal(p.upper, 35);
  assert.ok(Math.abs(p.xi - 0.4) < 1e-12);
  assert.deepEqual(Array.from(p.weights).map((w) => Number(w.toFixed(6))), [0, 0.4, 0.6, 0]);
  assert.equal(p.clamped, false);
});

test('a training budget is a one-hot', () => {
  assert.deepEqual(Array.from(budgetPosition(35, [25, 30, 35, 40]).weights), [0, 0, 1, 0]);
  assert.deepEqual(Array.from(budgetPosition(25, [25, 30, 35, 40]).weights), [1, 0, 0, 0]);
});

test('outside the trained range the nearest end is used, flagged and explained', () => {
  const low = budgetPosition(20, [25, 30, 35]);
  assert.equal(low.clamped, true);
  assert.deepEqual(Array.from(low.weights), [1, 0, 0]);
  assert.match(low.message ?? '', /outside the trained range 25\.\.35/);
  const high = budgetPosition(99, [25, 30, 35]);
  assert.equal(high.clamped, true);
  assert.deepEqual(Array.from(high.weights), [0, 0, 1]);
  assert.throws(() => budgetPosition(-3, [25, 30]), InputError);
});
