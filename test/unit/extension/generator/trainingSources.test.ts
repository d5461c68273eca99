import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../../src/core/archive/archive';
import { MIN_ARCHIVE_ARCHS, defaultSources } from '../../../../src/core/pipeline/defaultSources';
import { randomArch } from '../../../../src/core/space/arch';
import { Random } from '../../../../src/core/util/random';
import { describeTrainingSources } from '../../../../src/extension/generator/trainingSources';

/** A workspace whose archive holds `count` architectures with measured top-1. */
function workspaceWith(count: number): string {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-training-sources-'));
  mkdirSync(join(workspace, '.pnag'));
  const archive = Archive.open(join(workspace, '.pnag', 'archive.jsonl'));
  const rng = new Random(count);
  archive.addMany(Array.from({ length: count }, () => ({ arch: randomArch(rng), metrics: { top1: 75 + rng.next() }, provenance: { source: 'test' } })));
  return workspace;
}

function describe(workspace: string, cost = 'madds'): string {
  return describeTrainingSources({ accuracy: undefined, cost, workspace, env: {} });
}

test('the "train first?" offer names the accuracy source the engine will use, not a rule with its own threshold', () => {
  const few = workspaceWith(MIN_ARCHIVE_ARCHS - 1);
  assert.deepEqual(defaultSources({ workspace: few, env: {} }).accuracy, { kind: 'ofa' });
  const fewText = describe(few);
  assert.match(fewText, /^accuracy from OFA's predictor \(built-in\)/, fewText);
  assert.match(fewText, new RegExp(`fewer than ${MIN_ARCHIVE_ARCHS}`), fewText);

  const enough = workspaceWith(MIN_ARCHIVE_ARCHS);
  assert.equal(defaultSources({ workspace: enough, env: {} }).accuracy.kind, 'archive');
  assert.match(describe(enough), new RegExp(`^accuracy from the workspace archive .*\\(${MIN_ARCHIVE_ARCHS} architectures with measured top-1\\)`));
});

test('the offer names the cost model as the registry describes it', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-training-sources-'));
  assert.match(describe(workspace, 'madds:ofa'), /cost: MAdds \(OFA's count\)$/);
  assert.match(describe(workspace, 'lut:note10'), /cost: latency from the look-up tables note10$/);
  assert.match(describe(workspace, 'measure'), /cost: latency measured on this machine$/);
});

test('a source from the settings is named as written; an evaluator by its command', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-training-sources-'));
  const named = (accuracy: string) => describeTrainingSources({ accuracy, cost: 'madds', workspace, env: {} });
  assert.equal(named('proxy:madds'), 'accuracy from proxy:madds; cost: MAdds (PNAG count)');
  assert.equal(named('ofa'), 'accuracy from ofa; cost: MAdds (PNAG count)');
  assert.equal(named('eval:python eval.py'), 'accuracy from your evaluator command (python eval.py); cost: MAdds (PNAG count)');
});
