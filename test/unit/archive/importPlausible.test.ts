import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { importFile } from '../../../src/core/archive/importFile';
import { formatIssue } from '../../../src/core/archive/importTypes';
import { randomArch } from '../../../src/core/space/arch';
import { toPnagString } from '../../../src/core/space/pnagString';
import { Random } from '../../../src/core/util/random';

const rng = new Random(11);
const P = Array.from({ length: 6 }, () => toPnagString(randomArch(rng)));

function write(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-plausible-')), name);
  writeFileSync(path, text);
  return path;
}

test('CSV: a top-1 outside [0, 100] or a number out of range is a per-row error with line and field; the rest imports', () => {
  const file = write('rows.csv', ['pnag,top1,madds_M', `"${P[0]}",78.1,300`, `"${P[1]}",150,300`, `"${P[2]}",-75,300`, `"${P[3]}",1e308,300`, `"${P[4]}",77,1e999`, `"${P[5]}",76.5,310`, ''].join('\n'));
  const archive = Archive.inMemory();
  const result = importFile(archive, file);
  assert.equal(result.imported, 2);
  assert.deepEqual(result.errors.map((e) => [e.line, e.field]), [[3, 'top1'], [4, 'top1'], [5, 'top1'], [6, 'madds_M']]);
  assert.match(formatIssue(result.errors[0]), /rows\.csv, line 3, top1: top1 must be a percentage in \[0, 100\], got 150/);
  assert.match(result.errors[3].message, /"1e999" is out of range/);
});

test('PNAG JSON: a top1_acc of 150 is a per-entry error naming the field', () => {
  const entries = [{ arch: P[0], 'w1.2': { top1_acc: 78.2 } }, { arch: P[1], 'w1.2': { top1_acc: 150 } }];
  const file = write('architectures.json', `[\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`);
  const result = importFile(Archive.inMemory(), file);
  assert.equal(result.imported, 1);
  assert.deepEqual(result.errors.map((e) => [e.line, e.field]), [[3, 'w1.2']]);
  assert.match(result.errors[0].message, /w1\.2\.top1_acc must be a percentage in \[0, 100\], got 150/);
});

test('JSONL: a top1 of 1e308 is a per-line error naming metrics.top1', () => {
  const line = (pnag: string, top1: number) => JSON.stringify({ pnag, width: 1.2, resolution: 224, metrics: { top1 } });
  const file = write('rows.jsonl', `${line(P[0], 78)}\n${line(P[1], 1e308)}\n`);
  const result = importFile(Archive.inMemory(), file);
  assert.equal(result.imported, 1);
  assert.deepEqual(result.errors.map((e) => [e.line, e.field]), [[2, 'metrics.top1']]);
});

test('a byte order mark is accepted in every format, and in the archive itself', () => {
  const BOM = '\uFEFF';
  const json = write('architectures.json', `${BOM}[${JSON.stringify({ arch: P[0], 'w1.2': { top1_acc: 78.2 } })}]`);
  const csv = write('rows.csv', `${BOM}pnag,top1\n"${P[1]}",77\n`);
  const jsonl = write('rows.jsonl', `${BOM}${JSON.stringify({ pnag: P[2], width: 1.2, resolution: 224, metrics: { top1: 76 } })}\n`);
  const noExtension = write('rows', `${BOM}${JSON.stringify({ pnag: P[3], width: 1.2, resolution: 224, metrics: { top1: 75 } })}\n`);
  const archive = Archive.inMemory();
  for (const file of [json, csv, jsonl, noExtension]) {
    const result = importFile(archive, file);
    assert.deepEqual([result.imported, result.errors], [1, []], file);
  }
  assert.equal(archive.size, 4);

  const archivePath = write('archive.jsonl', `${BOM}${JSON.stringify({ pnag: P[4], width: 1.2, resolution: 224, metrics: { top1: 74 } })}\n`);
  const opened = Archive.open(archivePath);
  assert.deepEqual(opened.loadIssues, []);
  assert.equal(opened.size, 1);
});
