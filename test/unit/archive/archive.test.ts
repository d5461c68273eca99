import test from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { parsePnagString, toPnagString } from '../../../src/core/space/pnagString';
import { withOptions } from '../../../src/core/space/arch';

const A = parsePnagString('2,2,3,3,3:5,5,0,0,5,5,0,0,7,5,7,0,3,5,5,0,7,5,5,0:3,3,0,0,4,3,0,0,4,3,3,0,6,4,4,0,6,6,6,0');
const B = parsePnagString('2,3,3,3,3:5,3,0,0,5,5,7,0,5,7,7,0,5,5,7,0,7,5,7,0:3,4,0,0,4,6,3,0,6,4,6,0,6,6,6,0,6,6,6,0');

function tempArchivePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'pnag-archive-')), '.pnag', 'archive.jsonl');
}

test('a record is on disk, one JSON line, as soon as add returns', () => {
  const path = tempArchivePath();
  const archive = Archive.open(path);
  archive.add({ arch: A, metrics: { top1: 78.3 }, provenance: { source: 'test' } });
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 1);
  const line = JSON.parse(lines[0]);
  assert.equal(line.pnag, '2,2,3,3,3:5,5,0,0,5,5,0,0,7,5,7,0,3,5,5,0,7,5,5,0:3,3,0,0,4,3,0,0,4,3,3,0,6,4,4,0,6,6,6,0');
  assert.equal(line.width, 1.2);
  assert.equal(line.resolution, 224);
  assert.deepEqual(line.metrics, { top1: 78.3 });
  assert.equal(line.provenance.source, 'test');
  assert.match(line.provenance.time, /^\d{4}-\d\d-\d\dT/);
});

test('the same architecture seen twice merges metrics, later values win, both provenances kept', () => {
  const path = tempArchivePath();
  const archive = Archive.open(path);
  assert.equal(archive.add({ arch: A, metrics: { top1: 78.0, madds_M: 336 }, provenance: { source: 'one', time: '2024-01-01T00:00:00.000Z' } }), 'imported');
  assert.equal(archive.add({ arch: A, metrics: { top1: 78.5, 'latency_ms@cpu': 29.7 }, provenance: { source: 'two', time: '2024-02-01T00:00:00.000Z' } }), 'merged');
  assert.equal(archive.size, 1);
  const record = archive.get(A);
  assert.deepEqual(record?.metrics, { top1: 78.5, madds_M: 336, 'latency_ms@cpu': 29.7 });
  assert.deepEqual(record?.provenance.map((p) => p.source), ['one', 'two']);
  assert.equal(record?.timestamp, '2024-02-01T00:00:00.000Z');
  const reopened = Archive.open(path);
  assert.deepEqual(reopened.get(A)?.metrics, record?.metrics);
  assert.deepEqual(reopened.get(A)?.provenance, record?.provenance);
});

test('width and resolution are part of identity', () => {
  const archive = Archive.inMemory();
  archive.add({ arch: A, metrics: { top1: 1 }, provenance: { source: 't' } });
  archive.add({ arch: withOptions(A, { width: 1.0 }), metrics: { top1: 2 }, provenance: { source: 't' } });
  archive.add({ arch: withOptions(A, { resolution: 160 }), metrics: { top1: 3 }, provenance: { source: 't' } });
  assert.equal(archive.size, 3);
  assert.equal(archive.get(withOptions(A, { resolution: 160 }))?.metrics.top1, 3);
});

test('withMetric and metricNames list what is known', () => {
  const archive = Archive.inMemory();
  archive.add({ arch: A, metrics: { top1: 78 }, provenance: { source: 't' } });
  archive.add({ arch: B, metrics: { madds_M: 400 }, provenance: { source: 't' } });
  assert.deepEqual(archive.withMetric('top1').map((r) => r.arch), [A]);
  assert.deepEqual(archive.metricNames(), ['madds_M', 'top1']);
});

test('a bad metric is refused before anything is written', () => {
  const path = tempArchivePath();
  const archive = Archive.open(path);
  assert.throws(() => archive.add({ arch: A, metrics: { top1: Number.NaN }, provenance: { source: 't' } }), /top1 must be a finite number/);
  // An evaluator's 1e999 parses to Infinity, which JSON would print as null.
  assert.throws(() => archive.add({ arch: A, metrics: { top1: Number.POSITIVE_INFINITY }, provenance: { source: 't' } }), /top1 must be a finite number, got Infinity/);
  assert.equal(archive.size, 0);
  assert.throws(() => readFileSync(path), /ENOENT/);
});

