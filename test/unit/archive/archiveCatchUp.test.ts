import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';

const rng = new Random(5);
const entry = (top1: number) => ({ arch: randomArch(rng), metrics: { top1 }, provenance: { source: 'eval:test' } });

test('catchUp takes in what another writer appended or rewrote since the file was read, and nothing else changes', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-catchup-')), 'archive.jsonl');
  const mine = Archive.open(path);
  const other = Archive.open(path);
  const own = entry(70);
  mine.add(own);
  mine.catchUp();
  assert.equal(mine.size, 1);
  const appended = entry(71);
  other.add(appended);
  assert.ok(!mine.has(appended.arch), 'not read yet');
  mine.catchUp();
  assert.equal(mine.get(appended.arch)?.metrics.top1, 71);
  assert.equal(mine.get(own.arch)?.provenance.length, 1, 'its own line is not taken in twice');
  // A batch rewrites the file and renames it into place.
  const batch = [entry(72), entry(73)];
  other.addMany(batch);
  mine.catchUp();
  assert.equal(mine.size, 4);
  assert.equal(mine.get(batch[1].arch)?.metrics.top1, 73);
  // Its own appends after catching up keep it caught up, and others' after them are read.
  mine.add(entry(74));
  const late = entry(75);
  other.add(late);
  mine.catchUp();
  assert.equal(mine.size, 6);
  assert.ok(mine.has(late.arch));
});

test('catchUp leaves an archive in memory, and one whose file vanished, as they are', () => {
  const memory = Archive.inMemory();
  const kept = entry(70);
  memory.add(kept);
  memory.catchUp();
  assert.ok(memory.has(kept.arch));
  const missing = Archive.open(join(mkdtempSync(join(tmpdir(), 'pnag-catchup-')), 'none', 'archive.jsonl'));
  missing.catchUp();
  assert.equal(missing.size, 0);
});
