import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainJob } from '../../../src/core/pipeline/trainJob';
import { DEFAULT_EVALUATIONS, evaluationsOf, prepareEvaluationBudgetData } from '../../../src/core/pipeline/evaluationBudgetData';
import type { Arch } from '../../../src/core/space/arch';
import { Archive } from '../../../src/core/archive/archive';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { InputError } from '../../../src/core/errors';
import type { EvaluationCount } from '../../../src/shared/evaluationCount';

const TINY = { evaluatorEpochs: 1, generatorSteps: 2, k: 3 };
const madds = new MaddsCostModel('pnag');

test('--evaluations spends that many source queries less one per budget kept for generation, keeps each in the archive, and a rerun asks nothing again', { timeout: 300_000 }, async () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-evaluations-'));
  const request = { workspace: ws, accuracy: 'proxy:madds', cost: 'madds', evaluations: 48, ...TINY, out: join(ws, 'g.ckpt') };
  const counts: EvaluationCount[] = [];
  const fractions: number[] = [];
  const first = await trainJob(request, { onProgress: (p) => {
    if (p.evaluations) counts.push(p.evaluations);
    fractions.push(p.fraction ?? Number.NaN);
  } });
  const archive = Archive.open(join(ws, '.pnag', 'archive.jsonl'));
  assert.equal(archive.size, 45, 'every evaluation is kept, none twice');
  assert.equal(first.queried, 45);
  assert.ok(first.notes.some((n) => /^evaluations: 48 in all — 32 for a coverage design .* 13 for frontier rounds chosen by Thompson sampling of a per-layer accuracy model, 3 kept for generation/.test(n)), first.notes.join('\n'));
  // 32 + 13 networks: fewer than the first check needs, so the additions are not checked, and the note says so.
  assert.ok(first.notes.some((n) => /^frontier rounds: pairwise interactions of layers and fits around the budget were not checked \(first checked from 150 /.test(n)),
    first.notes.join('\n'));
  assert.ok(!first.notes.some((n) => /kept at \d+ of|chosen at \d+ of/.test(n)));
  // What the generator alone was taught, and how much of it its greedy decoding answers with.
  const taught = first.notes.map((n) => /^generator: taught the measured frontier at (\d+) budgets in (\d+) steps; .* within (\d+) of them \((\d+) %\)$/.exec(n)).find((m) => m);
  assert.ok(taught, first.notes.join('\n'));
  assert.ok(Number(taught[1]) > 0 && Number(taught[2]) > 0 && Number(taught[3]) <= Number(taught[1]), taught[0]);
  // 13 round answers: too few for two stretches of 8 to compare, so no word on what more evaluations would bring.
  assert.ok(!first.notes.some((n) => /raised the best measured top-1/.test(n)), first.notes.join('\n'));
  // Every report says what was spent of what the training may spend, never going back, and times it once it can.
  assert.ok(counts.length > 0);
  assert.ok(counts.every((c, i) => c.total === 45 && (i === 0 || c.done >= counts[i - 1].done)), JSON.stringify(counts));
  assert.equal(counts[counts.length - 1].done, 45);
  assert.ok(counts.filter((c) => c.done > 0).every((c) => c.secondsEach !== undefined && c.secondsLeft !== undefined));
  assert.ok(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= fractions[i - 1])));
  const second = await trainJob(request);
  assert.equal(Archive.open(join(ws, '.pnag', 'archive.jsonl')).size, 45, 'the rerun resumes from the archive');
  assert.equal(second.queried, 0);
  assert.ok(second.notes.some((n) => /45 already in .* count as spent/.test(n)), second.notes.join('\n'));
  // A smaller total than the archive holds buys nothing, and the note says so rather than "0 for a coverage design".
  const smaller = await trainJob({ ...request, evaluations: 40 });
  assert.equal(smaller.queried, 0);
  assert.ok(smaller.notes.some((n) => /^evaluations: 40 in all, and 45 were spent earlier .*: nothing new is evaluated; training uses what they gave/.test(n)),
    smaller.notes.join('\n'));
});

test('--asynchronous-rounds: the same evaluations, drawn as each answer comes, and the notes say so; without an evaluation budget it is refused', { timeout: 300_000 }, async () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-evaluations-'));
  const request = { workspace: ws, accuracy: 'proxy:madds', cost: 'madds', evaluations: 60, asynchronousRounds: true, ...TINY, out: join(ws, 'g.ckpt') };
  const trained = await trainJob(request);
  assert.equal(Archive.open(join(ws, '.pnag', 'archive.jsonl')).size, 57, 'every evaluation kept once, as with batches');
  assert.ok(trained.notes.some((n) => /^frontier rounds: asynchronous \(--asynchronous-rounds\) — 8 networks out at once, the next drawn as each was answered$/.test(n)),
    trained.notes.join('\n'));
  const batched = await trainJob({ ...request, asynchronousRounds: false, workspace: mkdtempSync(join(tmpdir(), 'pnag-evaluations-')) });
  assert.ok(!batched.notes.some((n) => /asynchronous/.test(n)));
  await assert.rejects(trainJob({ workspace: ws, accuracy: 'proxy:madds', cost: 'madds', archiveSize: 40, asynchronousRounds: true, ...TINY, out: join(ws, 'h.ckpt') }),
    (e: unknown) => e instanceof InputError && /^--asynchronous-rounds: only the rounds of an evaluation budget have it/.test(e.message));
});

