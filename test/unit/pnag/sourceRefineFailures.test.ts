import test from 'node:test';
import assert from 'node:assert/strict';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { refineWithSource } from '../../../src/core/pnag/sourceRefine';
import type { AccuracySource } from '../../../src/core/sources/accuracySource';
import { accuracyOfResults } from '../../../src/core/sources/batchAnswers';
import { type Arch, archKey } from '../../../src/core/space/arch';
import { fittingArchs, syntheticAccuracy } from './synthetic';

const madds = new MaddsCostModel('pnag');
const BUDGET = 420;
// The evaluator's GPU holds networks up to 380 M; the search looks up to 420 M.
const MEMORY_LIMIT = 380;

/** An evaluator (one reply per network, as the JSON Lines runners give) that fails on networks above `limit`; every request logged. */
function limitedSource(limit: number): AccuracySource & { asked: Arch[] } {
  const asked: Arch[] = [];
  return {
    name: 'limited',
    unit: '%',
    isEstimate: false,
    queryable: true,
    asked,
    accuracy: async (archs: readonly Arch[]) => {
      asked.push(...archs);
      const results = archs.map((arch) => (madds.costOf(arch) > limit ? { arch, error: 'CUDA out of memory' } : { arch, metrics: { top1: syntheticAccuracy(arch) } }));
      return accuracyOfResults(results, 'top1', (n, first) => new Error(`${n} failed; first: ${first}`));
    },
  };
}

const rateBySize = (archs: readonly Arch[]): number[] => archs.map(syntheticAccuracy);

test('a source search goes on past the networks the source fails on: each asked once, reported with the reason, the answer one it measured', async () => {
  const source = limitedSource(MEMORY_LIMIT);
  const candidates = fittingArchs(12, BUDGET, 5);
  const result = await refineWithSource(candidates, BUDGET, madds, source, rateBySize, { queries: 60, seed: 3 });
  assert.equal(result.queries, source.asked.length, 'failed evaluations count: they were paid for');
  assert.equal(new Set(source.asked.map(archKey)).size, source.asked.length, 'a network was asked twice');
  const overLimit = source.asked.filter((a) => madds.costOf(a) > MEMORY_LIMIT);
  assert.ok(overLimit.length > 0, 'the search never met the limit: the test shows nothing');
  assert.deepEqual(result.failures.map((f) => archKey(f.arch)).sort(), overLimit.map(archKey).sort());
  assert.ok(result.failures.every((f) => /CUDA out of memory/.test(f.reason)));
  assert.ok(result.best !== undefined && result.best.cost <= MEMORY_LIMIT);
  assert.equal(result.best.accuracy, syntheticAccuracy(result.best.arch));
  const answered = source.asked.filter((a) => madds.costOf(a) <= MEMORY_LIMIT).map(syntheticAccuracy);
  assert.equal(result.best.accuracy, Math.max(...answered));
});

test('after a few failures the search keeps off networks like them (a model of what the source fails on)', async () => {
  const source = limitedSource(MEMORY_LIMIT);
  const result = await refineWithSource(fittingArchs(12, BUDGET, 5), BUDGET, madds, source, rateBySize, { queries: 60, seed: 3 });
  // Rated by size, the climb heads for the budget's edge, over the limit: with only the failed networks skipped, 56 of
  // these 60 queries failed (seeds 3-7 of the restarts: 54-56); with the model 16 (16-20).
  assert.equal(result.queries, 60);
  assert.ok(result.failures.length <= 30, `${result.failures.length} of ${result.queries} failed`);
});

test('networks the source failed on before are never asked; a source failing on everything leaves no answer, every failure reported', async () => {
  const source = limitedSource(MEMORY_LIMIT);
  const candidates = fittingArchs(12, BUDGET, 5);
  const before = candidates.filter((a) => madds.costOf(a) > MEMORY_LIMIT).slice(0, 3);
  assert.ok(before.length > 0);
  await refineWithSource(candidates, BUDGET, madds, source, rateBySize, { queries: 30, failed: before, seed: 3 });
  const beforeKeys = new Set(before.map(archKey));
  assert.ok(source.asked.every((a) => !beforeKeys.has(archKey(a))), 'a network that failed before was asked again');

  const broken = limitedSource(0);
  const none = await refineWithSource(candidates, BUDGET, madds, broken, rateBySize, { queries: 20, seed: 3 });
  assert.equal(none.best, undefined);
  assert.equal(none.failures.length, none.queries);
  assert.equal(none.queries, broken.asked.length);
  assert.ok(none.queries > 0 && none.queries <= 20);
});

test('an evaluator that fails as a whole (not network by network) ends the search with what it has: nothing counted as failed', async () => {
  const inner = limitedSource(MEMORY_LIMIT);
  let calls = 0;
  // A runner (it answers network by network) whose third call fails as a whole: the cluster went away.
  const source: AccuracySource = { ...inner, isolatesFailures: true, accuracy: async (archs, signal) => {
    if (++calls === 3) throw new Error('squeue: Unable to contact slurm controller');
    return inner.accuracy(archs, signal);
  } };
  const result = await refineWithSource(fittingArchs(12, BUDGET, 5), BUDGET, madds, source, rateBySize, { queries: 60, seed: 3 });
  assert.match(result.stoppedBy ?? '', /Unable to contact slurm controller/);
  assert.equal(calls, 3, 'asked again after it failed as a whole');
  assert.equal(result.queries, inner.asked.length, 'the failed call is not counted: nothing was evaluated');
  assert.ok(result.failures.every((f) => /CUDA out of memory/.test(f.reason)), 'a network was blamed for the cluster');
  const answered = inner.asked.filter((a) => madds.costOf(a) <= MEMORY_LIMIT).map(syntheticAccuracy);
  assert.ok(result.best !== undefined && result.best.accuracy === Math.max(...answered));
});
