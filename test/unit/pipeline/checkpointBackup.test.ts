import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { keepPrevious } from '../../../src/core/pipeline/checkpointReplacement';

const REPO = resolve(__dirname, '..', '..', '..');

test('keepPrevious copies the checkpoint to <file>.bak', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pnag-bak-'));
  const out = join(dir, 'g.ckpt.json');
  assert.equal(keepPrevious(out), undefined, 'nothing to keep');
  writeFileSync(out, 'the trained generator');
  assert.equal(keepPrevious(out), `${out}.bak`);
  assert.equal(readFileSync(`${out}.bak`, 'utf8'), 'the trained generator');
});

test('a process stopped while it writes the backup leaves the previous backup whole', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pnag-bak-'));
  const out = join(dir, 'g.ckpt.json');
  // A checkpoint larger than the file-size limit below, and the backup an earlier replacement made.
  writeFileSync(out, 'x'.repeat(4 << 20));
  writeFileSync(`${out}.bak`, 'the generator trained before');
  // `ulimit -f` makes the kernel stop the process (SIGXFSZ) the moment a write passes 1 MiB: a kill mid-copy,
  // at the same byte every time. A copy into the backup itself had truncated it by then.
  const script = `ulimit -f 1024; exec "${process.execPath}" --import tsx -e 'require("./src/core/pipeline/checkpointReplacement").keepPrevious(process.argv[1])' "${out}"`;
  const child = spawnSync('bash', ['-c', script], { cwd: REPO, encoding: 'utf8' });
  assert.ok(child.signal === 'SIGXFSZ' || child.status !== 0, `the copy was stopped by the size limit (status ${child.status}, signal ${child.signal}, ${child.stderr})`);
  assert.equal(readFileSync(`${out}.bak`, 'utf8'), 'the generator trained before');
});
