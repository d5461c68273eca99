import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { trainingLockPathOf } from '../../../src/core/fs/trainingLock';
import { trainingOutputOf } from '../../../src/core/pipeline/checkpointPaths';
import { EngineClient, JobCancelledError } from '../../../src/worker/engineClient';
import { nasdataPath } from '../nasdata';

// The real pipeline in the real worker (engineWorker.ts under tsx): small data and few steps.
const OFA = `ofa:${nasdataPath('ofa_acc_predictor_w1.2_weights.json')}`;

test('train, cancel a second training within a second keeping the checkpoint, then generate', { timeout: 120_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-worker-'));
  const client = new EngineClient();
  try {
    const phases = new Set<string>();
    const fractions: number[] = [];
    const trained = await client.train(
      { workspace, accuracy: OFA, archiveSize: 300, evaluatorEpochs: 1, generatorSteps: 5, seed: 1 },
      {
        onProgress: (p) => {
          phases.add(p.phase);
          fractions.push(p.fraction ?? NaN);
        },
      },
    );
    assert.equal(trained.accuracySource, 'ofa-predictor');
    assert.equal(trained.archs, 300);
    // A predictor with exact MAdds: the default frontier rounds (half the sample) run after the generator.
    assert.deepEqual([...phases], ['label', 'evaluator', 'generator', 'frontier']);
    assert.ok(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]), `the overall fraction through the worker never goes back: ${fractions.join(' ')}`);
    const saved = readFileSync(trained.checkpoint, 'utf8');

    const controller = new AbortController();
    let inGenerator = false;
    const long = client.train(
      { workspace, accuracy: OFA, archiveSize: 300, evaluatorEpochs: 1, generatorSteps: 10_000, seed: 2 },
      { signal: controller.signal, onProgress: (p) => (inGenerator ||= p.phase === 'generator') },
    );
    while (!inGenerator) await new Promise((r) => setTimeout(r, 20));
    const at = Date.now();
    controller.abort();
    await assert.rejects(long, JobCancelledError);
    assert.ok(Date.now() - at < 1000, `cancel took ${Date.now() - at} ms`);
    assert.equal(readFileSync(trained.checkpoint, 'utf8'), saved, 'the last good checkpoint is kept');

    // The source is the one configured now (a checkpoint's recorded source is never reopened: docs/security.md).
    const result = await client.generate({ workspace, checkpoint: trained.checkpoint, budget: '400M', bestOf: 8, accuracy: OFA });
    assert.ok(result.madds_M <= 400, `${result.madds_M} M over the 400 M budget`);
    assert.equal(result.source, 'ofa-predictor');
    assert.equal(result.latency_ms, null);
    assert.ok(result.top1 !== null && result.top1 > 50 && result.top1 < 100);

    await assert.rejects(client.generate({ workspace, checkpoint: trained.checkpoint, budget: '30ms' }), (e: unknown) => e instanceof InputError && /multiply-adds/.test(e.message));
  } finally {
    await client.dispose();
  }
});

test('a training whose worker is terminated (the engine shut down mid-run) leaves no lock: the next training into the same output runs', { timeout: 120_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-worker-'));
  const lock = trainingLockPathOf(trainingOutputOf({ workspace }));
  const first = new EngineClient();
  const running = first.train({ workspace, accuracy: 'proxy:madds', archiveSize: 60, evaluatorEpochs: 1, generatorSteps: 10_000, seed: 1 });
  let ended: unknown;
  running.catch((error: unknown) => (ended = error ?? 'rejected'));
  while (!existsSync(join(lock, 'owner.json')) && ended === undefined) await new Promise((r) => setTimeout(r, 20));
  assert.equal(ended, undefined, `the training ended before its lock was seen: ${String(ended)}`);
  await first.dispose();
  await assert.rejects(running, /shut down/);
  assert.ok(!existsSync(lock), 'the terminated training\'s lock was released by the client');
  const second = new EngineClient();
  try {
    const trained = await second.train({ workspace, accuracy: 'proxy:madds', archiveSize: 60, evaluatorEpochs: 1, generatorSteps: 2, seed: 1 });
    assert.equal(trained.archs, 60);
  } finally {
    await second.dispose();
  }
});
