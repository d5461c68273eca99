import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockPathOf, withFileLock } from '../../../src/core/fs/fileLock';
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
