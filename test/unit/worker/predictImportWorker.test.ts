import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { InputError } from '../../../src/core/errors';
import { parseArchText } from '../../../src/core/space/parseArch';
import { EngineClient, JobCancelledError } from '../../../src/worker/engineClient';

// The predict and import jobs through a worker: the real pipeline's (engineWorker.ts) and the fake one's,
// whose predict and import are the real jobs beside a training that runs until cancelled.
const FAKE = join(__dirname, 'fixtures', 'fakeWorker.ts');
const ARCHIVE_FIXTURES = join(__dirname, '..', 'archive', 'fixtures');
const STORED = '2,2,3,3,3:5,5,0,0,5,5,0,0,7,5,7,0,3,5,5,0,7,5,5,0:3,3,0,0,4,3,0,0,4,3,3,0,6,4,4,0,6,6,6,0';
const OTHER = '4,4,4,4,4:3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3:3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3';

const workspace = (): string => mkdtempSync(join(tmpdir(), 'pnag-predict-import-'));
/** Runs `body` with a client of the fake worker and a fresh workspace; the worker ends after. */
async function withFakeWorker(body: (client: EngineClient, dir: string) => Promise<void>): Promise<void> {
  const client = new EngineClient({ workerFile: FAKE });
  try {
    await body(client, workspace());
  } finally {
    await client.dispose();
  }
}

const inputError = (pattern: RegExp) => (e: unknown) => e instanceof InputError && pattern.test(e.message) && !e.message.includes('\n');

test('predict in the pipeline worker: a proxy answers an estimate under its own name', { timeout: 60_000 }, async () => {
  const client = new EngineClient();
  try {
    const result = await client.predict({ workspace: workspace(), source: 'proxy:madds', arch: STORED });
    assert.equal(result.kind, 'predict');
    assert.equal(result.source, 'proxy:madds');
    assert.equal(result.estimate, true);
    assert.equal(result.measured, false);
    assert.ok(result.top1 > 0 && result.top1 < 100, String(result.top1));
  } finally {
    await client.dispose();
  }
});

test('predict from an archive is the stored measurement; bad sources, architectures and misses are one-line input errors', () =>
  withFakeWorker(async (client, dir) => {
    const path = join(dir, 'archive.jsonl');
    Archive.open(path).addMany([{ arch: parseArchText(STORED), metrics: { top1: 77.125 }, provenance: { source: 'test' } }]);
    const stored = await client.predict({ workspace: dir, source: `archive:${path}`, arch: STORED });
    assert.deepEqual([stored.top1, stored.measured, stored.estimate], [77.125, true, false]);
    await assert.rejects(client.predict({ workspace: dir, source: 'magic:1', arch: STORED }), inputError(/--source: "magic:1" is not a source/));
    await assert.rejects(client.predict({ workspace: dir, source: 'proxy:madds', arch: '1,2,3' }), inputError(/PNAG string|architecture/));
    await assert.rejects(client.predict({ workspace: dir, source: `archive:${path}`, arch: OTHER }), inputError(/no top1 for 4,4,4,4,4:/));
    await assert.rejects(client.predict({ workspace: dir, source: 'proxy:zen', arch: STORED, backend: 'cuda' as 'cpu' }), inputError(/--backend: "cuda"/));
  }));

test('predict and import start at once while a training holds the line, and the training still cancels', () =>
  withFakeWorker(async (client, dir) => {
    const controller = new AbortController();
    let started = false;
    const training = client.train({ workspace: dir, generatorSteps: 1_000_000 }, { signal: controller.signal, onProgress: () => (started = true) });
    const trainingEnd = training.then(
      () => 'finished',
      (error: unknown) => (error instanceof JobCancelledError ? 'cancelled' : String(error)),
    );
    while (!started) await new Promise((r) => setTimeout(r, 10));
    const predicted = await client.predict({ workspace: dir, source: 'proxy:madds', arch: STORED });
    assert.equal(predicted.source, 'proxy:madds');
    const imported = await client.import({ workspace: dir, file: join(ARCHIVE_FIXTURES, 'pnag_architectures.json') });
    assert.deepEqual([imported.imported, imported.merged], [15, 0]);
    controller.abort();
    assert.equal(await trainingEnd, 'cancelled');
  }));

test('import in the worker adds to the workspace archive and reports skipped rows; bad requests change nothing', () =>
  withFakeWorker(async (client, dir) => {
    const result = await client.import({ workspace: dir, file: join(ARCHIVE_FIXTURES, 'pnag_architectures_bad_rows.json') });
    assert.equal(result.kind, 'import');
    assert.deepEqual([result.imported, result.merged, result.skipped, result.errors.length], [5, 0, 2, 2]);
    assert.equal(result.archive, join(dir, '.pnag', 'archive.jsonl'));
    assert.equal(result.archiveSize, 5);
    assert.ok(result.errors.every((e) => e.file.endsWith('pnag_architectures_bad_rows.json') && e.line > 0));

    await assert.rejects(client.import({ workspace: dir, file: join(ARCHIVE_FIXTURES, 'pnag_architectures.json'), format: 'xlsx' }), inputError(/--format: "xlsx" is not one of csv/));
    writeFileSync(join(dir, 'scores.csv'), 'name,top1\nmine,71.2\n');
    await assert.rejects(client.import({ workspace: dir, file: join(dir, 'scores.csv'), archive: 'other.jsonl' }), inputError(/scores\.csv: not an architecture CSV/));
    assert.equal(existsSync(join(dir, 'other.jsonl')), false);
    await assert.rejects(client.import({ workspace: dir, file: join(ARCHIVE_FIXTURES, 'pnag_architectures.json'), width: 0.5 }), inputError(/--width/));
    assert.equal(Archive.open(join(dir, '.pnag', 'archive.jsonl')).size, 5, 'nothing stored was lost or added by the refused imports');
  }));
