import test from 'node:test';
import assert from 'node:assert/strict';
import { logAbsDet } from '../../../src/core/proxy/logDet';
import { applyLinearMap, fitLinearMap } from '../../../src/core/proxy/linearCalibration';

test('log|det| of small matrices, pivoting where the first pivot is zero', () => {
  assert.ok(Math.abs(logAbsDet([[2, 1], [1, 3]]) - Math.log(5)) < 1e-12);
  assert.ok(Math.abs(logAbsDet([[0, 2], [3, 0]]) - Math.log(6)) < 1e-12);
  assert.ok(Math.abs(logAbsDet(Float64Array.from([4, 0, 0, 0, 5, 0, 0, 0, 6]), 3) - Math.log(120)) < 1e-12);
});

test('a singular matrix has log|det| of minus infinity', () => {
  assert.equal(logAbsDet([[1, 2], [2, 4]]), -Infinity);
});

test('determinants far beyond float range stay finite in log space', () => {
  const n = 64;
  const m = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1e10 : 1)));
  assert.ok(Math.abs(logAbsDet(m) - n * Math.log(1e10)) < 1e-3);
});

test('least squares recovers an exact linear relation', () => {
  const rows = [[1, 2], [2, 1], [3, 5], [4, 4], [0, 1]];
  const y = rows.map(([a, b]) => 70 + 2 * a - 0.5 * b);
  const map = fitLinearMap(rows, y);
  assert.ok(Math.abs(map.intercept - 70) < 1e-9);
  assert.ok(Math.abs(map.coefficients[0] - 2) < 1e-9 && Math.abs(map.coefficients[1] + 0.5) < 1e-9);
  assert.ok(Math.abs(applyLinearMap(map, [10, 10]) - 85) < 1e-9);
  assert.throws(() => fitLinearMap([[1, 2], [2, 4], [3, 6]], [1, 2, 3]), /collinear/);
});
