import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toArchiveLine } from '../../../src/core/archive/archiveRecord';
import { maddsM } from '../../../src/core/cost/madds';
import { paramsM } from '../../../src/core/cost/params';
import { frontierDataJob } from '../../../src/core/pipeline/frontierDataJob';
import { resolveCostModel } from '../../../src/core/pipeline/costModelSpec';
import { isExact } from '../../../src/core/cost/costModel';
import { randomArch } from '../../../src/core/space/arch';
import { toPnagString } from '../../../src/core/space/pnagString';
import { Random } from '../../../src/core/util/random';
import { parseWorkerToHost } from '../../../src/shared/engineProtocol';

const lineOf = (arch: ReturnType<typeof randomArch>, metrics: Record<string, number>) => JSON.stringify(toArchiveLine({ arch, metrics, provenance: { source: 'test' } }));

function archiveFile(lines: readonly string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-frontier-data-')), 'archive.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

test('a small archive: merged per architecture, bad lines skipped and reported by file, line and field', async () => {
  const rng = new Random(4);
  const [a, b, c] = [randomArch(rng), randomArch(rng), randomArch(rng)];
  const good = JSON.parse(lineOf(c, { top1: 70 })) as Record<string, unknown>;
  const path = archiveFile([
    lineOf(a, { top1: 74 }),
    lineOf(b, { top1: 76 }),
    '{not json',
    JSON.stringify({ ...good, width: 1.5 }),
    JSON.stringify({ ...good, metrics: { top1: 'high' } }),
    lineOf(a, { top1: 75.5 }),
  ]);
  const result = await frontierDataJob({ archive: path, unit: 'M', maddsCount: 'pnag', maxMarks: 1500 });
  assert.equal(result.records, 2, 'a and b; c appears only on bad lines');
  assert.equal(result.points.length, 2);
  const ofA = result.points.find((p) => p.arch === toPnagString(a));
  assert.ok(ofA);
  assert.equal(ofA.y, 75.5, 'the later observation wins');
  assert.ok(Math.abs(ofA.x - maddsM(a, 'pnag')) < 1e-9, 'x is the PNAG-count MAdds, computed');
  assert.equal(ofA.xOrigin, 'computed');
  assert.equal(ofA.yOrigin, 'measured');
  assert.equal(result.skippedCount, 3);
  assert.deepEqual(result.skipped.map((s) => [s.file, s.line]), [[path, 3], [path, 4], [path, 5]]);
  assert.match(result.skipped[0].message, /line 3: not JSON/);
  assert.match(result.skipped[1].message, new RegExp(`${path.replace(/[.\\/]/g, '\\$&')} line 4: .*width`));
  assert.match(result.skipped[2].message, /line 5: .*top1/);
  assert.ok(result.notes.some((n) => /3 unreadable lines skipped \(first: .*line 3: not JSON/.test(n)), result.notes.join('\n'));
  assert.ok(parseWorkerToHost({ type: 'result', id: 1, result }), 'the result passes the protocol the host checks');
});

test('latency axis: the cost comes from the archive metric; without it the architecture is counted as not drawn', async () => {
  const rng = new Random(5);
  const path = archiveFile([lineOf(randomArch(rng), { 'top1@ofa-predictor': 78, 'latency_ms@note10': 31.5 }), lineOf(randomArch(rng), { 'top1@ofa-predictor': 77 })]);
  const result = await frontierDataJob({ archive: path, unit: 'ms', costMetric: 'latency_ms@note10', accuracySource: 'ofa-predictor', maxMarks: 1500 });
  assert.deepEqual(result.points.map((p) => [p.x, p.y, p.xOrigin, p.yOrigin]), [[31.5, 78, 'measured', 'estimate']]);
  assert.ok(result.notes.some((n) => n.includes('1 architectures without a latency')), result.notes.join('\n'));
});

test('no top-1 metric, a missing file, and a cancelled read', async () => {
  const rng = new Random(6);
  const noTop1 = await frontierDataJob({ archive: archiveFile([lineOf(randomArch(rng), { madds_M: 300 })]), unit: 'M', maxMarks: 10 });
  assert.deepEqual(noTop1.points, []);
  assert.match(noTop1.notes[0], /no top-1 metric yet \(1 records\)/);
  const missing = await frontierDataJob({ archive: join(tmpdir(), 'no-such-pnag-archive.jsonl'), unit: 'M', maxMarks: 10 });
  assert.deepEqual([missing.points, missing.notes, missing.records], [[], [], 0]);
  const big = archiveFile(Array.from({ length: 5000 }, () => lineOf(randomArch(rng), { top1: 75 })));
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(frontierDataJob({ archive: big, unit: 'M', maxMarks: 10 }, { signal: controller.signal }), { name: 'AbortError' });
});

test('a params axis: the worker computes each mark\'s parameters through the cost model\'s kind', async () => {
  const rng = new Random(8);
  const a = randomArch(rng);
  const result = await frontierDataJob({ archive: archiveFile([lineOf(a, { top1: 74 })]), unit: 'M params', costModel: 'params', maxMarks: 1500 });
  assert.equal(result.points.length, 1);
  assert.equal(result.points[0].x, paramsM(a));
  assert.equal(result.points[0].xOrigin, 'computed');
});

test('networks the evaluator failed on are not drawn, and the notes count them', async () => {
  const rng = new Random(8);
  const [a, b, c] = [randomArch(rng), randomArch(rng), randomArch(rng)];
  const path = archiveFile([lineOf(a, { top1: 74 }), lineOf(b, { failed: 1 }), lineOf(c, { failed: 1 }), lineOf(c, { top1: 71 })]);
  const result = await frontierDataJob({ archive: path, unit: 'M', maddsCount: 'pnag', maxMarks: 1500 });
  assert.deepEqual(result.points.map((p) => p.arch).sort(), [a, c].map(toPnagString).sort(), 'c failed once and was measured later');
  assert.ok(result.notes.includes('Archive: 1 network the evaluator failed on ("failed" lines) has no top1, not drawn.'), result.notes.join('\n'));
});

test('a generator trained on a latency table: its table costs every measured network (the archive keeps no latency for an exact cost); a table that cannot be opened is said, and the archive\'s latencies are used', async () => {
  const rng = new Random(6);
  const [a, b] = [randomArch(rng), randomArch(rng)];
  const path = archiveFile([lineOf(a, { top1: 78 }), lineOf(b, { top1: 77, 'latency_ms@note10': 31.5 })]);
  const request = { archive: path, unit: 'ms' as const, costModel: 'lut:note10', costMetric: 'latency_ms@note10', maxMarks: 1500 };
  const table = await resolveCostModel('lut:note10');
  assert.ok(isExact(table));
  const costed = await frontierDataJob({ ...request, costSpec: 'lut:note10' });
  assert.deepEqual(costed.points.map((p) => [p.arch, p.x, p.xOrigin]).sort(),
    [[toPnagString(a), table.costOf(a), 'computed'], [toPnagString(b), table.costOf(b), 'computed']].sort());
  assert.ok(parseWorkerToHost({ type: 'result', id: 1, result: costed }));
  const moved = await frontierDataJob({ ...request, costSpec: `lut:${join(tmpdir(), 'no-such-pnag-lut')}` });
  assert.deepEqual(moved.points.map((p) => [p.x, p.xOrigin]), [[31.5, 'measured']]);
  assert.ok(moved.notes.some((n) => /latency table \(lut:.*no-such-pnag-lut\) could not be opened: .*; latencies are read from the archive/.test(n)), moved.notes.join('\n'));
});
