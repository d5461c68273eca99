import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { runCli } from './runCli';

const FIXTURES = join(__dirname, '..', 'archive', 'fixtures');

function pnag(cwd: string, ...args: string[]) {
  return runCli(args, { cwd });
}

test('pnag import writes to .pnag/archive.jsonl in the current folder and --json prints one object', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pnag-cli-'));
  const run = pnag(cwd, 'import', join(FIXTURES, 'pnag_architectures_bad_rows.json'), '--json');
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const out = JSON.parse(lines[0]);
  assert.deepEqual([out.imported, out.merged, out.skipped, out.errors.length], [5, 0, 2, 2]);
  assert.equal(Archive.open(join(cwd, '.pnag', 'archive.jsonl')).size, 5);

  const again = pnag(cwd, 'import', join(FIXTURES, 'pnag_architectures.json'));
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /Imported 10, merged 5, skipped 0 \(pnag-json\)/);
});

test('pnag import of a file that is not what it claims exits 2 with one line and writes nothing', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pnag-cli-'));
  writeFileSync(join(cwd, 'scores.csv'), 'name,top1\nmine,71.2\n');
  const run = pnag(cwd, 'import', 'scores.csv', '--archive', 'a.jsonl');
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^pnag: scores\.csv: not an architecture CSV/);
  assert.equal(run.stderr.trim().split('\n').length, 1);
  assert.equal(existsSync(join(cwd, 'a.jsonl')), false);
});
