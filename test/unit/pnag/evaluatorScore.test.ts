import test from 'node:test';
import assert from 'node:assert/strict';
import { initBackend, tf } from '../../../src/core/tf/backend';
import { ParetoEvaluator } from '../../../src/core/pnag/evaluator';
import { archFeatures } from '../../../src/core/pnag/samples';
import { budgetOneHot } from '../../../src/core/pnag/budgets';
import { PNAG_FEATURE_LENGTH } from '../../../src/core/space/features';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';

test('score (inference path) gives exactly the differentiable forward pass, row for row', async () => {
  await initBackend();
  const k = 4;
  const evaluator = new ParetoEvaluator(k, 64, new Random(3));
  const rng = new Random(4);
  // Biases start at 0; make them matter.
  for (const v of evaluator.variables().filter((v) => v.shape.length === 1)) {
    v.assign(tf.tensor1d(Float32Array.from({ length: v.shape[0] }, () => rng.next() - 0.5)));
  }
  const archs = Array.from({ length: 37 }, () => randomArch(rng));
  const weights = budgetOneHot(2, k);
  const features = archFeatures(archs);
  const rows = new Float32Array(archs.length * (PNAG_FEATURE_LENGTH + k));
  archs.forEach((_, i) => {
    rows.set(features.subarray(i * PNAG_FEATURE_LENGTH, (i + 1) * PNAG_FEATURE_LENGTH), i * (PNAG_FEATURE_LENGTH + k));
    rows.set(weights, i * (PNAG_FEATURE_LENGTH + k) + PNAG_FEATURE_LENGTH);
  });
  const expected = tf.tidy(() => Array.from(evaluator.forward(tf.tensor2d(rows, [archs.length, PNAG_FEATURE_LENGTH + k])).dataSync()));
  assert.deepEqual(Array.from(evaluator.score(archs, weights)), expected);
  // Not constant: the comparison above means something.
  assert.ok(new Set(expected).size > 30);
  evaluator.dispose();
});
