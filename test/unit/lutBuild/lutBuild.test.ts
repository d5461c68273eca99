import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../../src/core/tf/backend';
import { distinctLayers } from '../../../src/core/lutBuild/operatorSet';
import { buildLatencyTables, lutFileName } from '../../../src/core/lutBuild/lutBuilder';
import { robustTiming } from '../../../src/core/lutBuild/layerTiming';
import { LutCostModel } from '../../../src/core/cost/lut/lutCostModel';
import { lutKeys } from '../../../src/core/cost/lut/lutKeys';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { InputError } from '../../../src/core/errors';
import { skipUnlessInstalled } from '../optionalPackages';

const quick = { warmup: 0, repeats: 1 };

test.before(async () => {
  await initBackend('wasm');
});

test('the operator set holds every layer key any architecture of that resolution and width can have', () => {
  const keys = new Set(distinctLayers(128, 1.2).map((l) => l.key));
  // 5 stages x (first layer, later layers) x 9 (kernel, ratio), plus first conv, first block, final expand,
  // pool, feature mix and classifier.
  assert.equal(keys.size, 5 * 2 * 9 + 6);
  const rng = new Random(4);
  for (let i = 0; i < 30; i++) {
    for (const key of lutKeys(randomArch(rng, { width: 1.2, resolution: 128 }), 'ofa-mbv3')) assert.ok(keys.has(key), key);
  }
});

test('a built table loads as a LUT cost model named for the device, and a rerun keeps every timed key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pnag-lut-'));
  try {
    const first = await buildLatencyTables({ outDir: dir, resolutions: [128], width: 1.0, device: 'test-box', ...quick });
    assert.equal(first.measured, 96);
    assert.equal(first.kept, 0);
    const model = LutCostModel.load(dir);
    assert.equal(model.name, 'lut:test-box');
    assert.ok(model.costOf(randomArch(new Random(1), { width: 1.0, resolution: 128 })) > 0);
    assert.match(readFileSync(join(dir, lutFileName(128)), 'utf8'), /^# runtime: TensorFlow\.js [\d.]+, backend wasm/m);
    const again = await buildLatencyTables({ outDir: dir, resolutions: [128], width: 1.0, device: 'test-box', ...quick });
    assert.deepEqual([again.measured, again.kept], [0, 96]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an interrupted build leaves a readable table and resumes where it stopped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pnag-lut-'));
  try {
    const controller = new AbortController();
    await assert.rejects(
      buildLatencyTables({
        outDir: dir, resolutions: [128], width: 1.0, ...quick, group: 5,
        signal: controller.signal, onProgress: (p) => p.done === 10 && controller.abort(),
      }),
      { name: 'AbortError' },
    );
    const partial = readFileSync(join(dir, lutFileName(128)), 'utf8');
    assert.equal((partial.match(/^ {2}mean: /gm) ?? []).length, 10);
    const resumed = await buildLatencyTables({ outDir: dir, resolutions: [128], width: 1.0, ...quick });
    assert.deepEqual([resumed.measured, resumed.kept], [86, 10]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a table timed with another backend or clock is not resumed into; bad settings are input errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pnag-lut-'));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, lutFileName(128)), '# runtime: TensorFlow.js 4.22.0, backend cpu, Node v20\n');
    await assert.rejects(buildLatencyTables({ outDir: dir, resolutions: [128], ...quick }), (e: unknown) => e instanceof InputError && /backend cpu/.test(e.message));
    writeFileSync(join(dir, lutFileName(128)), '# runtime: TensorFlow.js 4.22.0, backend wasm, Node v20\n# clock: cpu\n');
    await assert.rejects(buildLatencyTables({ outDir: dir, resolutions: [128], ...quick }), (e: unknown) => e instanceof InputError && /cpu clock/.test(e.message));
    await assert.rejects(buildLatencyTables({ outDir: dir, resolutions: [130], ...quick }), InputError);
    await assert.rejects(buildLatencyTables({ outDir: dir, resolutions: [128], repeats: 0 }), InputError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a preempted run is left out of a table entry; ordinary spread stays in', () => {
  const t = robustTiming([1.0, 1.1, 0.9, 1.05, 0.95, 40]);
  assert.equal(t.count, 5);
  assert.ok(Math.abs(t.mean - 1.0) < 1e-9);
  assert.ok(t.std > 0.05 && t.std < 0.1);
});

test('--backend onnx times every operator on ONNX Runtime: same keys, its version in the header, usable as a LUT', { skip: skipUnlessInstalled('onnxruntime-node') }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pnag-lut-onnx-'));
  try {
    const summary = await buildLatencyTables({ outDir: dir, resolutions: [128], width: 1.0, backend: 'onnx', threads: 2, warmup: 1, repeats: 2 });
    assert.equal(summary.backend, 'onnx');
    assert.equal(summary.measured, 96);
    assert.match(summary.device, /-onnx$/);
    const text = readFileSync(join(dir, lutFileName(128)), 'utf8');
    assert.match(text, /^# runtime: ONNX Runtime \d+\.\d+\.\d+ cpu \(2 intra-op threads\), backend onnx, Node /m);
    const model = LutCostModel.load(dir);
    const arch = randomArch(new Random(8), { width: 1.0, resolution: 128 });
    assert.ok(model.costOf(arch) > 0);
    // A TF.js build into the same folder would mix runtimes: refused.
    await assert.rejects(buildLatencyTables({ outDir: dir, resolutions: [128], width: 1.0, ...quick }), (e: unknown) => e instanceof InputError && /backend onnx/.test(e.message));
    await assert.rejects(buildLatencyTables({ outDir: dir, resolutions: [128], backend: 'onnx', threads: 0 }), InputError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
