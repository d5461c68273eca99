import test from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toArchiveLine } from '../../../../src/core/archive/archiveRecord';
import { maddsM } from '../../../../src/core/cost/madds';
import { randomArch } from '../../../../src/core/space/arch';
import { Random } from '../../../../src/core/util/random';
import { MAX_ARCHIVE_MARKS, archivePoints } from '../../../../src/extension/frontier/frontierDataBuilder';
import { costAxisOf } from '../../../../src/core/pipeline/costAxis';
import { frontierDataJob } from '../../../../src/core/pipeline/frontierDataJob';
import type { FrontierDataRequest } from '../../../../src/shared/engineProtocol';

test('a bare archive path (no engine) is read in this process in slices: merged like the archive, bad lines skipped, thinned', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-marks-')), 'archive.jsonl');
  const rng = new Random(9);
  const archs = Array.from({ length: 4000 }, () => randomArch(rng));
  writeFileSync(path, archs.map((arch) => JSON.stringify(toArchiveLine({ arch, metrics: { top1: 70 + Math.log(maddsM(arch)) }, provenance: { source: 'test' } }))).join('\n') + '\n');
  // A later line for the first architecture wins, as in Archive; a broken line is skipped.
  appendFileSync(path, `${JSON.stringify(toArchiveLine({ arch: archs[0], metrics: { top1: 99 }, provenance: { source: 'later' } }))}\n{not json\n`);

  let ticks = 0;
  let reading = true;
  const tick = () => {
    ticks++;
    if (reading) setImmediate(tick);
  };
  setImmediate(tick);
  const marks = await archivePoints(path, costAxisOf(undefined), undefined);
  reading = false;
  assert.ok(ticks >= 3, `the event loop ran only ${ticks} times while 4,000 records were read and costed`);

  assert.equal(marks.points.length, MAX_ARCHIVE_MARKS);
  assert.ok(marks.notes.some((n) => n.includes(`${MAX_ARCHIVE_MARKS} of 4000 architectures drawn`)), marks.notes.join('\n'));
  const best = marks.points.reduce((a, b) => (b.y > a.y ? b : a));
  assert.equal(best.y, 99, 'the later value of a repeated architecture is plotted (and, topping the frontier, kept)');
  assert.equal(best.yOrigin, 'measured');
});

test('a cancelled read stops with an abort error; a missing file gives no marks', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-marks-')), 'archive.jsonl');
  const rng = new Random(2);
  writeFileSync(path, Array.from({ length: 5000 }, () => JSON.stringify(toArchiveLine({ arch: randomArch(rng), metrics: { top1: 75 }, provenance: { source: 'test' } }))).join('\n'));
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(archivePoints(path, costAxisOf(undefined), undefined, controller.signal), { name: 'AbortError' });
  assert.deepEqual(await archivePoints(join(tmpdir(), 'no-such-pnag-archive.jsonl'), costAxisOf(undefined), undefined), { points: [], notes: [] });
});

test('the Frontier view asks the worker to cost the marks with the generator\'s latency table (Issue 14\'s own set-up: an evaluator and lut:note10)', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-marks-')), 'archive.jsonl');
  const rng = new Random(3);
  writeFileSync(path, Array.from({ length: 5 }, () => JSON.stringify(toArchiveLine({ arch: randomArch(rng), metrics: { top1: 75 }, provenance: { source: 'eval:x' } }))).join('\n'));
  const info = { unit: 'ms' as const, budgets: [25, 60], accuracySource: 'eval:x', costModel: 'lut:note10', estimate: false, costSpec: 'lut:note10' };
  let asked: FrontierDataRequest | undefined;
  const worker = { path, build: async (request: FrontierDataRequest) => {
    asked = request;
    return frontierDataJob(request);
  } };
  const marks = await archivePoints(worker, costAxisOf(info), info);
  assert.equal(asked?.costSpec, 'lut:note10');
  assert.equal(marks.points.length, 5, marks.notes.join('\n'));
  assert.ok(marks.points.every((p) => p.x > 5 && p.x < 100 && p.xOrigin === 'computed'));
});
