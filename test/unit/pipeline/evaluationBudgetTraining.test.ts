import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainJob } from '../../../src/core/pipeline/trainJob';
import { DEFAULT_EVALUATIONS, evaluationsOf } from '../../../src/core/pipeline/evaluationBudgetData';
import { Archive } from '../../../src/core/archive/archive';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { InputError } from '../../../src/core/errors';

const TINY = { evaluatorEpochs: 1, generatorSteps: 2, k: 3 };
const madds = new MaddsCostModel('pnag');

test('--evaluations spends exactly that many source queries, keeps each in the archive, and a rerun asks nothing again', { timeout: 300_000 }, async () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-evaluations-'));
  const request = { workspace: ws, accuracy: 'proxy:madds', cost: 'madds', evaluations: 48, ...TINY, out: join(ws, 'g.ckpt') };
  const first = await trainJob(request);
  const archive = Archive.open(join(ws, '.pnag', 'archive.jsonl'));
  assert.equal(archive.size, 48, 'every evaluation is kept, none twice');
  assert.equal(first.queried, 48);
  assert.ok(first.notes.some((n) => /^evaluations: 48 in all — 32 for a coverage design .* 16 for frontier rounds chosen by expected improvement/.test(n)), first.notes.join('\n'));
  const second = await trainJob(request);
  assert.equal(Archive.open(join(ws, '.pnag', 'archive.jsonl')).size, 48, 'the rerun resumes from the archive');
  assert.equal(second.queried, 0);
  assert.ok(second.notes.some((n) => /48 already in .* count as spent/.test(n)), second.notes.join('\n'));
});

test('an evaluator gets the evaluation budget by default; other sources and explicit sample sizes do not', () => {
  assert.equal(evaluationsOf({}, 'eval', madds, false), DEFAULT_EVALUATIONS);
  assert.equal(evaluationsOf({ evaluations: 300 }, 'eval', madds, false), 300);
  assert.equal(evaluationsOf({}, 'ofa', madds, false), undefined);
  assert.equal(evaluationsOf({ archiveSize: 200 }, 'eval', madds, false), undefined);
  assert.equal(evaluationsOf({}, 'eval', madds, true), undefined);
});

test('--evaluations with --archive-size, a given archive or an inexact cost model is refused naming the option', () => {
  const inexact = { name: 'measure', unit: 'ms' as const, metric: 'latency_ms', exact: false, costs: async () => [] };
  assert.throws(() => evaluationsOf({ evaluations: 100, archiveSize: 50 }, 'eval', madds, false), (e: unknown) => e instanceof InputError && /^--evaluations: .*--archive-size/.test(e.message));
  assert.throws(() => evaluationsOf({ evaluations: 100 }, 'eval', madds, true), (e: unknown) => e instanceof InputError && /given archive/.test(e.message));
  assert.throws(() => evaluationsOf({ evaluations: 100 }, 'eval', inexact, false), (e: unknown) => e instanceof InputError && /exact cost model/.test(e.message));
});
