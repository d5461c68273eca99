import test from 'node:test';
import assert from 'node:assert/strict';
import { initBackend, tf } from '../../../src/core/tf/backend';
import { MobileNetV3 } from '../../../src/core/net/mobileNetV3';
import { exportLayer, exportMobileNetV3, onnxLayerInputShape, toOnnxFilter } from '../../../src/core/net/onnx/onnxExport';
import { OnnxSession, onnxRuntimeLabel } from '../../../src/core/net/onnx/onnxRuntime';
import { countParams } from '../../../src/core/cost/params';
import { randomArch } from '../../../src/core/space/arch';
import { distinctLayers } from '../../../src/core/lutBuild/operatorSet';
import { layerWeights, disposeLayerWeights } from '../../../src/core/net/netWeights';
import { runLayer } from '../../../src/core/net/mobileNetV3';
import { Random } from '../../../src/core/util/random';
import { skipUnlessInstalled } from '../optionalPackages';

const onnx = skipUnlessInstalled('onnxruntime-node');

test.before(async () => {
  await initBackend('wasm');
});

/** NHWC to NCHW, the layouts TF.js and ONNX take. */
function toNchw(x: Float32Array, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) for (let k = 0; k < c; k++) out[(k * h + y) * w + i] = x[(y * w + i) * c + k];
  return out;
}

function maxRelativeError(actual: Float32Array, expected: Float32Array): number {
  const scale = Math.max(...Array.from(expected, Math.abs));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
  return worst;
}

test('filters go from TF.js [kh, kw, cin, cout] to ONNX [cout, cin, kh, kw]', () => {
  // Value = its TF.js index; check two corners and one inner element by hand.
  const [kh, kw, cin, cout] = [2, 3, 4, 5];
  const data = Float32Array.from({ length: kh * kw * cin * cout }, (_, i) => i);
  const out = toOnnxFilter(data, kh, kw, cin, cout);
  assert.equal(out[0], 0);
  // ONNX [o=4, i=3, y=1, x=2] is TF.js [y=1, x=2, i=3, o=4].
  assert.equal(out[((4 * cin + 3) * kh + 1) * kw + 2], ((1 * kw + 2) * cin + 3) * cout + 4);
  assert.equal(out[((2 * cin + 1) * kh + 0) * kw + 1], ((0 * kw + 1) * cin + 1) * cout + 2);
});

test('ONNX Runtime runs the exported network to the same logits as TF.js, with the cost model\'s parameters', { skip: onnx }, async () => {
  assert.match(onnxRuntimeLabel(), /^onnxruntime \d+\.\d+\.\d+ cpu$/);
  const rng = new Random(31);
  for (const [width, resolution] of [[1.0, 128], [1.2, 160]] as const) {
    const arch = randomArch(rng, { width, resolution });
    // Random BN statistics, so a wrong fold or a wrong filter layout changes the output.
    const net = MobileNetV3.build(arch, { seed: 4, batchNorm: 'random' });
    const exported = exportMobileNetV3(net);
    assert.equal(exported.unfoldedParams, countParams(arch));
    assert.equal(exported.unfoldedParams, net.paramCount());
    assert.deepEqual(exported.inputShape, [1, 3, resolution, resolution]);
    const input = tf.randomNormal(net.inputShape, 0, 1, 'float32', 9) as tf.Tensor4D;
    const session = await OnnxSession.create(exported.model, exported.inputShape);
    try {
      const expected = net.forward(input).dataSync() as Float32Array;
      const actual = await session.run(toNchw(input.dataSync() as Float32Array, resolution, resolution, 3));
      assert.equal(actual.length, 1000);
      const error = maxRelativeError(actual, expected);
      assert.ok(error < 1e-3, `w${width} r${resolution}: max |ORT - TF.js| / max |TF.js| = ${error}`);
      // The logits are not trivially equal (e.g. all zero): they differ across classes.
      assert.ok(Math.max(...expected) - Math.min(...expected) > 1e-3);
    } finally {
      await session.dispose();
      input.dispose();
      net.dispose();
    }
  }
});

test('each kind of layer exported alone matches TF.js\'s runLayer (what a latency table times)', { skip: onnx }, async () => {
  const keyed = distinctLayers(128, 1.0);
  // First conv, a stride-2 SE block with h-swish, a residual ReLU block, final expand, pool, feature mix, classifier.
  const picks = [
    keyed.find((k) => k.layer.kind === 'firstConv'),
    keyed.find((k) => k.layer.kind === 'mbconv' && k.layer.squeezeExcite && k.layer.stride === 2 && k.layer.activation === 'h_swish' && k.layer.kernel === 7),
    keyed.find((k) => k.layer.kind === 'mbconv' && k.layer.residual && k.layer.activation === 'relu' && k.layer.kernel === 5),
    ...keyed.filter((k) => ['finalExpand', 'pool', 'featureMix', 'classifier'].includes(k.layer.kind)),
  ];
  assert.equal(picks.length, 7);
  for (const pick of picks) {
    assert.ok(pick !== undefined);
    const weights = layerWeights(pick.layer, new Random(2), { batchNorm: 'random', weights: 'kaiming' });
    const shape = onnxLayerInputShape(pick.layer);
    const exported = exportLayer(pick.layer, weights);
    const session = await OnnxSession.create(exported.model, exported.inputShape);
    try {
      const nchw = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i));
      // The same values in TF.js's NHWC layout.
      const nhwc = new Float32Array(nchw.length);
      if (shape.length === 4) {
        const [, c, h, w] = shape;
        for (let k = 0; k < c; k++) for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) nhwc[(y * w + i) * c + k] = nchw[(k * h + y) * w + i];
      } else nhwc.set(nchw);
      const tfShape = shape.length === 4 ? [1, shape[2], shape[3], shape[1]] : shape;
      const expected = tf.tidy(() => runLayer(pick.layer, weights, tf.tensor(nhwc, tfShape)).dataSync() as Float32Array);
      const actual = await session.run(nchw);
      assert.equal(actual.length, expected.length, pick.key);
      const out = exported.outputShape;
      const expectedNchw = out.length === 4 ? toNchw(expected, out[2], out[3], out[1]) : expected;
      assert.ok(maxRelativeError(actual, expectedNchw) < 1e-3, pick.key);
    } finally {
      await session.dispose();
      disposeLayerWeights(weights);
    }
  }
});
