import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { readArchiveMarks } from '../../../src/core/pipeline/archiveMarksReader';

// Found by the fuzz suite (test/fuzz/archive.fuzz.ts): V8's JSON.parse message quotes the line, so a line
// holding a carriage return gave a skipped-line report spanning two lines.
const oneLine = (text: string): boolean => !/[\r\n\u2028]/.test(text);

function archiveWith(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-archive-lines-')), 'archive.jsonl');
  writeFileSync(path, text);
  return path;
}

test('an archive line that is not JSON is skipped with a one-line note, also for the Frontier view', async () => {
  const path = archiveWith('ab\rcd\nxy\u2028z\r\n{"pnag": 1\r}\n');
  const archive = Archive.open(path);
  assert.equal(archive.loadIssues.length, 3);
  for (const issue of archive.loadIssues) assert.ok(oneLine(issue.message), JSON.stringify(issue.message));
  const marks = await readArchiveMarks(path);
  assert.ok(marks.skipped.length > 0);
  for (const skipped of marks.skipped) assert.ok(oneLine(skipped.message), JSON.stringify(skipped.message));
});

// Found by the fuzz suite: readline also ends a line at a lone carriage return, which JSON allows as whitespace,
// so the Frontier view skipped a record that training read.
test('the Frontier view reads a record with a carriage return between its fields, as training does', async () => {
  const pnag = '2,2,2,2,2:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0';
  const path = archiveWith(`{"pnag":"${pnag}",\r"metrics":{"top1":70}}\r\n{"pnag":"${pnag}","metrics":{"top5":90}}`);
  assert.equal(Archive.open(path).size, 1);
  const marks = await readArchiveMarks(path);
  assert.deepEqual(marks.skipped, []);
  assert.deepEqual(marks.records.map((r) => r.metrics), [{ top1: 70, top5: 90 }]);
});
