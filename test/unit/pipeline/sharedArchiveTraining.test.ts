import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { prepareEvaluationBudgetData } from '../../../src/core/pipeline/evaluationBudgetData';
import { type Arch, archKey, randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';

// Two trainings on one evaluator and one `.pnag/` (different outputs, or a terminal and VS Code): each should take
// the other's answers from the archive instead of paying for the same network twice.

const madds = new MaddsCostModel('pnag');
const truth = (a: Arch): number => 60 + Math.log(madds.costOf(a));

function recordingSource(onCall: (archs: readonly Arch[]) => void = () => undefined) {
  const asked: Arch[] = [];
  return {
    asked,
    source: {
      name: 'eval:shared', unit: '%' as const, isEstimate: false, queryable: true, measured: true,
      accuracy: async (archs: readonly Arch[]) => {
        onCall(archs);
        asked.push(...archs);
        await new Promise((resolve) => setImmediate(resolve));
        return archs.map(truth);
      },
    },
  };
}

const prepare = (source: ReturnType<typeof recordingSource>['source'], store: Archive) =>
  prepareEvaluationBudgetData({
    source, costModel: madds, total: 60, budgetsOf: () => [250, 450, 650], store, seed: 3, width: 1.2, resolution: 224, note: () => undefined,
  });

test('networks of the coverage design another process measured meanwhile are taken from the archive, not asked, and count as spent', async () => {
  // The design a training with this seed sends, in order.
  const alone = recordingSource();
  await prepare(alone.source, Archive.open(join(mkdtempSync(join(tmpdir(), 'pnag-shared-')), 'archive.jsonl')));
  const design = alone.asked.slice();
  assert.ok(design.length > 30);

  const path = join(mkdtempSync(join(tmpdir(), 'pnag-shared-')), 'archive.jsonl');
  const otherProcess = Archive.open(path);
  const measuredElsewhere = design.slice(20, 30);
  // While this training waits for its first answer, the other one archives ten networks of the same design.
  const shared = recordingSource(() => {
    if (otherProcess.size > 0) return;
    for (const arch of measuredElsewhere) otherProcess.add({ arch, metrics: { top1: truth(arch) }, provenance: { source: 'pnag train: eval:shared' } });
  });
  const prepared = await prepare(shared.source, Archive.open(path));
  const askedKeys = new Set(shared.asked.map(archKey));
  assert.ok(measuredElsewhere.every((a) => !askedKeys.has(archKey(a))), 'none of them asked again');
  assert.equal(shared.asked.length, design.length - 10, 'the rest of the design asked as before');
  assert.equal(prepared.data.archs.length, design.length, 'the training learns from all of them');
  assert.equal(prepared.meter.count().done, design.length, 'and counts them as spent');
  const notes = prepared.data.notes ?? [];
  assert.ok(notes.some((n) => /^coverage design: 10 of its networks were measured meanwhile by another process sharing .* not asked again \(counted as spent\)$/.test(n)), notes.join('\n'));

  // Later answers of the other process reach the rounds through `arrived`, counted there too.
  const later = [randomArch(new Random(8)), randomArch(new Random(9))];
  for (const arch of later) otherProcess.add({ arch, metrics: { top1: truth(arch) }, provenance: { source: 'pnag train: eval:shared' } });
  const arrived = prepared.arrived((a) => !prepared.data.archs.some((b) => archKey(b) === archKey(a)));
  assert.deepEqual(new Set(arrived.archs.map(archKey)), new Set(later.map(archKey)));
  assert.equal(prepared.meter.count().done, design.length + 2);
});
