import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { maddsM } from '../../../src/core/cost/madds';
import { partialCheckpointPath } from '../../../src/core/pipeline/checkpointPaths';
import type { CheckpointSources } from '../../../src/core/pipeline/engineAdapter';
import { generateJob } from '../../../src/core/pipeline/generateJob';
import { pnagEngine } from '../../../src/core/pipeline/pnagEngine';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';

const rng = new Random(4);
const archs = Array.from({ length: 80 }, () => randomArch(rng));
const data = { archs, accuracies: archs.map((a) => 60 + 5 * Math.log(maddsM(a))), costs: archs.map((a) => maddsM(a)) };
const sources: CheckpointSources = { accuracySource: 'proxy:madds', accuracySpec: 'proxy:madds', estimate: true, costModel: 'madds:pnag', costSpec: 'madds' };

function trainInput(out: string, generatorSteps: number, signal?: AbortSignal) {
  return {
    data,
    width: 1.2 as const,
    resolution: 224,
    budgets: [250, 450, 650],
    unit: 'M' as const,
    costModel: new MaddsCostModel('pnag'),
    sources,
    seed: 3,
    evaluatorEpochs: 1,
    generatorSteps,
    backend: 'cpu' as const,
    out,
    // A snapshot after every generator step, so one exists when the test cancels.
    snapshotEverySeconds: -1,
    signal,
  };
}

test('a run cancelled mid-generator keeps the finished checkpoint as it was and leaves a marked snapshot that generates', { timeout: 120_000 }, async () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-partial-'));
  const out = join(ws, 'model.ckpt.json');
  const snapshot = partialCheckpointPath(out);
  assert.equal(snapshot, join(ws, 'model.ckpt.partial.json'));

  await pnagEngine.train(trainInput(out, 3));
  assert.ok(!existsSync(snapshot), 'a finished run leaves no snapshot');
  const finished = readFileSync(out, 'utf8');
  assert.equal(JSON.parse(finished).meta.complete, true);

  const controller = new AbortController();
  const long = pnagEngine.train(trainInput(out, 100_000, controller.signal));
  while (!existsSync(snapshot)) await new Promise((r) => setTimeout(r, 20));
  // Let a few more snapshots land, then cancel in the middle of the phase.
  await new Promise((r) => setTimeout(r, 300));
  controller.abort();
  await assert.rejects(long);
  assert.equal(readFileSync(out, 'utf8'), finished, 'the finished checkpoint is untouched');

  const meta = JSON.parse(readFileSync(snapshot, 'utf8')).meta as { complete: boolean; generatorStep: number; generatorSteps: number; pipeline: { accuracySpec: string } };
  assert.equal(meta.complete, false);
  assert.equal(meta.generatorSteps, 100_000);
  assert.ok(meta.generatorStep >= 1 && meta.generatorStep < 100_000, String(meta.generatorStep));
  assert.equal(meta.pipeline.accuracySpec, 'proxy:madds');

  const result = await generateJob({ workspace: ws, checkpoint: snapshot, budget: '450M', bestOf: 4, backend: 'cpu' });
  assert.deepEqual(result.partial, { generatorStep: meta.generatorStep, generatorSteps: 100_000 });
  assert.ok(result.notes.some((n) => /snapshot of a training that did not finish \(generator step \d+ of 100000\)/.test(n)), result.notes.join('\n'));
  assert.ok(result.madds_M <= 450);

  const whole = await generateJob({ workspace: ws, checkpoint: out, budget: '450M', bestOf: 4, backend: 'cpu' });
  assert.equal(whole.partial, undefined, 'the finished checkpoint is not taken for a snapshot');
  assert.ok(!whole.notes.some((n) => /snapshot/.test(n)));
});
