import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { StoreWriteError } from '../../../src/core/fs/writeError';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { ExternalEvaluator } from '../../../src/core/sources/externalEvaluator';
import { runCli } from '../cli/runCli';

const GOOD_EVALUATOR = join(__dirname, '..', '..', 'fixtures', 'evaluators', 'good.mjs');

/** A real 64 KB tmpfs: needs root and a kernel that lets us mount (skipped otherwise). */
function tinyDisk(): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'pnag-tiny-disk-'));
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return dir;
}

function release(dir: string): void {
  spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
}

const canMount = tinyDisk();
if (canMount) release(canMount);
const skip = canMount ? false : 'needs root and permission to mount a tmpfs';

test('on a full disk an append fails with the file and "no space left on device", and no half line stays behind', { skip }, () => {
  const disk = tinyDisk() as string;
  try {
    const path = join(disk, 'archive.jsonl');
    const archive = Archive.open(path);
    const rng = new Random(3);
    let added = 0;
    let failure: unknown;
    for (let i = 0; i < 2000 && failure === undefined; i++) {
      try {
        archive.add({ arch: randomArch(rng), metrics: { top1: 70 }, provenance: { source: 'fill' } });
        added++;
      } catch (error) {
        failure = error;
      }
    }
    assert.ok(failure instanceof StoreWriteError, `expected a StoreWriteError, got ${String(failure)}`);
    assert.equal((failure as StoreWriteError).message, `${path}: no space left on device`);
    const reopened = Archive.open(path);
    assert.deepEqual(reopened.loadIssues, []);
    assert.equal(reopened.size, added);
    assert.equal(readFileSync(path, 'utf8').split('\n').filter((l) => l !== '').length, added);
  } finally {
    release(disk);
  }
});

test('on a read-only folder pnag import exits 2 with one line naming the archive, and the archive is unchanged', { skip }, () => {
  const disk = tinyDisk() as string;
  try {
    const path = join(disk, 'archive.jsonl');
    Archive.open(path).add({ arch: randomArch(new Random(1)), metrics: { top1: 70 }, provenance: { source: 'seed' } });
    const before = readFileSync(path, 'utf8');
    assert.equal(spawnSync('mount', ['-o', 'remount,ro', disk]).status, 0);
    const input = join(mkdtempSync(join(tmpdir(), 'pnag-ro-')), 'rows.jsonl');
    Archive.open(input).add({ arch: randomArch(new Random(2)), metrics: { top1: 71 }, provenance: { source: 'x' } });
    const run = runCli(['import', input, '--archive', path]);
    assert.equal(run.status, 2, run.stderr);
    // One line naming the archive and the cause (the CLI's file-system wording: cli/fileSystemErrors).
    assert.match(run.stderr, new RegExp(`^pnag: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*read-only.*\n$`));
    assert.equal(readFileSync(path, 'utf8'), before);
  } finally {
    release(disk);
  }
});

test('an evaluator whose archive fills up stops, and its message gives the true counts and where the rest went', { skip }, async () => {
  const disk = tinyDisk() as string;
  try {
    // Leave one 4 KB page of the 64 KB: room for about a dozen archive lines.
    writeFileSync(join(disk, 'filler'), Buffer.alloc(60 * 1024));
    const path = join(disk, 'archive.jsonl');
    const archive = Archive.open(path);
    const rng = new Random(7);
    const archs = Array.from({ length: 40 }, () => randomArch(rng, { resolution: 160 }));
    const command = [JSON.stringify(process.execPath), JSON.stringify(GOOD_EVALUATOR)].join(' ');
    const evaluator = new ExternalEvaluator({ command, archive });
    let message = '';
    try {
      await assert.rejects(evaluator.accuracy(archs), (e: unknown) => {
        message = (e as Error).message;
        return e instanceof StoreWriteError;
      });
    } finally {
      await evaluator.dispose();
    }
    const counts = /: (\d+) of (\d+) results kept; (.*?): no space left on device; the other (\d+) (?:is|are) in (\S+)/.exec(message);
    assert.ok(counts, message);
    const [kept, received, , other, unsaved] = [Number(counts[1]), Number(counts[2]), counts[3], Number(counts[4]), counts[5]];
    assert.equal(counts[3], path);
    assert.ok(kept > 0 && kept < 40, message);
    assert.equal(Archive.open(path).size, kept, 'the archive holds exactly the results said to be kept');
    assert.equal(other, received - kept);
    assert.equal(readFileSync(unsaved, 'utf8').trim().split('\n').length, other);
    assert.match(message, new RegExp(`; ${40 - received} queued evaluations were not started`));
    rmSync(unsaved);
  } finally {
    release(disk);
  }
});
