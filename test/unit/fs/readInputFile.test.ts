import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { checkWriteTarget } from '../../../src/core/fs/fileKind';
import { readInputText } from '../../../src/core/fs/readInputFile';
import { Archive } from '../../../src/core/archive/archive';
import { frontierDataJob } from '../../../src/core/pipeline/frontierDataJob';

// A named pipe blocks a plain read for ever, and with it the event loop (SIGTERM is never handled); /dev/zero never
// ends. A file PNAG is pointed at — or that another file points it at — must be refused before it is read.

function namedPipe(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-fifo-')), 'archive.jsonl');
  execFileSync('mkfifo', [path]);
  return path;
}

const refused = (pattern: RegExp) => (e: unknown) => e instanceof InputError && pattern.test(e.message);

test('a named pipe, a device or a folder is refused by name and kind before anything is read', () => {
  const pipe = namedPipe();
  assert.throws(() => readInputText(pipe, 'checkpoint', 1 << 20), refused(/^checkpoint .*archive\.jsonl: not a regular file \(a named pipe\)$/));
  assert.throws(() => readInputText('/dev/zero', 'checkpoint', 1 << 20), refused(/^checkpoint \/dev\/zero: not a regular file \(a character device\)$/));
  assert.throws(() => readInputText(tmpdir(), '', 1 << 20), refused(/: not a regular file \(a folder\)$/));
  assert.throws(() => readInputText(join(tmpdir(), 'no-such-file-here'), 'archive', 1 << 20), refused(/no-such-file-here: no such file$/));
  assert.throws(() => Archive.open(pipe), refused(/^archive .*: not a regular file \(a named pipe\)$/));
});

test('a file larger than its kind can be is refused without being read', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-big-')), 'table.yaml');
  writeFileSync(path, 'x'.repeat(4096));
  assert.equal(readInputText(path, '', 4096).length, 4096);
  assert.throws(() => readInputText(path, 'latency table', 4095), refused(/^latency table .*table\.yaml: 4096 bytes is more than such a file can be \(4095 bytes at most\)$/));
});

test('a device or a named pipe is never written over: /dev/null stays a device', () => {
  assert.throws(() => checkWriteTarget('/dev/null', 'checkpoint', '--out'), refused(/^--out \/dev\/null: holds something that is not a regular file/));
  assert.throws(() => checkWriteTarget(namedPipe(), 'archive', '--archive'), refused(/not a regular file/));
});

test('the Frontier view refuses an archive that is a named pipe instead of waiting on it', async () => {
  await assert.rejects(frontierDataJob({ archive: namedPipe(), unit: 'M', costModel: 'madds:pnag' } as Parameters<typeof frontierDataJob>[0]), refused(/not a regular file \(a named pipe\)/));
});
