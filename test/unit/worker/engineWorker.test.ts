import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors';
import type { JobProgress } from '../../../src/shared/engineProtocol';
import { EngineClient, EngineError, JobCancelledError } from '../../../src/worker/engineClient';

const FAKE = join(__dirname, 'fixtures', 'fakeWorker.ts');

test('a train job streams notes and throttled progress, then its typed result', async () => {
  const client = new EngineClient({ workerFile: FAKE });
  try {
    const progress: JobProgress[] = [];
    const notes: string[] = [];
    const result = await client.train(
      { workspace: '/ws', out: '/ws/a.ckpt', generatorSteps: 100 },
      { onProgress: (p) => progress.push(p), onNote: (t) => notes.push(t) },
    );
    assert.equal(result.kind, 'train');
    assert.equal(result.checkpoint, '/ws/a.ckpt');
    assert.deepEqual(notes, ['training in /ws']);
    // 100 steps of ~5 ms with a 200 ms throttle: a handful of messages, the first and the last always.
    assert.ok(progress.length >= 2 && progress.length < 20, `${progress.length} progress messages`);
    assert.equal(progress[0].step, 1);
    assert.equal(progress[progress.length - 1].step, 100);
    // NaN does not cross the protocol: evaluatorTau comes back as NaN only in the result, progress has none.
    assert.ok(progress.every((p) => p.reward === undefined || Number.isFinite(p.reward)));
  } finally {
    await client.dispose();
  }
});

test('the throttle lets every new count of evaluations through: each is paid for, and a cancel\'s last count must arrive', async () => {
  const client = new EngineClient({ workerFile: FAKE });
  try {
    const progress: JobProgress[] = [];
    await client.train({ workspace: '/ws', out: '/ws/a.ckpt', evaluations: 40, generatorSteps: 2 }, { onProgress: (p) => progress.push(p) });
    const counts = progress.flatMap((p) => (p.evaluations ? [p.evaluations.done] : []));
    assert.deepEqual(counts, Array.from({ length: 40 }, (_, i) => i + 1));
  } finally {
    await client.dispose();
  }
});

test('cancel stops a running job within a second, and the worker serves the next job', async () => {
  const client = new EngineClient({ workerFile: FAKE });
  try {
    const controller = new AbortController();
    let started = false;
    const running = client.generate({ workspace: '/ws', budget: 'slow' }, { signal: controller.signal, onProgress: () => (started = true) });
    while (!started) await new Promise((r) => setTimeout(r, 10));
    const at = Date.now();
    controller.abort();
    await assert.rejects(running, JobCancelledError);
    assert.ok(Date.now() - at < 1000, `cancel took ${Date.now() - at} ms`);
    const next = await client.generate({ workspace: '/ws', budget: '450M' });
    assert.equal(next.budget, 450);
  } finally {
    await client.dispose();
  }
});

test('an already aborted signal never starts the job', async () => {
  const client = new EngineClient({ workerFile: FAKE });
  await assert.rejects(client.generate({ workspace: '/ws', budget: '1M' }, { signal: AbortSignal.abort() }), JobCancelledError);
  assert.equal(client.running, false);
  await client.dispose();
});

test('bad input comes back as InputError and a bug as EngineError, and the worker lives on', async () => {
  const client = new EngineClient({ workerFile: FAKE });
  try {
    await assert.rejects(client.generate({ workspace: '/ws', budget: 'input' }), (e: unknown) => e instanceof InputError && /not a budget/.test(e.message));
    await assert.rejects(client.generate({ workspace: '/ws', budget: 'crash' }), (e: unknown) => e instanceof EngineError && /something broke/.test(e.message));
    assert.equal((await client.generate({ workspace: '/ws', budget: '300M' })).budget, 300);
  } finally {
    await client.dispose();
  }
});

test('a worker that dies fails its job with EngineError; the next job starts a fresh worker', async () => {
  const client = new EngineClient({ workerFile: FAKE });
  try {
    await assert.rejects(client.generate({ workspace: '/ws', budget: 'exit' }), (e: unknown) => e instanceof EngineError && /exit code 3/.test(e.message));
    assert.equal((await client.generate({ workspace: '/ws', budget: '320M' })).budget, 320);
  } finally {
    await client.dispose();
  }
});

test('jobs queue in order, and dispose fails what is still pending', async () => {
  const client = new EngineClient({ workerFile: FAKE });
  const first = client.generate({ workspace: '/ws', budget: '100M' });
  const second = client.generate({ workspace: '/ws', budget: '200M' });
  assert.deepEqual([(await first).budget, (await second).budget], [100, 200]);
  const slow = assert.rejects(client.generate({ workspace: '/ws', budget: 'slow' }), EngineError);
  await new Promise((r) => setTimeout(r, 50));
  await client.dispose();
  await slow;
  await assert.rejects(client.generate({ workspace: '/ws', budget: '1M' }), EngineError);
});

test('a malformed frontier progress message fails the job with an EngineError that says what is wrong', async () => {
  const client = new EngineClient({ workerFile: FAKE });
  try {
    await assert.rejects(
      client.generate({ workspace: '/ws', budget: 'badFrontier' }),
      (e: unknown) => e instanceof EngineError && /"progress" for job \d+: frontier progress needs whole numbers round and rounds/.test(e.message) && /got round undefined/.test(e.message),
    );
  } finally {
    await client.dispose();
  }
});