test('from 150 measured networks on, the notes say how often the pair model and the fits around the budget were chosen', { timeout: 300_000 }, async () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-evaluations-'));
  const trained = await trainJob({ workspace: ws, accuracy: 'proxy:madds', cost: 'madds', evaluations: 190, ...TINY, out: join(ws, 'g.ckpt') });
  // 37 for the coverage design, then batches of 8: checks at 157 and 181 networks (grown by 15 %).
  assert.ok(trained.notes.some((n) => /^frontier rounds: pairwise interactions of layers kept at \d of 2 checks \(last: held-out error \d\.\d{3} of the per-layer model/.test(n)),
    trained.notes.join('\n'));
  assert.ok(trained.notes.some((n) => /^frontier rounds: per-layer models fitted around each pick's budget chosen at \d of 2 checks \(last: held-out error \d\.\d{3}/.test(n)),
    trained.notes.join('\n'));
  // The rounds' 150 evaluations (190 less 37 for the design and 3 kept for generation): the batches from 56 left
  // (thompsonNeighbourShare 0.375) also weigh neighbours of the incumbent, whole batches of at most 8.
  const near = trained.notes.map((n) => /^frontier rounds: the last (\d+) evaluations also weighed 32 neighbours of the best measured network/.exec(n)).find(Boolean);
  assert.ok(near, trained.notes.join('\n'));
  assert.ok(Number(near[1]) > 56 - 8 && Number(near[1]) <= 56, near[0]);
  // What the last tenth of the 150 round answers raised the measured frontier by, beside the tenth before: never negative.
  const rise = trained.notes.map((n) => new RegExp('^frontier rounds: the last 15 networks measured raised the best measured top-1 within a budget by (\\d+\\.\\d{3}) point ' +
    'on average over [\\d.]+\\.\\.[\\d.]+ M, the 15 before them by (\\d+\\.\\d{3}); a training with a larger --evaluations keeps every answer in .*archive\\.jsonl ' +
    'and pays only for the new ones$').exec(n)).find(Boolean);
  assert.ok(rise, trained.notes.join('\n'));
});

test('an evaluator gets the evaluation budget by default; other sources and explicit sample sizes do not', () => {
  assert.equal(evaluationsOf({}, true, madds, false), DEFAULT_EVALUATIONS);
  assert.equal(evaluationsOf({ evaluations: 300 }, true, madds, false), 300);
  assert.equal(evaluationsOf({}, false, madds, false), undefined);
  assert.equal(evaluationsOf({ archiveSize: 200 }, true, madds, false), undefined);
  assert.equal(evaluationsOf({}, true, madds, true), undefined);
});

test('--evaluations with --archive-size, a given archive or an inexact cost model is refused naming the option', () => {
  const inexact = { name: 'measure', unit: 'ms' as const, metric: 'latency_ms', exact: false, costs: async () => [] };
  assert.throws(() => evaluationsOf({ evaluations: 100, archiveSize: 50 }, true, madds, false), (e: unknown) => e instanceof InputError && /^--evaluations: .*--archive-size/.test(e.message));
  assert.throws(() => evaluationsOf({ evaluations: 100 }, true, madds, true), (e: unknown) => e instanceof InputError && /given archive/.test(e.message));
  assert.throws(() => evaluationsOf({ evaluations: 100 }, true, inexact, false), (e: unknown) => e instanceof InputError && /exact cost model/.test(e.message));
});

test('a total near the minimum trains: generation keeps fewer than one evaluation per budget and the note says so', { timeout: 300_000 }, async () => {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-evaluations-'));
  const trained = await trainJob({ workspace: ws, accuracy: 'proxy:madds', cost: 'madds', evaluations: 33, ...TINY, out: join(ws, 'g.ckpt') });
  assert.equal(Archive.open(join(ws, '.pnag', 'archive.jsonl')).size, 32);
  assert.ok(trained.notes.some((n) => /^evaluations: 33 in all — 32 for a coverage design .* 1 kept for generation \(fewer than the 3 training budgets/.test(n)), trained.notes.join('\n'));
});

test('the coverage design keeps the source concurrency (a cluster\'s array tasks) busy, at least 8, one network a call, and the rounds are set to', async () => {
  const calls = async (concurrency: number | undefined): Promise<{ sizes: Set<number>; most: number; planned: number }> => {
    const sizes = new Set<number>();
    let out = 0;
    let most = 0;
    const source = {
      name: 'eval:fake', unit: '%' as const, isEstimate: false, queryable: true, measured: true,
      ...(concurrency !== undefined ? { concurrency } : {}),
      accuracy: async (archs: readonly Arch[]) => {
        sizes.add(archs.length);
        most = Math.max(most, ++out);
        await new Promise((resolve) => setImmediate(resolve));
        out--;
        return archs.map((a) => 60 + Math.log(madds.costOf(a)));
      },
    };
    const ws = mkdtempSync(join(tmpdir(), 'pnag-evaluations-'));
    const prepared = await prepareEvaluationBudgetData({
      source, costModel: madds, total: 200, budgetsOf: () => [250, 450, 650], store: Archive.open(join(ws, 'archive.jsonl')),
      seed: 3, width: 1.2, resolution: 224, note: () => undefined,
    });
    assert.equal(prepared.frontierSettings.batchSize, prepared.plan.concurrency);
    return { sizes, most, planned: prepared.plan.concurrency };
  };
  const cluster = await calls(32);
  assert.equal(cluster.planned, 32);
  assert.deepEqual([...cluster.sizes], [1]);
  assert.equal(cluster.most, 32, 'as many out at once as the cluster runs, never more');
  for (const small of [undefined, 1, 4]) {
    const one = await calls(small);
    assert.equal(one.planned, 8, `concurrency ${small}`);
    assert.equal(one.most, 8, `concurrency ${small}`);
  }
});
