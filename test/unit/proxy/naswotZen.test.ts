import test from 'node:test';
import assert from 'node:assert/strict';
import { initBackend, tf } from '../../../src/core/tf/backend';
import { MobileNetV3 } from '../../../src/core/net/mobileNetV3';
import { naswotScore } from '../../../src/core/proxy/naswot';
import { zenScore } from '../../../src/core/proxy/zenScore';
import { logAbsDet } from '../../../src/core/proxy/logDet';
import { checkProxyKind, proxyInputSize, proxyScores } from '../../../src/core/proxy/proxyScore';
import { maddsM } from '../../../src/core/cost/madds';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { InputError } from '../../../src/core/errors';

const arch = randomArch(new Random(21), { width: 1.0, resolution: 128 });

test.before(async () => {
  await initBackend('wasm');
});

test('NASWOT equals log|det| of the Hamming agreement kernel built by brute force from the activation codes', () => {
  const n = 4;
  const net = MobileNetV3.build(arch, { seed: 3, head: false });
  const x = tf.randomNormal([n, 32, 32, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
  try {
    const k = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    const hook = (pre: tf.Tensor) => {
      const values = pre.dataSync();
      const per = values.length / n;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let agree = 0;
          for (let u = 0; u < per; u++) if (values[i * per + u] > 0 === values[j * per + u] > 0) agree++;
          k[i][j] += agree;
        }
      }
    };
    net.forward(x, { until: 'features', hooks: { activation: hook } }).dispose();
    const expected = logAbsDet(k);
    assert.ok(Number.isFinite(expected));
    assert.ok(Math.abs(naswotScore(net, x) - expected) < 1e-6 * Math.abs(expected), `${naswotScore(net, x)} vs ${expected}`);
  } finally {
    x.dispose();
    net.dispose();
  }
});

test('NASWOT cannot tell identical inputs apart: a repeated input scores minus infinity', () => {
  const net = MobileNetV3.build(arch, { seed: 3, head: false });
  const one = tf.randomNormal([1, 32, 32, 3], 0, 1, 'float32', 6);
  const x = tf.concat([one, one, one]) as tf.Tensor4D;
  try {
    assert.equal(naswotScore(net, x), -Infinity);
  } finally {
    one.dispose();
    x.dispose();
    net.dispose();
  }
});

test('Zen-score is finite, repeatable, and frees its tensors', () => {
  const net = MobileNetV3.build(arch, { seed: 3, head: false });
  const x = tf.randomNormal([4, 32, 32, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
  const noise = tf.randomNormal([4, 32, 32, 3], 0, 1, 'float32', 8) as tf.Tensor4D;
  try {
    const before = tf.memory().numTensors;
    const a = zenScore(net, x, noise);
    assert.equal(tf.memory().numTensors, before);
    assert.ok(Number.isFinite(a));
    assert.equal(zenScore(net, x, noise), a);
  } finally {
    x.dispose();
    noise.dispose();
    net.dispose();
  }
});

test('proxy scores: cost baselines are log MAdds / log params; network proxies are seeded and leak nothing', async () => {
  const archs = [arch, randomArch(new Random(22), { width: 1.0, resolution: 128 })];
  assert.deepEqual(await proxyScores(archs, 'madds'), archs.map((a) => Math.log(maddsM(a))));
  const before = tf.memory().numTensors;
  const first = await proxyScores(archs, 'naswot', { batch: 4, scale: 0.25 });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(await proxyScores(archs, 'naswot', { batch: 4, scale: 0.25 }), first);
  assert.equal(proxyInputSize(arch, 0.25), 32);
  assert.throws(() => checkProxyKind('synflow'), InputError);
  await assert.rejects(proxyScores(archs, 'zen', { batch: 1 }), InputError);
});
