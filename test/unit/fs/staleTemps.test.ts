import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';

/** The pid of a process that has exited. */
function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(done.stdout);
}

test('a write removes temporary files of killed writers, but never a live process\'s recent one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pnag-stale-'));
  const path = join(dir, 'archive.jsonl');
  const now = Date.now();
  const dead = join(dir, `archive.jsonl.${deadPid()}.${now - 5000}.tmp`);
  const liveRecent = join(dir, `archive.jsonl.${process.ppid}.${now}.tmp`);
  const liveOld = join(dir, `archive.jsonl.${process.ppid}.${now - 3 * 3600_000}.tmp`);
  const oldCheckpointTemp = join(dir, `.archive.jsonl.${deadPid()}.${now}.tmp`);
  const unrelated = join(dir, 'archive.jsonl.backup.tmp');
  for (const file of [dead, liveRecent, liveOld, oldCheckpointTemp, unrelated]) writeFileSync(file, 'partial');
  const threeHoursAgo = (now - 3 * 3600_000) / 1000;
  utimesSync(liveOld, threeHoursAgo, threeHoursAgo);

  const archive = Archive.open(path);
  archive.add({ arch: randomArch(new Random(1)), metrics: { top1: 70 }, provenance: { source: 't' } });
  assert.equal(existsSync(dead), false, 'a dead process\'s temp file is removed');
  assert.equal(existsSync(oldCheckpointTemp), false);
  assert.equal(existsSync(liveOld), false, 'an hours-old temp file is stale whoever has its pid now');
  assert.equal(existsSync(liveRecent), true, 'a live process\'s recent temp file is left alone');
  assert.equal(existsSync(unrelated), true);
  assert.equal(archive.writeNotes.filter((n) => /^removed archive\.jsonl\.\d+\.\d+\.tmp|^removed \.archive/.test(n)).length, 3);
});
