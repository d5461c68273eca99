import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainPnag, type TrainPnagOptions } from '../../../src/core/pnag/trainPipeline';
import { loadCheckpoint, saveCheckpoint, parseCheckpoint, checkpointOf } from '../../../src/core/pnag/checkpoint';
import { generateForBudget } from '../../../src/core/pnag/generate';
import { isTrainingCancelled } from '../../../src/core/pnag/trainingLoop';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { InputError } from '../../../src/core/errors';
import { smallTraining, syntheticSamples } from './synthetic';

const data = syntheticSamples(300, 21);
const madds = new MaddsCostModel('pnag');
const small: TrainPnagOptions = smallTraining(5);

test('the same seed gives the same weights and the same generated architecture', async () => {
  const a = await trainPnag(data, small);
  const b = await trainPnag(data, small);
  assert.deepEqual(checkpointOf(a.model).weights, checkpointOf(b.model).weights);
  const ga = await generateForBudget(a.model, 420, { bestOf: 8, costModel: madds });
  const gb = await generateForBudget(b.model, 420, { bestOf: 8, costModel: madds });
  assert.equal(ga.pnag, gb.pnag);
  a.model.dispose();
  b.model.dispose();
});

test('a checkpoint round trip keeps weights, budgets and names, and generates the same architecture', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pnag-ckpt-'));
  const path = join(dir, 'model.json');
  const { model } = await trainPnag(data, small, { checkpointPath: path });
  const loaded = await loadCheckpoint(path);
  assert.deepEqual(loaded.budgets, [300, 400, 500]);
  assert.equal(loaded.info.accuracySource, 'synthetic');
  assert.equal(loaded.info.costModel.name, 'madds:pnag');
  assert.ok(loaded.info.report && Number.isFinite(loaded.info.report.evaluator.meanTau));
  const g1 = await generateForBudget(model, 350, { bestOf: 16, costModel: madds, seed: 3 });
  const g2 = await generateForBudget(loaded, 350, { bestOf: 16, costModel: madds, seed: 3 });
  assert.equal(g2.pnag, g1.pnag);
  assert.equal(g2.evaluatorScore, g1.evaluatorScore);
  await saveCheckpoint(loaded, path);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')).weights, checkpointOf(model).weights);
  model.dispose();
  loaded.dispose();
});

test('a checkpoint of another version or search space, or a corrupt file, is refused with a clear InputError', async () => {
  const { model } = await trainPnag(data, small);
  const good = checkpointOf(model);
  model.dispose();
  assert.throws(() => parseCheckpoint(JSON.stringify({ ...good, version: 99 })), (e: unknown) => e instanceof InputError && /version 99/.test(e.message));
  assert.throws(() => parseCheckpoint(JSON.stringify({ ...good, searchSpace: 'nasbench201' })), /search space "nasbench201"/);
  assert.throws(() => parseCheckpoint('{"format": "pnag-checkpoint", "vers'), /invalid JSON/);
  assert.throws(() => parseCheckpoint('{"hello": 1}'), /not a PNAG checkpoint/);
  const broken = JSON.parse(JSON.stringify(good));
  delete broken.weights.generator['generator/head/w'];
  assert.throws(() => parseCheckpoint(JSON.stringify(broken)), /generator\/head\/w" is missing/);
  await assert.rejects(loadCheckpoint('/nonexistent/model.json'), InputError);
});

test('cancel through the AbortSignal stops within a second and keeps the last good checkpoint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pnag-cancel-'));
  const path = join(dir, 'model.json');
  writeFileSync(path, 'previous good checkpoint');
  const controller = new AbortController();
  let abortedAt = 0;
  const run = trainPnag(data, { ...small, evaluator: { epochs: 1000, batchSize: 64 } }, {
    checkpointPath: path,
    signal: controller.signal,
    onProgress: (p) => {
      if (p.step === 3 && !abortedAt) {
        abortedAt = Date.now();
        controller.abort();
      }
    },
  });
  await assert.rejects(run, (e: unknown) => isTrainingCancelled(e));
  assert.ok(Date.now() - abortedAt < 1000, `stopped ${Date.now() - abortedAt} ms after the cancel`);
  assert.equal(readFileSync(path, 'utf8'), 'previous good checkpoint');
  assert.ok(existsSync(path));
});
