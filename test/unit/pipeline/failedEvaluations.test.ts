import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { FailureKeeper, failedIn, failureMetricOf, keepFailed } from '../../../src/core/pipeline/failedEvaluations';
import { prepareTrainingData } from '../../../src/core/pipeline/trainingData';
import { ProxyAccuracySource } from '../../../src/core/proxy/proxyAccuracySource';
import type { AccuracySource } from '../../../src/core/sources/accuracySource';
import { type EvaluationResult, ExternalEvaluator } from '../../../src/core/sources/externalEvaluator';
import { accuracyOfResults } from '../../../src/core/sources/batchAnswers';
import type { EvaluationRunner } from '../../../src/core/sources/evaluator/evaluationRunner';
import { type Arch, archKey, randomArch, withOptions } from '../../../src/core/space/arch';
import { toPnagString } from '../../../src/core/space/pnagString';
import { Random } from '../../../src/core/util/random';

const COUNTING_EVALUATOR = resolve(__dirname, '..', '..', 'fixtures', 'evaluators', 'counting.mjs');
const archivePath = (): string => join(mkdtempSync(join(tmpdir(), 'pnag-failed-')), 'archive.jsonl');
const measured: AccuracySource = { name: 'eval:python eval.py', unit: '%', measured: true, queryable: true, isEstimate: false, accuracy: async () => [] };

test('a failure is kept as a "failed" line with its reason, read back after a reload, and forgotten once the network has an accuracy', () => {
  const path = archivePath();
  const rng = new Random(3);
  const [a, b] = [randomArch(rng), randomArch(rng)];
  keepFailed(Archive.open(path), [a, b], [`${toPnagString(a)}: the evaluator reported: CUDA out of memory`, 'timed out (tried 3 times)'], measured);
  const line = JSON.parse(readFileSync(path, 'utf8').split('\n')[0]) as { metrics: Record<string, number>; provenance: { source: string; error: string } };
  assert.deepEqual(line.metrics, { failed: 1 });
  assert.deepEqual({ source: line.provenance.source, error: line.provenance.error }, { source: 'pnag train: eval:python eval.py', error: 'the evaluator reported: CUDA out of memory' });
  const store = Archive.open(path);
  assert.deepEqual(failedIn(store, measured).map((f) => [f.key, f.reason]), [[archKey(a), 'the evaluator reported: CUDA out of memory'], [archKey(b), 'timed out (tried 3 times)']]);
  assert.deepEqual(failedIn(store, measured, { width: 1.0, resolution: 224 }), [], 'another width: nothing failed there');
  // The user fixed the evaluator and it answered: the network is measured, no longer failed.
  store.add({ arch: a, metrics: { top1: 75 }, provenance: { source: 'eval:python eval.py' } });
  assert.deepEqual(failedIn(Archive.open(path), measured).map((f) => f.key), [archKey(b)]);
  assert.deepEqual(failedIn(Archive.open(path), measured, { width: 1.2, resolution: 224 }).map((f) => f.key), [archKey(b)]);
});

test('failures of a predictor are kept beside its own top1, not beside measured ones', () => {
  const proxy = new ProxyAccuracySource('zen');
  assert.equal(failureMetricOf(proxy), 'failed@proxy-zen');
  assert.equal(failureMetricOf(measured), 'failed');
  const store = Archive.open(archivePath());
  keepFailed(store, [randomArch(new Random(1))], ['no answer'], proxy);
  assert.equal(failedIn(store, measured).length, 0);
  assert.equal(failedIn(store, proxy).length, 1);
});

