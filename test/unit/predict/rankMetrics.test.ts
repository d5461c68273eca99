import test from 'node:test';
import assert from 'node:assert/strict';
import {
  kendallTau,
  kendallTauWhere,
  kendallTauWithinBins,
  kendallTauWithinCost,
  mae,
  pearson,
  ranks,
  rmse,
  spearman,
} from '../../../src/core/predict/rankMetrics';
import { InputError } from '../../../src/core/errors';

test('Kendall tau is 1 for the same order, -1 for the reverse, and counts discordant pairs', () => {
  assert.equal(kendallTau([1, 2, 3, 4], [10, 20, 30, 40]), 1);
  assert.equal(kendallTau([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  // pairs (0,1) and (0,2) agree, (1,2) disagrees: (2 - 1) / 3
  assert.ok(Math.abs(kendallTau([1, 2, 3], [1, 3, 2]) - 1 / 3) < 1e-12);
});

test('Kendall tau-b shrinks the denominator for ties (as scipy.stats.kendalltau)', () => {
  // one pair tied in truth: 2 / sqrt(2 * 3)
  assert.ok(Math.abs(kendallTau([1, 1, 2], [1, 2, 3]) - 2 / Math.sqrt(6)) < 1e-12);
  assert.ok(Number.isNaN(kendallTau([1, 1, 1], [1, 2, 3])));
});

test('Kendall tau within cost keeps only pairs whose costs are within the relative tolerance', () => {
  const truth = [1, 2, 3, 4];
  const predicted = [2, 1, 3, 4];
  const costs = [100, 104, 200, 203];
  const r = kendallTauWithinCost(truth, predicted, costs, 0.05);
  assert.equal(r.pairs, 2); // (0,1) discordant, (2,3) concordant
  assert.equal(r.tau, 0);
  assert.equal(kendallTauWithinCost(truth, predicted, costs, 0.01).pairs, 0);
});

test('Kendall tau within bins pools only pairs inside equal-count cost bins', () => {
  const costs = [5, 1, 6, 2];
  const truth = [10, 1, 20, 2];
  const predicted = [20, 1, 10, 2]; // right inside the cheap bin, wrong inside the dear one
  const r = kendallTauWithinBins(truth, predicted, costs, 2);
  assert.equal(r.pairs, 2);
  assert.equal(r.tau, 0);
  assert.equal(kendallTauWhere(truth, predicted, (i, j) => i === 1 && j === 3).tau, 1);
});

test('Spearman uses average ranks and matches the textbook example', () => {
  assert.deepEqual(ranks([10, 30, 20, 20]), [1, 4, 2.5, 2.5]);
  // d^2 sums to 4: 1 - 6 * 4 / (5 * 24) = 0.8
  assert.ok(Math.abs(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) - 0.8) < 1e-12);
  assert.ok(Math.abs(spearman([1, 2, 3, 4], [1, 8, 27, 64]) - 1) < 1e-12);
  assert.ok(Math.abs(pearson([1, 2, 3], [2, 4, 6]) - 1) < 1e-12);
});

test('RMSE and MAE on hand-made errors', () => {
  assert.equal(rmse([0, 0, 0, 0], [1, -1, 1, -1]), 1);
  assert.equal(rmse([1, 2], [1, 2]), 0);
  assert.ok(Math.abs(rmse([0, 0], [3, 4]) - Math.sqrt(12.5)) < 1e-12);
  assert.equal(mae([0, 0], [3, -4]), 3.5);
});

test('mismatched lengths and non-finite values are input errors naming the metric', () => {
  assert.throws(() => kendallTau([1, 2], [1]), (e: unknown) => e instanceof InputError && /Kendall tau: 2 true values but 1/.test(e.message));
  assert.throws(() => rmse([1, Number.NaN], [1, 2]), (e: unknown) => e instanceof InputError && /RMSE: value 1/.test(e.message));
  assert.throws(() => kendallTauWithinCost([1, 2], [1, 2], [1]), InputError);
});
