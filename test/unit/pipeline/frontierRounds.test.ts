import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { InputError } from '../../../src/core/errors';
import type { Engine, EngineTrainInput } from '../../../src/core/pipeline/engineAdapter';
import { trainJob } from '../../../src/core/pipeline/trainJob';
import { DEFAULT_FRONTIER_QUERIES, defaultFrontierQueries } from '../../../src/core/pipeline/trainingData';
import { OfaPredictor } from '../../../src/core/predict/ofaPredictor';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { ProxyAccuracySource } from '../../../src/core/proxy/proxyAccuracySource';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { nasdataPath } from '../nasdata';

/** An engine without TF.js that records its training input and, like the rounds, reports 3 measured rows. */
function recordingEngine(): Engine & { inputs: EngineTrainInput[] } {
  const inputs: EngineTrainInput[] = [];
  return {
    inputs,
    async train(input) {
      inputs.push(input);
      const rng = new Random(9);
      const archs = [0, 1, 2].map(() => randomArch(rng));
      await input.frontier?.onMeasured?.({ archs, accuracies: [80, 81, 82], costs: [300, 310, 320] });
      writeFileSync(input.out, '{}');
      return { evaluatorTau: 0.9, finalReward: 1, finalEntropy: 10, frontierQueries: input.frontier ? 3 : 0 };
    },
    load: () => Promise.reject(new Error('not used')),
    peekSources: () => undefined,
  };
}

function workspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-frontier-job-'));
  mkdirSync(join(ws, '.pnag'));
  return ws;
}

const predictor = `ofa:${nasdataPath('ofa_acc_predictor_w1.2_weights.json')}`;

test('with a predictor and an exact cost model the rounds run by default; what they measure joins the workspace archive', async () => {
  const ws = workspace();
  const engine = recordingEngine();
  const notes: string[] = [];
  const result = await trainJob({ workspace: ws, accuracy: predictor, archiveSize: 20, backend: 'cpu' }, { onNote: (t) => notes.push(t) }, engine);
  assert.equal(engine.inputs[0].frontier?.queries, 10, 'half the sample (at most 8,000)');
  assert.equal(Archive.open(join(ws, '.pnag', 'archive.jsonl')).withMetric('top1@ofa-predictor').length, 23, 'the 20 sampled and the 3 the rounds measured');
  assert.equal(result.queried, 23);
  assert.ok(notes.some((t) => /frontier rounds: 10 more/.test(t)), notes.join('\n'));
  assert.ok(notes.some((t) => /3 more architectures labelled/.test(t)), notes.join('\n'));
});

test('--frontier-queries sets or turns off the rounds; a bad value is an InputError; a given archive ignores it with a note', async () => {
  const engine = recordingEngine();
  await trainJob({ workspace: workspace(), accuracy: predictor, archiveSize: 20, frontierQueries: 500, backend: 'cpu' }, {}, engine);
  assert.equal(engine.inputs[0].frontier?.queries, 500);
  await trainJob({ workspace: workspace(), accuracy: predictor, archiveSize: 20, frontierQueries: 0, backend: 'cpu' }, {}, engine);
  assert.equal(engine.inputs[1].frontier, undefined);
  await assert.rejects(trainJob({ workspace: workspace(), accuracy: predictor, frontierQueries: -1 }, {}, engine), (e: unknown) => e instanceof InputError && /--frontier-queries/.test(e.message));
  const ws = workspace();
  const archive = Archive.open(join(ws, 'given.jsonl'));
  const rng = new Random(3);
  archive.addMany(Array.from({ length: 12 }, () => ({ arch: randomArch(rng), metrics: {}, provenance: { source: 'test' } })));
  const notes: string[] = [];
  await trainJob({ workspace: ws, accuracy: predictor, archive: 'given.jsonl', frontierQueries: 50, backend: 'cpu' }, { onNote: (t) => notes.push(t) }, engine);
  assert.equal(engine.inputs[2].frontier, undefined);
  assert.ok(notes.some((t) => /--frontier-queries 50 ignored: training on a given archive/.test(t)), notes.join('\n'));
});

test('default rounds: half the sample up to 8,000 for a predictor with exact costs, none for a slow source', () => {
  const ofa = OfaPredictor.fromFile(nasdataPath('ofa_acc_predictor_w1.2_weights.json'));
  const madds = new MaddsCostModel('pnag');
  assert.equal(defaultFrontierQueries(ofa, madds, 16000), DEFAULT_FRONTIER_QUERIES);
  assert.equal(defaultFrontierQueries(ofa, madds, 300), 150);
  assert.equal(defaultFrontierQueries(new ProxyAccuracySource('zen'), madds, 500), 0);
});

test('evaluations the rounds skipped are told in a note with the first failure', async () => {
  const engine = recordingEngine();
  const failing: Engine = {
    ...engine,
    async train(input) {
      const result = await engine.train(input);
      return { ...result, frontierFailed: 2, frontierFirstFailure: 'CUDA out of memory' };
    },
  };
  const notes: string[] = [];
  await trainJob({ workspace: workspace(), accuracy: predictor, archiveSize: 20, backend: 'cpu' }, { onNote: (t) => notes.push(t) }, failing);
  assert.ok(notes.some((t) => /^frontier rounds: 2 of 3 evaluations failed and were skipped \(kept in .*archive\.jsonl as "failed@.*": not asked again\); first: CUDA out of memory$/.test(t)), notes.join('\n'));
});
