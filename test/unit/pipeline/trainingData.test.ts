import test from 'node:test';
import assert from 'node:assert/strict';
import { Archive } from '../../../src/core/archive/archive';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { InputError } from '../../../src/core/errors';
import { OfaPredictor } from '../../../src/core/predict/ofaPredictor';
import { ARCHIVE_SIZE_DEFAULTS, defaultArchiveSize, prepareTrainingData } from '../../../src/core/pipeline/trainingData';
import { ProxyAccuracySource } from '../../../src/core/proxy/proxyAccuracySource';
import { ArchiveAccuracySource } from '../../../src/core/sources/archiveSource';
import { archKey, randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { nasdataPath } from '../nasdata';

const predictor = OfaPredictor.fromFile(nasdataPath('ofa_acc_predictor_w1.2_weights.json'));
const madds = new MaddsCostModel('pnag');

test('a queryable source: N distinct random w1.2 r224 architectures, labelled, costed and kept in the store', async () => {
  const store = Archive.inMemory();
  const progress: number[] = [];
  const data = await prepareTrainingData({ source: predictor, costModel: madds, size: 300, store, seed: 5, onProgress: (p) => progress.push(p.done) });
  assert.equal(data.archs.length, 300);
  assert.equal(new Set(data.archs.map(archKey)).size, 300);
  assert.ok(data.archs.every((a) => a.width === 1.2 && a.resolution === 224));
  assert.deepEqual(data.accuracies, await predictor.accuracy(data.archs));
  assert.deepEqual(data.costs, data.archs.map((a) => madds.costOf(a)));
  assert.equal(data.queried, 300);
  assert.equal(progress[progress.length - 1], 300);
  // Predictions are kept under their own metric, never as measured top1.
  assert.equal(store.withMetric('top1@ofa-predictor').length, 300);
  assert.equal(store.withMetric('top1').length, 0);

  // A second run reuses the stored labels and queries only what is missing.
  const again = await prepareTrainingData({ source: predictor, costModel: madds, size: 350, store, seed: 6 });
  assert.equal(again.reused, 300);
  assert.equal(again.queried, 50);
  assert.equal(store.withMetric('top1@ofa-predictor').length, 350);
});

test('the same seed gives the same architectures', async () => {
  const a = await prepareTrainingData({ source: predictor, costModel: madds, size: 50, seed: 9 });
  const b = await prepareTrainingData({ source: predictor, costModel: madds, size: 50, seed: 9 });
  assert.deepEqual(a.archs.map(archKey), b.archs.map(archKey));
});

test('an archive: trains on the most common width/resolution and says what it left out', async () => {
  const archive = Archive.inMemory();
  const rng = new Random(3);
  const entries = [
    ...Array.from({ length: 30 }, () => ({ arch: randomArch(rng, { width: 1.0, resolution: 224 }), metrics: { top1: 70 + rng.next() }, provenance: { source: 't' } })),
    ...Array.from({ length: 5 }, () => ({ arch: randomArch(rng, { width: 1.2, resolution: 192 }), metrics: { top1: 70 }, provenance: { source: 't' } })),
  ];
  archive.addMany(entries);
  const source = new ArchiveAccuracySource(archive);
  const data = await prepareTrainingData({ source, costModel: madds, fromArchive: archive });
  assert.equal(data.archs.length, 30);
  assert.equal(data.width, 1.0);
  assert.equal(data.queried, 0);
  assert.match(data.notes.join('\n'), /5 at other widths\/resolutions left out/);
  await assert.rejects(prepareTrainingData({ source, costModel: madds }), InputError);
});

test('abort stops labelling', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(prepareTrainingData({ source: predictor, costModel: madds, size: 100, signal: controller.signal }));
});

test('default sizes: 16,000 for predictors, fewer where each label runs a network; fewer than 4 is refused', async () => {
  assert.equal(defaultArchiveSize(predictor, madds), 16_000);
  assert.equal(defaultArchiveSize(new ProxyAccuracySource('zen'), madds), ARCHIVE_SIZE_DEFAULTS.proxy);
  assert.equal(defaultArchiveSize(new ProxyAccuracySource('cost'), madds), 16_000);
  await assert.rejects(prepareTrainingData({ source: predictor, costModel: madds, size: 2 }), (e: unknown) => e instanceof InputError && /--archive-size/.test(e.message));
});

test('an evaluator: each answer archived once as measured top1; a failed evaluation costs only its architecture', async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join, resolve } = await import('node:path');
  const { ExternalEvaluator } = await import('../../../src/core/sources/externalEvaluator');
  const store = Archive.open(join(mkdtempSync(join(tmpdir(), 'pnag-eval-')), 'archive.jsonl'));
  const good = resolve(__dirname, '..', '..', 'fixtures', 'evaluators', 'good.mjs');
  const source = new ExternalEvaluator({ command: `"${process.execPath}" "${good}"`, archive: store });
  // The fixture refuses depth 4 in every stage: put one such architecture among the sampled ones.
  const all4 = { depths: [4, 4, 4, 4, 4], kernels: Array(20).fill(3), expands: Array(20).fill(3), width: 1.2 as const, resolution: 224 };
  store.add({ arch: randomArch(new Random(1)), metrics: { madds_M: 1 }, provenance: { source: 't' } });
  try {
    const data = await prepareTrainingData({ source, costModel: madds, size: 12, store, seed: 4 });
    assert.equal(data.queried, 12);
    assert.equal(data.archs.length, 12);
    assert.equal(store.withMetric('top1').length, 12);
    const more = await prepareTrainingData({ source, costModel: madds, fromArchive: (() => {
      store.add({ arch: all4, metrics: { madds_M: 1 }, provenance: { source: 't' } });
      return store;
    })() });
    assert.match(more.notes.join('\n'), /evaluations failed and were left out; first: 4,4,4,4,4/);
    assert.equal(more.archs.length, 13, 'the 12 labelled and the one with only madds_M, not the refused one');
  } finally {
    await source.dispose();
  }
});
