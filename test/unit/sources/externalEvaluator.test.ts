import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { StoreWriteError } from '../../../src/core/fs/writeError';
import { EvaluatorError } from '../../../src/core/sources/evaluatorError';
import { type EvaluatorLogEntry, ExternalEvaluator, type ExternalEvaluatorOptions } from '../../../src/core/sources/externalEvaluator';
import { type Arch, randomArch } from '../../../src/core/space/arch';
import { toOfaDict } from '../../../src/core/space/ofaDict';
import { parsePnagString } from '../../../src/core/space/pnagString';
import { Random } from '../../../src/core/util/random';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'evaluators');

function command(fixture: string, ...args: string[]): string {
  return [JSON.stringify(process.execPath), JSON.stringify(join(FIXTURES, fixture)), ...args].join(' ');
}

/** The same made-up accuracy the fixture evaluators compute, from what the request carries. */
function fakeTop1(arch: Arch): number {
  const dict = toOfaDict(arch);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return Number((40 + sum(dict.d) + 0.1 * sum(dict.ks) + 0.1 * sum(dict.e) + (arch.resolution - 128) / 32 + arch.width).toFixed(3));
}

function archs(n: number, seed = 1): Arch[] {
  const rng = new Random(seed);
  // Depth 3 in the first stage keeps clear of the good evaluator's "4,4,4,4,4" refusal.
  return Array.from({ length: n }, () => randomArch(rng, { resolution: 128 + 4 * rng.int(25), width: rng.pick([1.0, 1.2]) }))
    .map((a) => (a.depths.every((d) => d === 4) ? randomArch(rng) : a));
}

async function withEvaluator<T>(options: ExternalEvaluatorOptions, run: (e: ExternalEvaluator, log: EvaluatorLogEntry[]) => Promise<T>): Promise<T> {
  const log: EvaluatorLogEntry[] = [];
  const evaluator = new ExternalEvaluator({ ...options, log: (entry) => log.push(entry) });
  try {
    return await run(evaluator, log);
  } finally {
    await evaluator.dispose();
  }
}

test('a good evaluator answers every architecture, and each answer is archived with its provenance', async () => {
  const archive = Archive.inMemory();
  const input = archs(6);
  const cmd = command('good.mjs');
  await withEvaluator({ command: cmd, archive }, async (evaluator, log) => {
    assert.equal(evaluator.name, `eval:${cmd}`);
    assert.equal(evaluator.queryable, true);
    assert.deepEqual(await evaluator.accuracy(input), input.map(fakeTop1));
    assert.equal(archive.size, 6);
    for (const arch of input) {
      const record = archive.get(arch);
      assert.equal(record?.metrics.top1, fakeTop1(arch));
      assert.equal(record?.provenance[0].source, `eval:${cmd}`);
      assert.equal(record?.provenance[0].command, cmd);
    }
    assert.ok(log.some((e) => e.stream === 'stderr' && e.text === 'good evaluator ready'), 'stderr reaches the log');
  });
});

test('no more requests are in flight than the concurrency limit, and the limit is used', async () => {
  await withEvaluator({ command: command('good.mjs', '--delay', '80'), concurrency: 3 }, async (evaluator) => {
    const results = await evaluator.evaluate(archs(9, 2));
    const seen = Math.max(...results.map((r) => r.metrics?.max_pending ?? 0));
    assert.equal(seen, 3);
  });
});

test('an error the evaluator reports fails that architecture only, without retrying', async () => {
  const archive = Archive.inMemory();
  const big = parsePnagString('4,4,4,4,4:5,5,5,5,5,7,3,5,7,5,5,3,3,5,5,3,5,3,3,5:6,6,6,6,4,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6');
  const input = [...archs(2, 3), big];
  await withEvaluator({ command: command('good.mjs'), archive }, async (evaluator, log) => {
    const results = await evaluator.evaluate(input);
    assert.equal(results[2].error, 'the evaluator reported: depth 4 everywhere does not fit in GPU memory');
    assert.equal(results[0].metrics?.top1, fakeTop1(input[0]));
    await assert.rejects(evaluator.accuracy(input), (e: unknown) => e instanceof EvaluatorError && /1 of 3 evaluations failed \(2 finished and archived\)/.test(e.message) && /GPU memory/.test(e.message));
    assert.equal(archive.size, 2);
    assert.ok(!log.some((e) => /restarting/.test(e.text)));
  });
});

