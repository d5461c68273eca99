import test from 'node:test';
import assert from 'node:assert/strict';
import { dominanceKendallTau, dominanceLabel, pairLabels } from '../../../src/core/pnag/dominance';

test('both fit: the more accurate is better, whatever the cost', () => {
  assert.equal(dominanceLabel(78, 400, 76, 300, 450), 1);
  assert.equal(dominanceLabel(76, 300, 78, 400, 450), -1);
});

test('one does not fit: the cheaper (the one that fits) is better, even if less accurate', () => {
  assert.equal(dominanceLabel(80, 500, 75, 300, 450), -1);
  assert.equal(dominanceLabel(75, 300, 80, 500, 450), 1);
});

test('neither fits: the cheaper is better', () => {
  assert.equal(dominanceLabel(80, 600, 70, 500, 450), -1);
  assert.equal(dominanceLabel(70, 500, 80, 600, 450), 1);
});

test('a cost exactly at the budget fits', () => {
  assert.equal(dominanceLabel(79, 450, 78, 440, 450), 1);
});

test('ties carry no label', () => {
  assert.equal(dominanceLabel(77, 300, 77, 350, 450), 0);
  assert.equal(dominanceLabel(70, 500, 80, 500, 450), 0);
});

test('pair labels are antisymmetric and count only labelled ordered pairs', () => {
  const acc = [78, 76, 80, 77];
  const cost = [400, 300, 500, 400];
  const out = new Float32Array(16);
  const count = pairLabels(acc, cost, 450, out);
  for (let i = 0; i < 4; i++) {
    assert.equal(out[i * 4 + i], 0);
    for (let j = 0; j < 4; j++) assert.equal(out[i * 4 + j], -out[j * 4 + i] || 0);
  }
  assert.equal(out[0 * 4 + 1], 1);
  assert.equal(out[2 * 4 + 0], -1);
  assert.equal(count, 12);
});

test('Kendall tau is 1 for scores that agree with every label and -1 for reversed ones', () => {
  const acc = [70, 75, 80, 85];
  const cost = [100, 200, 300, 400];
  // At budget 250: 200 (75) > 100 (70) > 300 > 400.
  const good = [2, 3, 1, 0];
  assert.equal(dominanceKendallTau(good, acc, cost, 250), 1);
  assert.equal(dominanceKendallTau(good.map((s) => -s), acc, cost, 250), -1);
});
