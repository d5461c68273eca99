import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { trainJob } from '../../../src/core/pipeline/trainJob';
import { EngineClient } from '../../../src/worker/engineClient';
import type { EngineBackend } from '../../../src/shared/engineProtocol';

// Tiny settings: the cost-only estimate labels without TF.js, so the backend is the engine's alone.
const TINY = { accuracy: 'proxy:madds', archiveSize: 60, evaluatorEpochs: 1, generatorSteps: 3, k: 3, seed: 1 };

test('a job\'s backend reaches training and generation; asking for another backend restarts the worker', { timeout: 120_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-backend-'));
  const client = new EngineClient();
  try {
    const trained = await client.train({ workspace, ...TINY, backend: 'cpu' });
    assert.equal(trained.backend, 'cpu');
    const onCpu = await client.generate({ workspace, checkpoint: trained.checkpoint, budget: '400M', bestOf: 4, backend: 'cpu' });
    assert.equal(onCpu.backend, 'cpu');
    assert.equal(client.workersStarted, 1, 'same backend, same worker');

    const onWasm = await client.generate({ workspace, checkpoint: trained.checkpoint, budget: '400M', bestOf: 4, backend: 'wasm' });
    assert.equal(onWasm.backend, 'wasm', 'not silently left on cpu');
    assert.equal(client.workersStarted, 2, 'a new worker for the other backend');
    assert.ok(onWasm.madds_M <= 400);
  } finally {
    await client.dispose();
  }
});

test('an unknown backend is an InputError naming the choices, from the client and from the job itself', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-backend-'));
  const client = new EngineClient();
  const wrong = 'cuda' as EngineBackend;
  const named = (e: unknown) => e instanceof InputError && /--backend: "cuda" is not one of auto, wasm, cpu, tensorflow/.test(e.message);
  try {
    await assert.rejects(client.train({ workspace, ...TINY, backend: wrong }), named);
    await assert.rejects(client.generate({ workspace, budget: '400M', backend: wrong }), named);
    await assert.rejects(client.generate({ workspace, budget: '400M', train: { backend: wrong } }), named);
    assert.equal(client.workersStarted, 0, 'refused before any worker starts');
  } finally {
    await client.dispose();
  }
  await assert.rejects(trainJob({ workspace, ...TINY, backend: wrong }), named);
});