test('a crashing evaluator: finished results are kept, the error names the exit and its stderr', async () => {
  const archive = Archive.inMemory();
  const input = archs(3, 4);
  await withEvaluator({ command: command('crash.mjs', '--after', '2'), archive, retries: 0 }, async (evaluator) => {
    await assert.rejects(evaluator.accuracy(input), (e: unknown) =>
      e instanceof EvaluatorError && /exited with code 3 before replying; last stderr: RuntimeError: CUDA out of memory \(tried 1 times\)/.test(e.message));
    assert.equal(archive.size, 2);
    assert.equal(archive.get(input[1])?.metrics.top1, fakeTop1(input[1]));
  });
});

test('a crashed evaluator is restarted and the lost request resent', async () => {
  const archive = Archive.inMemory();
  const input = archs(4, 5);
  // Each process answers one request and dies on the next: every request succeeds on a fresh process.
  await withEvaluator({ command: command('crash.mjs', '--after', '1'), archive, retries: 1 }, async (evaluator, log) => {
    assert.deepEqual(await evaluator.accuracy(input), input.map(fakeTop1));
    assert.equal(archive.size, 4);
    assert.equal(log.filter((e) => /^started /.test(e.text)).length, 4);
    // Each exit is logged with its reason, not only its code.
    assert.equal(log.filter((e) => /^the evaluator exited with code 3; last stderr: RuntimeError: CUDA out of memory$/.test(e.text)).length, 3, log.map((e) => e.text).join('\n'));
  });
});

test('a hanging evaluator times out with a clear error after its retries, keeping finished results', async () => {
  const archive = Archive.inMemory();
  const input = archs(2, 6);
  await withEvaluator({ command: command('hang.mjs', '--after', '1'), archive, timeoutMs: 300, retries: 1 }, async (evaluator) => {
    const results = await evaluator.evaluate(input);
    assert.equal(results[0].metrics?.top1, fakeTop1(input[0]));
    // The restarted process answers its first request, so the retry succeeds.
    assert.equal(results[1].metrics?.top1, fakeTop1(input[1]));
  });
  await withEvaluator({ command: command('hang.mjs', '--after', '0'), archive: Archive.inMemory(), timeoutMs: 200, retries: 1 }, async (evaluator) => {
    const started = Date.now();
    await assert.rejects(evaluator.accuracy(input.slice(0, 1)), /no reply within 0\.2 s \(tried 2 times\)/);
    assert.ok(Date.now() - started < 2000);
  });
  assert.equal(archive.size, 2);
});