test('labelling a sample: a failure is archived, the same seed does not pay for it again, and forgetFailures does', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-failed-sample-'));
  const log = join(ws, 'requests.log');
  const store = Archive.open(join(ws, 'archive.jsonl'));
  const source = new ExternalEvaluator({ command: `"${process.execPath}" "${COUNTING_EVALUATOR}" --log "${log}" --fail-deep 17`, archive: store });
  const requests = (): string[] => readFileSync(log, 'utf8').split('\n').filter((l) => l !== '');
  const madds = new MaddsCostModel('pnag');
  try {
    const first = await prepareTrainingData({ source, costModel: madds, size: 40, store, seed: 4 });
    const failed = failedIn(store, source);
    assert.ok(failed.length >= 2, `some of the 40 failed (${failed.length})`);
    assert.equal(first.archs.length, 40 - failed.length);
    assert.equal(requests().length, 40);
    const again = await prepareTrainingData({ source, costModel: madds, size: 40, store, seed: 4 });
    assert.match(again.notes.join('\n'), new RegExp(`${failed.length} networks .* failed on earlier are not sampled again`));
    const asked = requests().slice(40);
    assert.equal(asked.length, failed.length, 'only as many new networks as failed before');
    assert.ok(asked.every((p) => !failed.some((f) => toPnagString(f.arch) === p)), 'none of them one that failed');
    const forgetting = await prepareTrainingData({ source, costModel: madds, size: 80, store, seed: 4, forgetFailures: true });
    assert.ok(forgetting.archs.length > 0);
    const retried = requests().slice(40 + failed.length).filter((p) => failed.some((f) => toPnagString(f.arch) === p));
    assert.equal(retried.length, failed.length, 'forgotten: the same seed samples them again');
  } finally {
    await source.dispose();
  }
});

test('a network that failed at w1.2 is not taken for one at w1.0', () => {
  const store = Archive.open(archivePath());
  const a = randomArch(new Random(9));
  keepFailed(store, [a], ['failed'], measured);
  assert.equal(failedIn(store, measured, { width: 1.0, resolution: 224 }).length, 0);
  assert.equal(failedIn(store, measured, withOptions(a, { width: 1.2, resolution: 224 })).length, 1);
});

test('a training\'s failures are held back until the source has answered once: a broken evaluator\'s are never archived', () => {
  const store = Archive.open(archivePath());
  const rng = new Random(12);
  const [a, b, c] = [randomArch(rng), randomArch(rng), randomArch(rng)];
  const keeper = new FailureKeeper(store, measured);
  keeper.failed([a, b], ['crashed', 'crashed']);
  assert.equal(failedIn(store, measured).length, 0, 'nothing answered yet: maybe the evaluator itself is broken');
  keeper.answered();
  assert.deepEqual(failedIn(store, measured).map((f) => f.key), [a, b].map(archKey), 'it works: the held failures are the networks\'');
  keeper.failed([c], ['out of memory']);
  assert.equal(failedIn(store, measured).length, 3);
});

test('labelling a sample: evaluations the cluster lost are left out but not archived as failures, so the next run asks them again', async () => {
  const store = Archive.open(archivePath());
  const madds = new MaddsCostModel('pnag');
  const unlucky = (arch: Arch): boolean => madds.costOf(arch) > 400;
  const asked: string[] = [];
  const lost = new Set<string>();
  // A cluster runner whose nodes failed under every task holding a network over 400 M.
  const evaluate = async (archs: readonly Arch[]): Promise<EvaluationResult[]> => archs.map((arch): EvaluationResult => {
    asked.push(archKey(arch));
    if (unlucky(arch)) lost.add(archKey(arch));
    return unlucky(arch) ? { arch, error: 'task 1 of job 9: NODE_FAIL (tried 3 times)', lost: true } : { arch, metrics: { top1: 75 } };
  });
  const runner: EvaluationRunner = {
    ...measured,
    isolatesFailures: true,
    evaluate,
    // As the runners answer: one answer per network, the failures attached to the error.
    accuracy: async (archs) => accuracyOfResults(await evaluate(archs), 'top1', (n, first) => new Error(`${n} failed; first: ${first}`)),
  };
  const first = await prepareTrainingData({ source: runner, costModel: madds, size: 40, store, seed: 4 });
  assert.ok(lost.size > 0, 'nothing was lost: the test shows nothing');
  assert.equal(first.archs.length, 40 - lost.size);
  assert.equal(failedIn(store, runner).length, 0, 'a lost evaluation was archived as a failure of its network');
  asked.length = 0;
  await prepareTrainingData({ source: runner, costModel: madds, size: 40, store, seed: 4 });
  assert.ok([...lost].every((k) => asked.includes(k)), 'the lost networks were not asked again');
});
