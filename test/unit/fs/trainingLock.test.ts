import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { lockTrainingOutput, trainingLockPathOf } from '../../../src/core/fs/trainingLock';
import { partialCheckpointPath } from '../../../src/core/pipeline/checkpointPaths';
import { trainJob } from '../../../src/core/pipeline/trainJob';

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

test('a training into an output another training holds is refused before anything is evaluated, touching neither its checkpoint nor its snapshot', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-tlock-'));
  const out = join(ws, 'g.ckpt.json');
  writeFileSync(out, 'the finished checkpoint');
  writeFileSync(partialCheckpointPath(out), 'the running training snapshot');
  const release = await lockTrainingOutput(out);
  try {
    await assert.rejects(trainJob({ workspace: ws, accuracy: 'proxy:madds', archiveSize: 40, evaluatorEpochs: 1, generatorSteps: 1, k: 3, out: 'g.ckpt.json', backend: 'cpu' }), refusal(out));
  } finally {
    await release();
  }
  assert.equal(readFileSync(out, 'utf8'), 'the finished checkpoint');
  assert.equal(readFileSync(partialCheckpointPath(out), 'utf8'), 'the running training snapshot');
  assert.ok(!existsSync(join(ws, '.pnag', 'archive.jsonl')), 'nothing was evaluated');
});

test('folders made for the lock are removed again when the training left them empty, and kept when it wrote there', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pnag-tlock-'));
  const refused = join(root, 'a', 'b', 'g.ckpt.json');
  await (await lockTrainingOutput(refused))();
  assert.ok(!existsSync(join(root, 'a')), 'a request refused after the lock leaves no folder behind');
  const trained = join(root, 'c', 'g.ckpt.json');
  const release = await lockTrainingOutput(trained);
  writeFileSync(trained, 'checkpoint');
  await release();
  assert.equal(readFileSync(trained, 'utf8'), 'checkpoint');
});

test('a lock whose owner on this host is gone (kill -9) is taken over at once; one whose owner lives is not', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'pnag-tlock-')), 'g.ckpt.json');
  const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid as number;
  mkdirSync(trainingLockPathOf(out));
  writeFileSync(join(trainingLockPathOf(out), 'owner.json'), JSON.stringify({ host: hostname(), pid: gone, token: 'dead' }));
  const release = await lockTrainingOutput(out);
  await release();

  mkdirSync(trainingLockPathOf(out));
  writeFileSync(join(trainingLockPathOf(out), 'owner.json'), JSON.stringify({ host: hostname(), pid: process.ppid, token: 'alive' }));
  await assert.rejects(lockTrainingOutput(out), refusal(out));
  assert.equal(JSON.parse(readFileSync(join(trainingLockPathOf(out), 'owner.json'), 'utf8')).token, 'alive', 'the live owner keeps its lock');
});

test('an --out named like another output\'s snapshot (x.partial.json) is refused before anything is evaluated: the next training into x.json would delete it', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-tlock-'));
  const snapshotNamed = partialCheckpointPath(join(ws, 'models', 'x.json'));
  await assert.rejects(
    trainJob({ workspace: ws, accuracy: 'proxy:madds', archiveSize: 40, evaluatorEpochs: 1, generatorSteps: 1, k: 3, out: 'models/x.partial.json', backend: 'cpu' }),
    (e: unknown) => e instanceof InputError && e.field === '--out' && e.message.includes(snapshotNamed) && /snapshot/.test(e.message),
  );
  assert.ok(!existsSync(join(ws, 'models')), 'nothing was written');
  assert.ok(!existsSync(join(ws, '.pnag', 'archive.jsonl')), 'nothing was evaluated');
});
