import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownerOf, tryOwnerLock } from '../../../src/core/fs/ownerLock';

/** A lock as a `kill -9`'d process leaves it: its owner ran on this host and is gone. */
function deadLock(): string {
  const lockPath = join(mkdtempSync(join(tmpdir(), 'pnag-olock-')), 'out.json.training.lock');
  const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid as number;
  mkdirSync(lockPath);
  writeFileSync(join(lockPath, 'owner.json'), JSON.stringify({ host: hostname(), pid: gone, token: 'dead' }));
  return lockPath;
}

test('a lock is never there without its owner, and taking one leaves nothing else beside it', () => {
  const lockPath = join(mkdtempSync(join(tmpdir(), 'pnag-olock-')), 'a.lock');
  const release = tryOwnerLock(lockPath, 60_000);
  assert.ok(release);
  assert.equal(ownerOf(lockPath)?.pid, process.pid);
  assert.deepEqual(readdirSync(join(lockPath, '..')), ['a.lock']);
  assert.equal(tryOwnerLock(lockPath, 60_000), undefined, 'held by a live owner');
  release();
  assert.ok(!existsSync(lockPath));
});

test('of two processes taking over the same dead lock, the one that judged it dead after the other took it over does not get it', () => {
  const lockPath = deadLock();
  let first: (() => void) | undefined;
  // The second taker judges the dead owner's lock stale; before it moves that lock aside, the first takes it over.
  const second = tryOwnerLock(lockPath, 60_000, { afterJudgedStale: () => (first ??= tryOwnerLock(lockPath, 60_000)) });
  assert.ok(first, 'the first took the dead lock over');
  assert.equal(second, undefined, 'only one holder');
  const holder = ownerOf(lockPath);
  assert.equal(holder?.pid, process.pid, "the first's lock is back in place");
  first();
  assert.ok(!existsSync(lockPath), "the first's release removes its lock: it is still its own");
  assert.deepEqual(readdirSync(join(lockPath, '..')), [], 'nothing left beside it');
});

test('a lock folder with no owner file (an older PNAG killed between making it and writing the file) is taken over', () => {
  const lockPath = join(mkdtempSync(join(tmpdir(), 'pnag-olock-')), 'b.lock');
  mkdirSync(lockPath);
  const release = tryOwnerLock(lockPath, 60_000);
  assert.ok(release);
  assert.equal(ownerOf(lockPath)?.pid, process.pid);
  release();
});
