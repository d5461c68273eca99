import test from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { moveIntoPlace } from '../../../src/core/fs/writeTarget';
import { loadCheckpoint, saveCheckpoint } from '../../../src/core/pnag/checkpoint';
import { DEFAULT_PNAG_CONFIG, PnagModel } from '../../../src/core/pnag/model';
import { randomArch } from '../../../src/core/space/arch';
import { initBackend } from '../../../src/core/tf/backend';
import { Random } from '../../../src/core/util/random';

/** A workspace whose `.pnag/<name>` is a relative symlink to a file in another folder. */
function linked(name: string): { link: string; target: string } {
  const root = mkdtempSync(join(tmpdir(), 'pnag-link-'));
  mkdirSync(join(root, 'team-folder'));
  mkdirSync(join(root, 'ws', '.pnag'), { recursive: true });
  const link = join(root, 'ws', '.pnag', name);
  symlinkSync(join('..', '..', 'team-folder', name), link);
  return { link, target: join(root, 'team-folder', name) };
}

test('appends and rewrites of a symlinked archive change its target; the link stays a link', () => {
  const { link, target } = linked('archive.jsonl');
  const rng = new Random(2);
  const archive = Archive.open(link);
  archive.add({ arch: randomArch(rng), metrics: { top1: 70 }, provenance: { source: 'append' } });
  archive.addMany([{ arch: randomArch(rng), metrics: { top1: 71 }, provenance: { source: 'batch' } }]);
  archive.add({ arch: randomArch(rng), metrics: { top1: 72 }, provenance: { source: 'append' } });
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(readFileSync(target, 'utf8').trim().split('\n').length, 3);
  assert.equal(Archive.open(link).size, 3);
});

test('a checkpoint saved over a symlink replaces the target and keeps the link', async () => {
  await initBackend();
  const { link, target } = linked('generator.ckpt.json');
  writeFileSync(target, '{"format":"pnag-checkpoint","version":2}');
  const model = PnagModel.create({ accuracySource: 'test', costModel: new MaddsCostModel('pnag'), budgets: [300, 400], seed: 1, config: { ...DEFAULT_PNAG_CONFIG, evaluatorHidden: 8, generatorHidden: 8 } });
  try {
    await saveCheckpoint(model, link, { note: 'saved' });
  } finally {
    model.dispose();
  }
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.match(readFileSync(target, 'utf8'), /"note":"saved"/);
  (await loadCheckpoint(link)).dispose();
});

test('a finished file moved onto a symlink (the trained checkpoint) lands in the target', () => {
  const { link, target } = linked('generator.ckpt.json');
  writeFileSync(target, 'old');
  const snapshot = join(mkdtempSync(join(tmpdir(), 'pnag-snap-')), 'snap.json');
  writeFileSync(snapshot, 'new');
  moveIntoPlace(snapshot, link);
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(readFileSync(target, 'utf8'), 'new');
});
