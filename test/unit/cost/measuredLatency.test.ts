import test from 'node:test';
import assert from 'node:assert/strict';
import { cpus } from 'node:os';
import { initBackend, tf } from '../../../src/core/tf/backend';
import { MeasuredLatencyCostModel, measureLatencies, measureLatency } from '../../../src/core/cost/measuredLatency';
import { isExact } from '../../../src/core/cost/costModel';
import { makeArch } from '../../../src/core/space/arch';
import { InputError } from '../../../src/core/errors';
import { loadOnnxRuntime } from '../../../src/core/net/onnx/onnxRuntime';
import { skipUnlessInstalled } from '../optionalPackages';

const smallest = makeArch([2, 2, 2, 2, 2], new Array(20).fill(3), new Array(20).fill(3), { width: 1.0, resolution: 128 });
const largest = makeArch([4, 4, 4, 4, 4], new Array(20).fill(7), new Array(20).fill(6), { width: 1.2, resolution: 224 });

const onnx = skipUnlessInstalled('onnxruntime-node');

test.before(async () => {
  await initBackend('wasm');
});

test('a measurement reports median, spread, runs, device and backend', async () => {
  const m = await measureLatency(smallest, { warmup: 2, runs: 5 });
  assert.equal(m.runs, 5);
  assert.equal(m.warmup, 2);
  assert.equal(m.backend, 'wasm');
  assert.ok(m.device.endsWith(`x${cpus().length}`), m.device);
  assert.ok(m.min_ms > 0 && m.q1_ms <= m.median_ms && m.median_ms <= m.q3_ms);
  assert.equal(m.spread_ms, m.q3_ms - m.q1_ms);
  assert.equal(m.resolution, 128);
});

test('the largest network of the space takes clearly longer than the smallest', async () => {
  const small = await measureLatency(smallest, { warmup: 2, runs: 5 });
  const large = await measureLatency(largest, { warmup: 1, runs: 3 });
  // About 20x the multiply-adds; even a noisy machine shows at least 3x the time.
  assert.ok(large.median_ms > 3 * small.median_ms, `${large.median_ms} vs ${small.median_ms}`);
});

test('the measuring cost model is named for its backend, in ms, not exact, and frees its tensors', async () => {
  const model = await MeasuredLatencyCostModel.create({ warmup: 1, runs: 3 });
  assert.equal(model.name, 'measure:wasm');
  assert.equal(model.unit, 'ms');
  assert.equal(isExact(model), false);
  assert.match(model.metric, /^latency_ms@wasm:/);
  const before = tf.memory().numTensors;
  const costs = await model.costs([smallest, smallest]);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(costs.length, 2);
  assert.ok(costs.every((c) => c > 0 && Number.isFinite(c)));
  const cpuModel = await MeasuredLatencyCostModel.create({ warmup: 1, runs: 3, clock: 'cpu' });
  assert.equal(cpuModel.name, 'measure:wasm:cpu');
  assert.ok((await cpuModel.costs([smallest])).every((c) => c > 0));
});

test('an aborted measurement stops; bad run counts are input errors', async () => {
  await assert.rejects(measureLatency(smallest, { runs: 0 }), InputError);
  await assert.rejects(measureLatency(smallest, { warmup: -1 }), InputError);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(measureLatency(smallest, { signal: controller.signal }), { name: 'AbortError' });
});

test('round-robin measurement of many architectures returns them in input order', async () => {
  const [a, b, c] = await measureLatencies([smallest, largest, smallest], { warmup: 1, runs: 3, group: 2 });
  assert.ok(b.median_ms > 3 * a.median_ms && b.median_ms > 3 * c.median_ms, `${a.median_ms} ${b.median_ms} ${c.median_ms}`);
  assert.deepEqual([a.resolution, b.resolution, c.resolution], [128, 224, 128]);
  await assert.rejects(measureLatencies([smallest], { group: 0 }), InputError);
});

test('ONNX Runtime measures the same network: labelled with its version, 1 intra-op thread by default', { skip: onnx }, async () => {
  const m = await measureLatency(smallest, { warmup: 1, runs: 3, runtime: 'onnx' });
  assert.equal(m.runtime, 'onnx');
  assert.match(m.backend, /^onnxruntime \d+\.\d+\.\d+ cpu$/);
  assert.equal(m.threads, 1);
  assert.equal(m.runs, 3);
  assert.ok(m.min_ms > 0 && m.cpu_median_ms > 0);
  const [small, large] = await measureLatencies([smallest, largest], { warmup: 1, runs: 5, runtime: 'onnx', threads: 2 });
  assert.equal(large.threads, 2);
  // The largest network has 21x the MAdds of the smallest (842 vs 40 M), but a small one's time is mostly the session's
  // overhead: 2x leaves room for a busy machine (3x once failed at 2.93x) and still fails when the network is not run.
  assert.ok(large.cpu_median_ms > 2 * small.cpu_median_ms, `${large.cpu_median_ms} vs ${small.cpu_median_ms}`);
  const wasm = await measureLatency(smallest, { warmup: 1, runs: 2 });
  assert.equal(wasm.runtime, 'tfjs');
  assert.equal(wasm.threads, null);
});

test('ONNX Runtime: bad thread counts are input errors; a missing package is an InputError naming it', async () => {
  await assert.rejects(measureLatency(smallest, { runtime: 'onnx', threads: 0 }), InputError);
  await assert.rejects(measureLatency(smallest, { runtime: 'onnx', threads: 1.5 }), InputError);
  assert.throws(() => loadOnnxRuntime('onnxruntime-node-not-installed'), (error: unknown) => error instanceof InputError && /onnxruntime-node-not-installed is not installed/.test(error.message));
});

test('ONNX Runtime as a cost model: named for its runtime and clock, positive costs', { skip: onnx }, async () => {
  const model = await MeasuredLatencyCostModel.create({ runtime: 'onnx', warmup: 1, runs: 2, clock: 'cpu' });
  assert.equal(model.name, 'measure:onnx:cpu');
  assert.ok((await model.costs([smallest])).every((c) => c > 0));
});