test('a line whose measured top-1 is no percentage (150, -5, 1e308: hand-edited) is skipped with its line and reason; a predictor score under its own name is kept', () => {
  const path = tempArchivePath();
  mkdirSync(dirname(path), { recursive: true });
  const lineOf = (arch: typeof A, metrics: Record<string, number>): string =>
    JSON.stringify({ pnag: toPnagString(arch), width: 1.2, resolution: 224, metrics });
  const lines = [150, -5, 1e308, 78.5].map((top1, i) => lineOf(i === 3 ? A : B, { top1 }));
  writeFileSync(path, `${lines.join('\n')}\n${lineOf(B, { 'top1@proxy-zen': 412 })}\n`);
  const archive = Archive.open(path);
  assert.deepEqual(archive.loadIssues.map((i) => i.line), [1, 2, 3]);
  assert.match(archive.loadIssues[0].message, /metric top1 must be a percentage in \[0, 100\], got 150/);
  assert.deepEqual(archive.withMetric('top1').map((r) => r.metrics.top1), [78.5]);
  assert.equal(archive.get(B)?.metrics['top1@proxy-zen'], 412);
  assert.throws(() => archive.add({ arch: B, metrics: { top1: 101 }, provenance: { source: 't' } }), /top1 must be a percentage/);
});

test('a torn last line is reported and skipped, and the next append does not glue onto it', () => {
  const path = tempArchivePath();
  const archive = Archive.open(path);
  archive.add({ arch: A, metrics: { top1: 78 }, provenance: { source: 't' } });
  appendFileSync(path, '{"pnag": "2,3,3,3,3:5,3,0,0,5,5,7,0,5,7,7,0,5,5,7,0,7,5,7,0:3,4,0,0,4,6,3,0,6,4,6,0,6,6,6,0,6,6,6,0", "width": 1.2, "resolu');
  const reopened = Archive.open(path);
  assert.equal(reopened.size, 1);
  assert.equal(reopened.loadIssues.length, 1);
  assert.equal(reopened.loadIssues[0].line, 2);
  assert.match(reopened.loadIssues[0].message, /incomplete last record/);
  reopened.add({ arch: B, metrics: { top1: 79 }, provenance: { source: 't' } });
  const again = Archive.open(path);
  assert.equal(again.size, 2);
  assert.deepEqual(again.loadIssues, []);
  assert.equal(again.get(B)?.metrics.top1, 79);
});

test('a bad line in the middle is reported with its line number and the rest loads', () => {
  const path = tempArchivePath();
  const archive = Archive.open(path);
  archive.add({ arch: A, metrics: { top1: 78 }, provenance: { source: 't' } });
  appendFileSync(path, 'not json\n{"pnag": "1,2,3", "metrics": {}}\n');
  archive.add({ arch: B, metrics: { top1: 79 }, provenance: { source: 't' } });
  const reopened = Archive.open(path);
  assert.equal(reopened.size, 2);
  assert.deepEqual(reopened.loadIssues.map((i) => i.line), [2, 3]);
  assert.match(reopened.loadIssues[1].message, /PNAG string/);
});

test('addMany writes the batch in one step and reports imported and merged', () => {
  const path = tempArchivePath();
  const archive = Archive.open(path);
  archive.add({ arch: A, metrics: { top1: 78 }, provenance: { source: 't' } });
  const result = archive.addMany([
    { arch: A, metrics: { top1: 78.2 }, provenance: { source: 'batch' } },
    { arch: B, metrics: { top1: 79 }, provenance: { source: 'batch' } },
    { arch: B, metrics: { top5: 94 }, provenance: { source: 'batch' } },
  ]);
  assert.deepEqual(result, { imported: 1, merged: 2 });
  assert.equal(readFileSync(path, 'utf8').trimEnd().split('\n').length, 4);
  assert.deepEqual(Archive.open(path).get(B)?.metrics, { top1: 79, top5: 94 });
});

test('addMany after a torn line drops the torn bytes, keeping every whole record', () => {
  const path = tempArchivePath();
  Archive.open(path).add({ arch: A, metrics: { top1: 78 }, provenance: { source: 't' } });
  appendFileSync(path, '{"pnag": "2,3');
  const archive = Archive.open(path);
  archive.addMany([{ arch: B, metrics: { top1: 79 }, provenance: { source: 'batch' } }]);
  const reopened = Archive.open(path);
  assert.deepEqual(reopened.loadIssues, []);
  assert.equal(reopened.size, 2);
});

test('hand-written lines may use an OFA dict and a provenance list', () => {
  const path = tempArchivePath();
  Archive.open(path).add({ arch: B, metrics: { top1: 1 }, provenance: { source: 'seed' } });
  const dict = {
    d: [2, 2, 3, 3, 3], ks: [5, 5, 0, 0, 5, 5, 0, 0, 7, 5, 7, 0, 3, 5, 5, 0, 7, 5, 5, 0],
    e: [3, 3, 0, 0, 4, 3, 0, 0, 4, 3, 3, 0, 6, 4, 4, 0, 6, 6, 6, 0],
  };
  appendFileSync(path, `${JSON.stringify({ arch: dict, width: 1.2, resolution: 224, metrics: { top1: 2 }, provenance: [{ source: 'x' }, { source: 'y' }] })}\n`);
  const archive = Archive.open(path);
  assert.deepEqual(archive.loadIssues, []);
  assert.equal(archive.get(A)?.metrics.top1, 2);
  assert.deepEqual(archive.get(A)?.provenance.map((p) => p.source), ['x', 'y']);
});
