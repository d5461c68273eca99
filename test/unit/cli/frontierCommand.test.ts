import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { maddsM } from '../../../src/core/cost/madds';
import { randomArch } from '../../../src/core/space/arch';
import { toPnagString } from '../../../src/core/space/pnagString';
import { Random } from '../../../src/core/util/random';
import { runCli } from './runCli';

/** A workspace whose archive holds three measured networks (the dearest one less accurate) and one failure. */
function workspace(): { ws: string; cheap: string; middle: string } {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-frontier-cli-'));
  mkdirSync(join(ws, '.pnag'));
  const rng = new Random(5);
  const archs = Array.from({ length: 4 }, () => randomArch(rng)).sort((a, b) => maddsM(a, 'pnag') - maddsM(b, 'pnag'));
  const archive = Archive.open(join(ws, '.pnag', 'archive.jsonl'));
  const by = { source: 'eval:python eval.py' };
  archive.add({ arch: archs[0], metrics: { top1: 70 }, provenance: by });
  archive.add({ arch: archs[1], metrics: { top1: 75 }, provenance: by });
  archive.add({ arch: archs[2], metrics: { top1: 74 }, provenance: by });
  archive.add({ arch: archs[3], metrics: { failed: 1 }, provenance: { ...by, error: 'CUDA out of memory' } });
  return { ws, cheap: toPnagString(archs[0]), middle: toPnagString(archs[1]) };
}

test('pnag frontier lists the archive\'s measured networks that no other beats on both cost and top-1, cheapest first, and counts the failures', () => {
  const { ws, cheap, middle } = workspace();
  const listed = runCli(['frontier', '--json'], { cwd: ws });
  assert.equal(listed.status, 0, listed.stderr);
  type Listed = { cost_model: string; with_top1: number; points: { pnag: string; top1: number; cost: number; origin: string }[]; notes: string[] };
  const result = JSON.parse(listed.stdout) as Listed;
  assert.equal(result.cost_model, 'madds:pnag', 'MAdds in PNAG\'s count without a generator');
  assert.deepEqual(result.points.map((p) => [p.pnag, p.top1, p.origin]), [[cheap, 70, 'measured'], [middle, 75, 'measured']]);
  assert.ok(result.points[0].cost < result.points[1].cost);
  assert.equal(result.with_top1, 3);
  assert.ok(result.notes.some((n) => /1 network the evaluator failed on/.test(n)), result.notes.join('\n'));

  const csv = runCli(['frontier', '--csv'], { cwd: ws });
  assert.equal(csv.status, 0, csv.stderr);
  const lines = csv.stdout.trim().split('\n');
  assert.equal(lines[0], 'cost,top1,origin,pnag,width,resolution');
  assert.equal(lines.length, 3);
  assert.ok(lines[1].includes(`"${cheap}"`), 'a PNAG string holds commas, so it is quoted');

  const text = runCli(['frontier'], { cwd: ws });
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /Measured frontier of .*archive\.jsonl, MAdds .*: 2 networks of 3 with a top-1/);
  // A generator's cost model sets the axis: the shipped Note10 generator's latency table costs every network, in ms.
  const note10 = runCli(['frontier', '--json', '--checkpoint', resolve(__dirname, '..', '..', '..', 'data', 'generators', 'note10.ckpt.json')], { cwd: ws });
  assert.equal(note10.status, 0, note10.stderr);
  const onLatency = JSON.parse(note10.stdout) as Listed & { cost_unit: string };
  assert.equal(onLatency.cost_unit, 'ms');
  assert.ok(onLatency.points.length >= 1 && onLatency.points.every((p) => p.cost > 5 && p.cost < 100), JSON.stringify(onLatency.points));
});

test('pnag frontier: a missing --archive or --checkpoint, or both --json and --csv, is exit 2 naming it; a folder with no archive yet says so', () => {
  const { ws } = workspace();
  const cases: [string[], RegExp][] = [
    [['frontier', '--archive', 'nope.jsonl'], /--archive nope\.jsonl: no such file/],
    [['frontier', '--checkpoint', 'nope.ckpt.json'], /--checkpoint nope\.ckpt\.json: no such file/],
    [['frontier', '--json', '--csv'], /--json and --csv: pick one/],
    [['frontier', '--checkpoint', '.pnag/archive.jsonl'], /not JSON|not a PNAG checkpoint/],
  ];
  for (const [args, message] of cases) {
    const run = runCli(args, { cwd: ws });
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
  const empty = runCli(['frontier'], { cwd: mkdtempSync(join(tmpdir(), 'pnag-frontier-empty-')) });
  assert.equal(empty.status, 0, empty.stderr);
  assert.match(empty.stdout, /No archive at .* yet/);
});
