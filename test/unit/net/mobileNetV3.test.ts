import test from 'node:test';
import assert from 'node:assert/strict';
import { initBackend, tf } from '../../../src/core/tf/backend';
import { MobileNetV3 } from '../../../src/core/net/mobileNetV3';
import { foldBatchNorm } from '../../../src/core/net/batchNormFold';
import { countParams, layerParams } from '../../../src/core/cost/params';
import { makeArch, randomArch } from '../../../src/core/space/arch';
import { networkLayers } from '../../../src/core/space/network';
import { Random } from '../../../src/core/util/random';

test.before(async () => {
  await initBackend('wasm');
});

test('the built network has, layer by layer, the parameters the cost model counts (PyTorch, BN unfolded)', () => {
  const rng = new Random(7);
  for (const width of [1.0, 1.2]) {
    for (let i = 0; i < 3; i++) {
      const arch = randomArch(rng, { width, resolution: 128 });
      const net = MobileNetV3.build(arch, { seed: i });
      try {
        const expected = networkLayers(arch).map(layerParams);
        assert.deepEqual(net.layerParamCounts(), expected);
        assert.equal(net.paramCount(), countParams(arch));
      } finally {
        net.dispose();
      }
    }
  }
});

test('the DyNAS-T row with params 5029656 builds a network of exactly that many parameters', () => {
  // First row of dynast_ofa_mbv3_w1.0_top1_macs.csv: PyTorch's own count on OFA's built subnet.
  const arch = makeArch(
    [2, 3, 2, 4, 3],
    [5, 7, 0, 0, 3, 3, 3, 0, 5, 5, 0, 0, 7, 3, 3, 3, 5, 5, 5, 0],
    [4, 3, 0, 0, 4, 6, 3, 0, 4, 3, 0, 0, 3, 6, 6, 6, 4, 3, 4, 0],
    { width: 1.0, resolution: 224 },
  );
  const net = MobileNetV3.build(arch);
  try {
    assert.equal(net.paramCount(), 5029656);
  } finally {
    net.dispose();
  }
});

test('folding BN into a conv computes the same function as conv followed by inference-mode BN', () => {
  const rng = new Random(3);
  const [k, cin, cout] = [3, 4, 5];
  const raw = Float32Array.from({ length: k * k * cin * cout }, () => rng.normal());
  const bn = {
    gamma: Float32Array.from({ length: cout }, () => 0.5 + rng.next()),
    beta: Float32Array.from({ length: cout }, () => rng.normal()),
    mean: Float32Array.from({ length: cout }, () => rng.normal()),
    variance: Float32Array.from({ length: cout }, () => 0.5 + rng.next()),
    eps: 1e-5,
  };
  const folded = foldBatchNorm(raw, bn);
  const [unfoldedOut, foldedOut] = tf.tidy(() => {
    const x = tf.randomNormal([2, 9, 9, cin], 0, 1, 'float32', 11) as tf.Tensor4D;
    const y = tf.conv2d(x, tf.tensor4d(raw, [k, k, cin, cout]), 2, 1);
    const unfolded = tf.batchNorm(y, tf.tensor1d(bn.mean), tf.tensor1d(bn.variance), tf.tensor1d(bn.beta), tf.tensor1d(bn.gamma), bn.eps);
    const withFold = tf.add(tf.conv2d(x, tf.tensor4d(folded.weight, [k, k, cin, cout]), 2, 1), tf.tensor1d(folded.bias));
    return [unfolded.dataSync(), withFold.dataSync()];
  });
  assert.equal(unfoldedOut.length, 2 * 5 * 5 * cout);
  for (let i = 0; i < unfoldedOut.length; i++) assert.ok(Math.abs(unfoldedOut[i] - foldedOut[i]) < 1e-4, `element ${i}`);
});

test('feature and logit shapes follow the layer list at the architecture resolution', () => {
  const arch = randomArch(new Random(5), { width: 1.2, resolution: 160 });
  const layers = networkLayers(arch);
  const finalExpand = layers.find((l) => l.kind === 'finalExpand');
  assert.ok(finalExpand && finalExpand.kind === 'finalExpand');
  const net = MobileNetV3.build(arch, { seed: 1 });
  const x = tf.randomNormal(net.inputShape) as tf.Tensor4D;
  try {
    const features = net.forward(x, { until: 'features' });
    const logits = net.forward(x);
    assert.deepEqual(features.shape, [1, finalExpand.size, finalExpand.size, finalExpand.outChannels]);
    assert.deepEqual(logits.shape, [1, 1000]);
    assert.ok(Array.from(logits.dataSync()).every(Number.isFinite));
    features.dispose();
    logits.dispose();
  } finally {
    x.dispose();
    net.dispose();
  }
});

test('equal seeds build equal networks; another seed another one', () => {
  const arch = randomArch(new Random(9), { width: 1.0, resolution: 128 });
  const x = tf.randomNormal([1, 128, 128, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
  const run = (seed: number) => {
    const net = MobileNetV3.build(arch, { seed, batchNorm: 'random' });
    const out = net.forward(x);
    const values = Array.from(out.dataSync());
    out.dispose();
    net.dispose();
    return values;
  };
  assert.deepEqual(run(4), run(4));
  assert.notDeepEqual(run(4), run(5));
  x.dispose();
});

test('building, running and disposing networks leaks no tensors', () => {
  const rng = new Random(1);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    const net = MobileNetV3.build(randomArch(rng, { resolution: 128 }), { seed: i });
    const x = tf.randomNormal(net.inputShape) as tf.Tensor4D;
    for (let r = 0; r < 2; r++) net.forward(x).dispose();
    net.forward(x, { normalize: 'batchStats', until: 'features', hooks: { activation: () => undefined } }).dispose();
    x.dispose();
    net.dispose();
  }
  assert.equal(tf.memory().numTensors, before);
});