test('a stdout line longer than any reply (30 MiB of a tensor printed) fails that request at once, naming its length; earlier results are kept', async () => {
  const archive = Archive.inMemory();
  const input = archs(3, 7);
  await withEvaluator({ command: command('garbage.mjs', '--after', '1', '--dump', '30'), archive, retries: 0 }, async (evaluator) => {
    const results = await evaluator.evaluate(input);
    assert.equal(results[0].metrics?.top1, fakeTop1(input[0]));
    assert.match(results[1].error ?? '', /broke the protocol: stdout line 2 is 3\d{7} characters long, more than a reply can be \(1048576 at most; it starts "0\.1234567, /);
    assert.equal(results[2].metrics?.top1, fakeTop1(input[2]));
  });
});

test('a garbage-printing evaluator is a protocol error that quotes the line; earlier results are kept', async () => {
  const archive = Archive.inMemory();
  const input = archs(3, 7);
  await withEvaluator({ command: command('garbage.mjs', '--after', '1'), archive, retries: 0 }, async (evaluator) => {
    const results = await evaluator.evaluate(input);
    assert.equal(results[0].metrics?.top1, fakeTop1(input[0]));
    assert.match(results[1].error ?? '', /broke the protocol: stdout line 2 is not JSON: "Validating: 100%.*print logs to stderr/);
    // The next request goes to a fresh process, which answers it.
    assert.equal(results[2].metrics?.top1, fakeTop1(input[2]));
    assert.equal(archive.size, 2);
    assert.equal(archive.has(input[1]), false);
  });
});

test('abort rejects at once; a reply already on its way is still archived', async () => {
  const archive = Archive.inMemory();
  const input = archs(3, 8);
  await withEvaluator({ command: command('good.mjs', '--delay', '250'), archive, concurrency: 1 }, async (evaluator) => {
    const controller = new AbortController();
    const pending = evaluator.evaluate(input, controller.signal);
    setTimeout(() => controller.abort(), 60);
    await assert.rejects(pending, { name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(archive.size, 1, 'the request in flight finished and was archived; the queued ones were never sent');
    assert.ok(archive.has(input[0]));
  });
});

test('an evaluator that cannot start fails with the shell\'s message', async () => {
  await withEvaluator({ command: 'pnag-no-such-evaluator-command', retries: 0 }, async (evaluator) => {
    await assert.rejects(evaluator.accuracy(archs(1)), /exited with code 127 before replying; last stderr: .*not found/);
  });
});

test('after dispose nothing more is accepted', async () => {
  const evaluator = new ExternalEvaluator({ command: command('good.mjs') });
  await evaluator.accuracy(archs(1));
  await evaluator.dispose();
  await assert.rejects(evaluator.accuracy(archs(1)), /disposed/);
});

test('when the archive cannot be written, the evaluation stops with true counts and the unsaved results are kept in a named file', async () => {
  let adds = 0;
  const store = {
    path: '/ws/.pnag/archive.jsonl',
    add: () => {
      if (++adds > 3) throw new StoreWriteError('/ws/.pnag/archive.jsonl: no space left on device', '/ws/.pnag/archive.jsonl', 'ENOSPC');
      return 'imported' as const;
    },
  };
  const input = archs(10, 5);
  await withEvaluator({ command: command('good.mjs'), archive: store }, async (evaluator) => {
    let message = '';
    await assert.rejects(evaluator.accuracy(input), (e: unknown) => {
      message = (e as Error).message;
      return e instanceof StoreWriteError;
    });
    assert.match(message, /: 3 of 4 results kept; \/ws\/\.pnag\/archive\.jsonl: no space left on device; the other 1 is in /);
    assert.match(message, /6 queued evaluations were not started/);
    const unsaved = /is in (\S+)/.exec(message)?.[1] ?? '';
    const lines = readFileSync(unsaved, 'utf8').trim().split('\n');
    assert.equal(lines.length, 1);
    assert.equal(JSON.parse(lines[0]).metrics.top1, fakeTop1(input[3]));
    rmSync(unsaved);
    // Nothing more is paid for once results cannot be kept.
    await assert.rejects(evaluator.evaluate(archs(2, 6)), /3 of 4 results kept/);
    assert.equal(adds, 4);
  });
});

test('a reply under an id PNAG never sent is a protocol error: the evaluator is restarted and the request resent at once', async () => {
  const archive = Archive.inMemory();
  const input = archs(3, 9);
  // Each fresh process answers its first request properly, so every request ends up answered.
  await withEvaluator({ command: command('wrongId.mjs', '--after', '1'), archive, retries: 2, timeoutMs: 60_000 }, async (evaluator, log) => {
    const started = Date.now();
    const results = await evaluator.evaluate(input);
    assert.deepEqual(results.map((r) => r.metrics?.top1), input.map(fakeTop1));
    assert.ok(Date.now() - started < 20_000, 'no waiting for the timeout');
    assert.ok(log.some((e) => /restarting: the evaluator broke the protocol: .*unknown request id "7"/.test(e.text)), JSON.stringify(log));
  });
  await withEvaluator({ command: command('wrongId.mjs', '--after', '0'), retries: 1, timeoutMs: 60_000 }, async (evaluator) => {
    await assert.rejects(evaluator.accuracy(input.slice(0, 1)), /unknown request id "7".*\(tried 2 times\)/);
  });
});

test('a top-1 reply that is a fraction, or outside 0..100, fails that request naming the likely cause; nothing is archived', async () => {
  const archive = Archive.inMemory();
  const input = archs(2, 10);
  await withEvaluator({ command: command('fraction.mjs'), archive }, async (evaluator) => {
    const results = await evaluator.evaluate(input);
    assert.match(results[0].error ?? '', /top1 0\.\d+ looks like a fraction; reply with a percentage/);
  });
  await withEvaluator({ command: command('fraction.mjs', '--top1', '150'), archive }, async (evaluator) => {
    const results = await evaluator.evaluate(input);
    assert.match(results[0].error ?? '', /top1 150 is not a percentage in \[0, 100\]/);
  });
  await withEvaluator({ command: command('fraction.mjs', '--top1', '-75'), archive }, async (evaluator) => {
    const results = await evaluator.evaluate(input);
    assert.match(results[0].error ?? '', /top1 -75 is not a percentage in \[0, 100\]/);
  });
  assert.equal(archive.size, 0);
});

test('while requests are outstanding, a progress line says how many and for how long', async () => {
  await withEvaluator({ command: command('hang.mjs', '--after', '0'), timeoutMs: 60_000, waitingNoteMs: 150 }, async (evaluator, log) => {
    const controller = new AbortController();
    const pending = evaluator.evaluate(archs(2, 11), controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 700));
    controller.abort();
    await assert.rejects(pending);
    const waiting = log.filter((e) => e.stream === 'event' && /^waiting for the evaluator: 1 request outstanding \(1 queued\), \d+ s/.test(e.text));
    assert.ok(waiting.length >= 2, JSON.stringify(log));
  });
});
