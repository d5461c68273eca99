import test from 'node:test';
import assert from 'node:assert/strict';
import { cosineFall, setLearningRate } from '../../../src/core/pnag/trainingLoop';
import { initBackend, tf } from '../../../src/core/tf/backend';

test('a rate set between steps is the one the next step uses', async () => {
  await initBackend();
  const x = tf.variable(tf.scalar(1));
  const optimizer = tf.train.adam(0.1);
  const step = (): number => {
    optimizer.minimize(() => tf.square(x) as tf.Scalar, false, [x]);
    return x.dataSync()[0];
  };
  // Adam's first step moves by about the rate, whatever the gradient's size.
  assert.ok(Math.abs(step() - 0.9) < 1e-3);
  setLearningRate(optimizer, 0);
  assert.ok(Math.abs(step() - 0.9) < 1e-6, 'a zero rate leaves the variable where it was');
  setLearningRate(optimizer, 0.01);
  const before = x.dataSync()[0];
  const moved = before - step();
  assert.ok(moved > 0.005 && moved < 0.011, `moved ${moved}`);
  optimizer.dispose();
  x.dispose();
});

test('the learning rate falls along a half cosine from its start to the final share', () => {
  assert.equal(cosineFall(0, 0.05), 1);
  assert.ok(Math.abs(cosineFall(0.5, 0.05) - 0.525) < 1e-12);
  assert.ok(Math.abs(cosineFall(1, 0.05) - 0.05) < 1e-12);
  assert.equal(cosineFall(2, 0.05), cosineFall(1, 0.05));
  assert.equal(cosineFall(0.3, 1), 1);
});
