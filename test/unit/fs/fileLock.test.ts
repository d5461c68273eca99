import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_STALE_MS, lockPathOf, withFileLock } from '../../../src/core/fs/fileLock';
import { StoreWriteError } from '../../../src/core/fs/writeError';

test('a lock another process holds past the wait is one clear error naming the lock folder', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-lock-')), 'archive.jsonl');
  // A fresh lock folder, as a live writer in another process would hold it.
  mkdirSync(lockPathOf(path));
  assert.throws(
    () => withFileLock(path, () => assert.fail('ran without the lock'), 200),
    (e: unknown) => e instanceof StoreWriteError && e.message === `${path}: another process has held its lock for over 0.2 s (${lockPathOf(path)}); if no PNAG is running, remove that folder`,
  );
});

test('a nested lock of the same file in one process does not wait on itself', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-lock-')), 'archive.jsonl');
  assert.equal(withFileLock(path, () => withFileLock(path, () => 'inner', 200)), 'inner');
  // Released: the next caller gets it at once.
  assert.equal(withFileLock(path, () => 'again', 200), 'again');
});

test('a lock left by a killed writer (not refreshed for longer than the stale time) is broken, not waited on forever', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-lock-')), 'archive.jsonl');
  mkdirSync(lockPathOf(path));
  const past = (Date.now() - LOCK_STALE_MS - 5000) / 1000;
  utimesSync(lockPathOf(path), past, past);
  const started = Date.now();
  assert.equal(withFileLock(path, () => 'got it', 2000), 'got it');
  assert.ok(Date.now() - started < 2000);
});
