import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { fileKindOf } from '../../../src/core/fs/fileKind';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { runCli } from '../cli/runCli';

const CHECKPOINT_TEXT = '{"format":"pnag-checkpoint","version":2,"searchSpace":"ofa-mbv3","weights":{}}';

function workspaceWithArchive(): { ws: string; archive: string } {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-kind-'));
  const archive = join(ws, 'data.jsonl');
  const rng = new Random(4);
  Archive.open(archive).addMany(Array.from({ length: 24 }, (_, i) => ({ arch: randomArch(rng), metrics: { top1: 70 + (i % 7) }, provenance: { source: 't' } })));
  return { ws, archive };
}

test('file kinds are told apart: archive, checkpoint, folder, anything else, nothing', () => {
  const { ws, archive } = workspaceWithArchive();
  writeFileSync(join(ws, 'ckpt.json'), CHECKPOINT_TEXT);
  writeFileSync(join(ws, 'bom.jsonl'), `\uFEFF${readFileSync(archive, 'utf8')}`);
  writeFileSync(join(ws, 'notes.md'), '# my notes\n');
  writeFileSync(join(ws, 'blank'), '\n\n');
  mkdirSync(join(ws, 'dir'));
  assert.equal(fileKindOf(archive), 'archive');
  assert.equal(fileKindOf(join(ws, 'bom.jsonl')), 'archive');
  assert.equal(fileKindOf(join(ws, 'ckpt.json')), 'checkpoint');
  assert.equal(fileKindOf(join(ws, 'notes.md')), 'other');
  assert.equal(fileKindOf(join(ws, 'dir')), 'directory');
  assert.equal(fileKindOf(join(ws, 'blank')), 'none');
  assert.equal(fileKindOf(join(ws, 'missing')), 'none');
});

test('pnag import refuses an --archive that holds a checkpoint: exit 2, one line, the checkpoint unchanged', () => {
  const { ws, archive } = workspaceWithArchive();
  const checkpoint = join(ws, '.pnag', 'generator.ckpt.json');
  mkdirSync(join(ws, '.pnag'));
  writeFileSync(checkpoint, CHECKPOINT_TEXT);
  const run = runCli(['import', archive, '--archive', '.pnag/generator.ckpt.json'], { cwd: ws });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /^pnag: --archive .*generator\.ckpt\.json: holds a PNAG checkpoint, not a PNAG archive; refusing to replace it/);
  assert.equal(run.stderr.trim().split('\n').length, 1);
  assert.equal(readFileSync(checkpoint, 'utf8'), CHECKPOINT_TEXT);
});

test('an archive refuses to write into a file that is not an archive, even when opened directly', () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-kind-'));
  const notes = join(ws, 'notes.md');
  writeFileSync(notes, '# my notes\n');
  const archive = Archive.open(notes);
  assert.throws(() => archive.add({ arch: randomArch(new Random(1)), metrics: { top1: 70 }, provenance: { source: 't' } }), /holds a file that is neither a PNAG archive nor a checkpoint/);
  assert.equal(readFileSync(notes, 'utf8'), '# my notes\n');
});

test('pnag train --out refuses an archive before training starts: exit 2, one line, the archive unchanged', { timeout: 180_000 }, () => {
  const { ws, archive } = workspaceWithArchive();
  const before = readFileSync(archive, 'utf8');
  const run = runCli(['train', '--archive', 'data.jsonl', '--out', 'data.jsonl', '--evaluator-epochs', '1', '--generator-steps', '2', '--budgets', '300:400', '--k', '2'], { cwd: ws });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /^pnag: --out .*data\.jsonl: holds a PNAG archive, not a PNAG checkpoint; refusing to replace it/);
  assert.equal(run.stderr.trim().split('\n').length, 1);
  assert.equal(readFileSync(archive, 'utf8'), before);
});
