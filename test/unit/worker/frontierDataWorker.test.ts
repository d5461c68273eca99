import test from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toArchiveLine } from '../../../src/core/archive/archiveRecord';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { EngineClient, EngineError, JobCancelledError } from '../../../src/worker/engineClient';

const FAKE = join(__dirname, 'fixtures', 'fakeWorker.ts');

/** An archive of `rows` architectures labelled with top-1, and one unreadable line at the end. */
function largeArchive(rows: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-frontier-worker-')), 'archive.jsonl');
  const rng = new Random(11);
  const lines = Array.from({ length: rows }, (_, i) => JSON.stringify(toArchiveLine({ arch: randomArch(rng), metrics: { top1: 70 + (i % 100) / 10 }, provenance: { source: 'test' } })));
  writeFileSync(path, `${lines.join('\n')}\n`);
  appendFileSync(path, '{"pnag": 7}\n');
  return path;
}

test('a 20,000-row archive is read, merged and thinned in the real engine worker', { timeout: 120_000 }, async () => {
  const path = largeArchive(20_000);
  const client = new EngineClient();
  try {
    const result = await client.frontierData({ archive: path, unit: 'M', maddsCount: 'pnag', maxMarks: 1500 });
    assert.equal(result.kind, 'frontierData');
    assert.ok(result.records > 19_900 && result.records <= 20_000, `${result.records} records (random architectures rarely repeat)`);
    assert.equal(result.points.length, 1500);
    assert.ok(result.notes.some((n) => n.includes(`1500 of ${result.records} architectures drawn`)), result.notes.join('\n'));
    assert.equal(result.skippedCount, 1);
    assert.equal(result.skipped[0].line, 20_001);
    assert.match(result.skipped[0].message, /line 20001: architecture/);
    assert.ok(result.points.every((p) => p.series === 'archive' && p.xOrigin === 'computed' && Number.isFinite(p.x)));
  } finally {
    await client.dispose();
  }
});

test('frontier data does not wait behind a running job, and a superseded request is cancelled', async () => {
  const path = largeArchive(3000);
  const client = new EngineClient({ workerFile: FAKE });
  try {
    const slow = new AbortController();
    let started = false;
    const running = client.generate({ workspace: '/ws', budget: 'slow' }, { signal: slow.signal, onProgress: () => (started = true) });
    while (!started) await new Promise((r) => setTimeout(r, 10));
    // The first refresh is superseded at once by a second (as the Frontier view's refresh aborts the older one).
    const older = new AbortController();
    const first = client.frontierData({ archive: path, unit: 'M', maxMarks: 100 }, { signal: older.signal });
    const firstRefused = assert.rejects(first, JobCancelledError);
    older.abort();
    const second = await client.frontierData({ archive: path, unit: 'M', maxMarks: 100 });
    assert.equal(second.points.length, 100, 'answered while the slow job still runs');
    await firstRefused;
    slow.abort();
    await assert.rejects(running, JobCancelledError);
  } finally {
    await client.dispose();
  }
});

test('a malformed frontierData result is refused with an error naming the bad point', async () => {
  const client = new EngineClient({ workerFile: FAKE });
  try {
    await assert.rejects(
      client.frontierData({ archive: 'malformed', unit: 'M', maxMarks: 10 }),
      (e: unknown) => e instanceof EngineError && /"result" for job \d+: frontierData result: points\[0\] is not a plot point/.test(e.message) && /"y":"high"/.test(e.message),
    );
  } finally {
    await client.dispose();
  }
});
