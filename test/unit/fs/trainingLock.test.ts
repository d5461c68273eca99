import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { lockTrainingOutput, trainingLockPathOf } from '../../../src/core/fs/trainingLock';
import { partialCheckpointPath } from '../../../src/core/pipeline/checkpointPaths';
import { pnagEngine } from '../../../src/core/pipeline/pnagEngine';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { maddsM } from '../../../src/core/cost/madds';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';

const refusal = (out: string) => (e: unknown) => e instanceof InputError && e.field === '--out' && e.message.includes(out) && /another training is writing it/.test(e.message);

test('a second training into the same output is refused while the first holds it, and allowed once it is released', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'pnag-tlock-')), 'sub', 'g.ckpt.json');
  const release = await lockTrainingOutput(out);
  assert.ok(existsSync(trainingLockPathOf(out)));
  await assert.rejects(lockTrainingOutput(out), refusal(out));
  // Another output in the same folder is free.
  const other = await lockTrainingOutput(`${out}.other`);
  await other();
  await release();
  assert.ok(!existsSync(trainingLockPathOf(out)));
  const again = await lockTrainingOutput(out);
  await again();
});

test('a lock left by a crashed training (not refreshed for longer than the stale time) is taken over', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'pnag-tlock-')), 'g.ckpt.json');
  mkdirSync(trainingLockPathOf(out));
  const old = new Date(Date.now() - 10 * 60_000);
  utimesSync(trainingLockPathOf(out), old, old);
  const release = await lockTrainingOutput(out);
  await release();
});

test('the engine refuses a training into an output another training holds, touching neither its checkpoint nor its snapshot', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-tlock-'));
  const out = join(ws, 'g.ckpt.json');
  writeFileSync(out, 'the finished checkpoint');
  writeFileSync(partialCheckpointPath(out), 'the running training snapshot');
  const release = await lockTrainingOutput(out);
  const rng = new Random(2);
  const archs = Array.from({ length: 40 }, () => randomArch(rng));
  try {
    await assert.rejects(pnagEngine.train({
      data: { archs, accuracies: archs.map((a) => 60 + Math.log(maddsM(a))), costs: archs.map((a) => maddsM(a)) },
      width: 1.2, resolution: 224, budgets: [250, 450, 650], unit: 'M', costModel: new MaddsCostModel('pnag'),
      sources: { accuracySource: 'proxy:madds', accuracySpec: 'proxy:madds', estimate: true, costModel: 'madds:pnag', costSpec: 'madds' },
      seed: 1, evaluatorEpochs: 1, generatorSteps: 1, backend: 'cpu', out,
    }), refusal(out));
  } finally {
    await release();
  }
  assert.equal(readFileSync(out, 'utf8'), 'the finished checkpoint');
  assert.equal(readFileSync(partialCheckpointPath(out), 'utf8'), 'the running training snapshot');
});
