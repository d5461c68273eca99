import test from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { parsePnagString, toPnagString } from '../../../src/core/space/pnagString';
import { runCli } from '../cli/runCli';

const A = parsePnagString('2,2,3,3,3:5,5,0,0,5,5,0,0,7,5,7,0,3,5,5,0,7,5,5,0:3,3,0,0,4,3,0,0,4,3,3,0,6,4,4,0,6,6,6,0');
const B = parsePnagString('2,3,3,3,3:5,3,0,0,5,5,7,0,5,7,7,0,5,5,7,0,7,5,7,0:3,4,0,0,4,6,3,0,6,4,6,0,6,6,6,0,6,6,6,0');
/** A whole line a user wrote by hand, with the accuracy as a string: not a valid record. */
const USER_LINE = `{"pnag":"${toPnagString(B)}","width":1.2,"resolution":224,"metrics":{"top1":"78.3"}}`;

function archiveEndingIn(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-rejected-')), 'archive.jsonl');
  Archive.open(path).add({ arch: A, metrics: { top1: 78 }, provenance: { source: 't' } });
  appendFileSync(path, text);
  return path;
}

for (const write of ['add', 'addMany'] as const) {
  test(`${write}: an unreadable last line without a line end is moved to archive.jsonl.rejected with why, and the user is told`, () => {
    const path = archiveEndingIn(USER_LINE);
    const archive = Archive.open(path);
    assert.match(archive.loadIssues[0]?.message ?? '', /the next write moves it to .*archive\.jsonl\.rejected/);
    const entry = { arch: B, metrics: { top1: 79 }, provenance: { source: 'new' } };
    if (write === 'add') archive.add(entry);
    else archive.addMany([entry]);
    const rejected = readFileSync(`${path}.rejected`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(rejected.length, 1);
    assert.equal(rejected[0].rejected, USER_LINE);
    assert.equal(rejected[0].line, 2);
    assert.match(rejected[0].reason, /top1 must be a finite number/);
    assert.match(archive.writeNotes.join('\n'), /line 2: an unreadable last line was moved to .*archive\.jsonl\.rejected/);
    const reopened = Archive.open(path);
    assert.deepEqual(reopened.loadIssues, []);
    assert.equal(reopened.size, 2);
  });
}

test('a valid last line without a line end stays where it is and gets its line end', () => {
  const valid = `{"pnag":"${toPnagString(B)}","width":1.2,"resolution":224,"metrics":{"top1":78.3}}`;
  const path = archiveEndingIn(valid);
  Archive.open(path).add({ arch: A, metrics: { top5: 94 }, provenance: { source: 't' } });
  const lines = readFileSync(path, 'utf8').split('\n');
  assert.equal(lines[1], valid);
  assert.equal(Archive.open(path).get(B)?.metrics.top1, 78.3);
});

test('pnag import tells the user where a moved line went', () => {
  const path = archiveEndingIn(USER_LINE);
  const input = join(mkdtempSync(join(tmpdir(), 'pnag-rejected-')), 'more.jsonl');
  writeFileSync(input, `{"pnag":"${toPnagString(A)}","width":1.2,"resolution":224,"metrics":{"top5":93}}\n`);
  const run = runCli(['import', input, '--archive', path]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /note: .*line 2: an unreadable last line was moved to .*archive\.jsonl\.rejected/);
  assert.equal(JSON.parse(readFileSync(`${path}.rejected`, 'utf8')).rejected, USER_LINE);
});
