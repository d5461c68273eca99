import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { parsePnagString } from '../../../src/core/space/pnagString';

const CHILD = join(__dirname, 'archiveWriterChild.ts');
const TSX = require.resolve('tsx');

function writer(...args: string[]): { done: Promise<void>; stdout: () => string } {
  const child = spawn(process.execPath, ['--import', TSX, CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<void>((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${args.join(' ')} exited ${code}: ${err}`)))),
  );
  return { done, stdout: () => out };
}

test('processes appending and rewriting one archive at once lose no line', { timeout: 180_000 }, async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-concurrent-')), '.pnag', 'archive.jsonl');
  const perWriter = 120;
  const writers = [writer(path, 'append', `${perWriter}`, '1'), writer(path, 'append', `${perWriter}`, '2'), writer(path, 'batch', `${perWriter}`, '3'), writer(path, 'batch', `${perWriter}`, '4')];
  await Promise.all(writers.map((w) => w.done));
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 4 * perWriter);
  const archive = Archive.open(path);
  assert.deepEqual(archive.loadIssues, []);
  for (const seed of [1, 2, 3, 4]) assert.equal(lines.filter((l) => l.includes(`"writer ${seed}"`)).length, perWriter, `writer ${seed}`);
});

test('an append waits for a line another process is still writing instead of cutting or gluing onto it', { timeout: 60_000 }, async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-concurrent-')), 'archive.jsonl');
  const archive = Archive.open(path);
  const slow = writer(path, 'slow-line', '1500');
  while (!slow.stdout().includes('half')) await new Promise((r) => setTimeout(r, 20));
  archive.add({ arch: parsePnagString('2,2,2,2,2:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0'), metrics: { top1: 71 }, provenance: { source: 'fast' } });
  await slow.done;
  const reopened = Archive.open(path);
  assert.deepEqual(reopened.loadIssues, []);
  assert.equal(reopened.size, 2);
});
