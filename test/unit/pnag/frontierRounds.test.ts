import type { PnagModel } from '../../../src/core/pnag/model';
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainPnag, type TrainPnagOptions, type PnagProgress } from '../../../src/core/pnag/trainPipeline';
import { CHECKPOINT_VERSION, checkpointOf, loadCheckpoint, parseCheckpoint } from '../../../src/core/pnag/checkpoint';
import { generateForBudget } from '../../../src/core/pnag/generate';
import { isTrainingCancelled } from '../../../src/core/pnag/trainingLoop';
import { measuredFrontier, bestMeasuredWithin } from '../../../src/core/pnag/frontierMemory';
import { roundBudgets } from '../../../src/core/pnag/frontierRounds';
import { DEFAULT_SURROGATE } from '../../../src/core/pnag/frontierSurrogate';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import type { AccuracySource } from '../../../src/core/sources/accuracySource';
import { InputError } from '../../../src/core/errors';
import { archKey, withOptions } from '../../../src/core/space/arch';
import type { ExactCostModel } from '../../../src/core/cost/costModel';
import { atWidthResolution, sourceAtWidthResolution } from '../../../src/core/pipeline/atWidthResolution';
import type { ArchSamples } from '../../../src/core/pnag/samples';
import { smallTraining, syntheticAccuracy, syntheticSamples, syntheticSource } from './synthetic';

const data = syntheticSamples(200, 31);
const madds = new MaddsCostModel('pnag');
const small: TrainPnagOptions = smallTraining(7);

/** The synthetic source, counting every architecture it is asked about. */
function countingSource(): AccuracySource & { asked: string[] } {
  const asked: string[] = [];
  return { ...syntheticSource, asked, accuracy: async (archs, signal) => (asked.push(...archs.map(archKey)), syntheticSource.accuracy(archs, signal)) };
}

const rounds = { rounds: 2, budgetsPerRound: 4, samples: 8, elite: 4, neighbourParents: 1, evaluatorEpochs: 1, generatorSteps: 2 };

test('frontier rounds ask exactly their query budget about new architectures, grow the data and fine-tune R', async () => {
  const source = countingSource();
  const measured: ArchSamples[] = [];
  const phases = new Set<string>();
  const plain = await trainPnag(data, small);
  const { model } = await trainPnag(data, { ...small, frontier: { ...rounds, queries: 40, source } }, {
    onMeasured: (rows) => void measured.push(rows),
    onProgress: (p: PnagProgress) => void phases.add(p.phase),
  });
  assert.equal(source.asked.length, 40);
  assert.equal(new Set(source.asked).size, 40, 'no architecture is asked about twice');
  const known = new Set(data.archs.map(archKey));
  assert.ok(source.asked.every((k) => !known.has(k)), 'only architectures outside the initial archive are asked about');
  assert.equal(measured.reduce((n, r) => n + r.archs.length, 0), 40);
  assert.equal(model.info.report?.frontierRounds?.queries, 40);
  assert.equal(model.info.report?.archiveSize, 200);
  assert.deepEqual([...phases], ['evaluator', 'generator', 'frontier']);
  // Same seed up to the rounds, so a different evaluator means the rounds fine-tuned it.
  assert.notDeepEqual(checkpointOf(model).weights.evaluator, checkpointOf(plain.model).weights.evaluator);
  // The memory is the non-dominated set of all data, the rounds' rows included.
  const all = {
    archs: [...data.archs, ...measured.flatMap((r) => r.archs)],
    accuracies: [...data.accuracies, ...measured.flatMap((r) => r.accuracies)],
    costs: [...data.costs, ...measured.flatMap((r) => r.costs)],
  };
  assert.deepEqual(model.info.frontier?.map((p) => archKey(p.arch)), measuredFrontier(all).map((p) => archKey(p.arch)));
  model.dispose();
  plain.model.dispose();
});

test('the rounds need a queryable source and an exact cost model', async () => {
  await assert.rejects(trainPnag(data, { ...small, frontier: { queries: 10, source: { ...syntheticSource, queryable: false } } }), (e: unknown) => e instanceof InputError && /queryable/.test(e.message));
  const inexact = { name: 'measured', unit: 'ms' as const, metric: 'latency_ms', exact: false, costs: async () => [] };
  await assert.rejects(trainPnag(data, { ...small, costModel: inexact, frontier: { queries: 10, source: syntheticSource } }), (e: unknown) => e instanceof InputError && /exact/.test(e.message));
});

test('round budgets cover the range evenly in log-cost, shifted differently each round', () => {
  const a = roundBudgets(100, 1600, 4, 0, 2);
  const b = roundBudgets(100, 1600, 4, 1, 2);
  const near = (x: number[], y: number[]) => x.forEach((v, i) => assert.ok(Math.abs(v - y[i]) < 1e-9, `${x} vs ${y}`));
  near(a, [100 * 2 ** 0.25, 200 * 2 ** 0.25, 400 * 2 ** 0.25, 800 * 2 ** 0.25]);
  near(b, [100 * 2 ** 0.75, 200 * 2 ** 0.75, 400 * 2 ** 0.75, 800 * 2 ** 0.75]);
});

test('the frontier memory is kept in the checkpoint, and generation never returns worse than its best within the budget', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pnag-frontier-'));
  const path = join(dir, 'model.json');
  const { model } = await trainPnag(data, small, { checkpointPath: path });
  const loaded = await loadCheckpoint(path);
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).version, CHECKPOINT_VERSION);
  assert.deepEqual(loaded.info.frontier?.map((p) => [archKey(p.arch), p.accuracy]), model.info.frontier?.map((p) => [archKey(p.arch), p.accuracy]));
  for (const budget of [320, 400, 480]) {
    const remembered = bestMeasuredWithin(loaded.info.frontier ?? [], budget, madds);
    const g = await generateForBudget(loaded, budget, { bestOf: 4, costModel: madds, accuracySource: syntheticSource });
    assert.ok(g.fits);
    assert.ok(remembered && (g.top1 as number) >= remembered.accuracy, `at ${budget}: ${g.top1} below the memory's ${remembered?.accuracy}`);
    assert.ok(g.sourceQueries <= 1, 'at most the single top-1 query decides');
  }
  model.dispose();
  loaded.dispose();
});

test('generation spends no evaluation on a pick the memory has measured, also when the memory spells it at another width', async () => {
  const { model } = await trainPnag(data, small);
  const budget = 400;
  const atW10 = { width: 1.0 as const, resolution: 224 };
  for (const shape of [undefined, atW10]) {
    // As the engine generates for a training at w1.0: costs of f(B)'s networks (w1.2) taken at w1.0.
    const cost = shape ? (atWidthResolution(madds, shape) as ExactCostModel) : madds;
    const pick = await generateForBudget(model, budget, { bestOf: 4, costModel: cost, frontierMemory: false });
    const measuredPick = { arch: shape ? withOptions(pick.arch, shape) : pick.arch, cost: cost.costOf(pick.arch), accuracy: 90 };
    const remembering = model.withReport(model.info.report ?? assert.fail('no report'), [measuredPick]);
    const source = countingSource();
    const g = await generateForBudget(remembering, budget, { bestOf: 4, costModel: cost, accuracySource: source });
    assert.equal(archKey(withOptions(g.arch, atW10)), archKey(withOptions(pick.arch, atW10)));
    assert.equal(g.top1, 90, 'the measured accuracy');
    assert.deepEqual(source.asked, [], `no evaluation (memory at ${shape ? 'w1.0' : 'w1.2'})`);
    assert.equal(g.sourceQueries, 0);
  }
  model.dispose();
});

test('generation answers with a network the source measured besides the memory when it beats the pick: no evaluation, never one over the budget', async () => {
  const { model } = await trainPnag(data, small);
  const budget = 400;
  const pick = await generateForBudget(model, budget, { bestOf: 4, costModel: madds, frontierMemory: false });
  // Two networks measured since training (e.g. picks of earlier generations): one within the budget, one above it.
  const within = syntheticSamples(400, 5).archs.find((a) => madds.costOf(a) <= budget && archKey(a) !== archKey(pick.arch)) ?? assert.fail('no network within');
  const above = syntheticSamples(400, 6).archs.find((a) => madds.costOf(a) > budget) ?? assert.fail('no network above');
  const measured = [{ arch: within, cost: madds.costOf(within), accuracy: 99 }, { arch: above, cost: 1, accuracy: 99.5 }];
  const source = countingSource();
  const g = await generateForBudget(model, budget, { bestOf: 4, costModel: madds, accuracySource: source, measured });
  assert.equal(archKey(g.arch), archKey(within), 'the measured network within the budget (its stored cost is not trusted)');
  assert.equal(g.top1, 99);
  assert.ok(g.fromFrontierMemory && g.fits);
  assert.ok(source.asked.length <= 1, 'at most the pick was measured');
  // Without a source the accuracies cannot be compared with anything, and without the memory nothing remembered answers.
  for (const options of [{}, { accuracySource: source, frontierMemory: false }]) {
    const alone = await generateForBudget(model, budget, { bestOf: 4, costModel: madds, measured, ...options });
    assert.notEqual(archKey(alone.arch), archKey(within));
  }
  model.dispose();
});

test('a version 1 checkpoint (no frontier memory) still loads and generates', async () => {
  const { model } = await trainPnag(data, small);
  const file = checkpointOf(model);
  const { frontier, ...rest } = file;
  assert.ok(frontier && frontier.length > 0);
  const old = parseCheckpoint(JSON.stringify({ ...rest, version: 1 }));
  assert.equal(old.info.frontier, undefined);
  const g = await generateForBudget(old, 400, { bestOf: 4, costModel: madds });
  assert.ok(g.fits && !g.fromFrontierMemory);
  const dir = mkdtempSync(join(tmpdir(), 'pnag-frontier-'));
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...file, frontier: [{ pnag: 3 }] }));
  await assert.rejects(loadCheckpoint(join(dir, 'bad.json')), (e: unknown) => e instanceof InputError && /frontier\[0\]\.cost: undefined is not a positive finite number/.test(e.message));
  model.dispose();
  old.dispose();
});

test('cancel during the rounds stops within a second and writes no finished checkpoint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pnag-frontier-'));
  const path = join(dir, 'model.json');
  const controller = new AbortController();
  let cancelledAt = 0;
  const slow: AccuracySource = {
    ...syntheticSource,
    accuracy: async (archs, signal) => {
      await new Promise((r) => setTimeout(r, 20));
      signal?.throwIfAborted();
      return syntheticSource.accuracy(archs);
    },
  };
  const run = trainPnag(data, { ...small, frontier: { ...rounds, budgetsPerRound: 50, queries: 400, source: slow } }, {
    signal: controller.signal,
    checkpointPath: path,
    onProgress: (p) => {
      if (p.phase === 'frontier' && p.step >= 10 && !cancelledAt) {
        cancelledAt = Date.now();
        controller.abort();
      }
    },
  });
  await assert.rejects(run, (e: unknown) => isTrainingCancelled(e));
  assert.ok(cancelledAt > 0 && Date.now() - cancelledAt < 1000);
  assert.throws(() => readFileSync(path));
});

test('a training range that starts below the smallest network still runs its rounds', async () => {
  const source = countingSource();
  const { model } = await trainPnag(data, { ...small, budgets: { range: [20, 500], k: 3 }, frontier: { ...rounds, queries: 32, source } });
  assert.equal(model.info.report?.frontierRounds?.queries, source.asked.length);
  assert.ok(source.asked.length > 0);
  model.dispose();
});

test('expected-improvement rounds spend exactly their queries on new networks within the searched budgets', async () => {
  const source = countingSource();
  const { model } = await trainPnag(data, {
    ...small,
    frontier: { ...rounds, queries: 24, source, acquisition: 'expectedImprovement', mutants: 16, minQueriesPerBudget: 2, surrogate: { ...DEFAULT_SURROGATE, ensemble: 2, hidden: [16], maxEpochs: 5, patience: 2 } },
  });
  assert.equal(source.asked.length, 24);
  assert.equal(new Set(source.asked).size, 24);
  const known = new Set(data.archs.map(archKey));
  assert.ok(source.asked.every((k) => !known.has(k)));
  assert.equal(model.info.report?.frontierRounds?.queries, 24);
  model.dispose();
});

for (const [batchSize, sizes, order] of [
  [8, [8, 8, 8], ['ask 1', 'ask 2', 'learn 1', 'ask 3', 'learn 2', 'learn 3']],
  [4, [4, 4, 4, 4, 4, 4], ['ask 1', 'ask 2', 'ask 3', 'learn 1', 'ask 4', 'ask 5', 'learn 2', 'ask 6', 'learn 3']],
] as const) test(`expected-improvement rounds send batches of ${batchSize} (the source's concurrency), and a round's first batch before R learns from the last round`, async () => {
  const events: string[] = [];
  const batches: number[] = [];
  const source: AccuracySource = {
    ...syntheticSource,
    accuracy: async (archs, signal) => {
      batches.push(archs.length);
      events.push(`ask ${batches.length}`);
      return syntheticSource.accuracy(archs, signal);
    },
  };
  const { model } = await trainPnag(data, {
    ...small,
    frontier: { ...rounds, rounds: 3, queries: 24, source, acquisition: 'expectedImprovement', minQueriesPerBudget: 2, batchSize,
      surrogate: { ...DEFAULT_SURROGATE, ensemble: 2, hidden: [16], maxEpochs: 5, patience: 2 } },
  }, { onProgress: (p) => p.phase === 'frontier' && p.stage === 'evaluator' && events.at(-1) !== `learn ${p.round}` && events.push(`learn ${p.round}`) });
  assert.deepEqual(batches, sizes, 'full batches, each round its share of the queries');
  // Round 2's first batch is out before round 1's fine-tuning reports, and so on: the source never waits for training.
  assert.deepEqual(events, order);
  model.dispose();
});

/** 24 rounds' evaluations on 200 networks: each new, once; the additions checked once; the accuracy model stored. */
function expectThompsonRoundsSpent(model: PnagModel, asked: readonly string[]): void {
  assert.equal(new Set(asked).size, 24, 'no network asked twice');
  const known = new Set(data.archs.map(archKey));
  assert.ok(asked.every((k) => !known.has(k)), 'nothing of the data asked again');
  assert.equal(model.info.report?.frontierRounds?.queries, 24);
  // 200 networks at the start (the first check set to 200), 224 at the end: the pair model and the local fits are checked once.
  const pairs = model.info.report?.frontierRounds?.pairModel;
  assert.ok(pairs && pairs.checks === 1 && pairs.perLayerRmse > 0 && Number.isFinite(pairs.withPairsRmse), JSON.stringify(pairs));
  const local = model.info.report?.frontierRounds?.localFit;
  assert.ok(local && local.checks === 1 && local.globalRmse > 0 && Number.isFinite(local.localRmse), JSON.stringify(local));
  // The accuracy model generation rates by, fitted to all 224 measured networks, goes into the checkpoint.
  assert.equal(model.info.accuracyModel?.networks, 224);
  const back = parseCheckpoint(JSON.stringify(checkpointOf(model)));
  assert.equal(back.info.accuracyModel?.predict(data.archs[0], 400), model.info.accuracyModel?.predict(data.archs[0], 400));
  back.dispose();
  model.dispose();
}

test('Thompson rounds spend exactly their queries on new networks within the training range, in batches of the concurrency, learning while one is out', async () => {
  const source = countingSource();
  const events: string[] = [];
  const batches: number[] = [];
  const watched: AccuracySource = { ...source, accuracy: (archs, signal) => (batches.push(archs.length), events.push(`ask ${batches.length}`), source.accuracy(archs, signal)) };
  const { model } = await trainPnag(data, { ...small, frontier: { ...rounds, rounds: 3, queries: 24, source: watched, acquisition: 'thompson', batchSize: 8, minQueriesPerBudget: 2,
    thompsonFirstCheck: 200 } },
    { onProgress: (p) => p.phase === 'frontier' && p.stage === 'evaluator' && events.at(-1) !== `learn ${p.round}` && events.push(`learn ${p.round}`) });
  assert.deepEqual(batches, [8, 8, 8]);
  assert.deepEqual(events, ['ask 1', 'ask 2', 'learn 1', 'ask 3', 'learn 2', 'learn 3'], 'the source never waits for training');
  expectThompsonRoundsSpent(model, source.asked);
});

test('asynchronous Thompson rounds spend exactly their queries too, keeping the concurrency busy and learning while evaluations are out', async () => {
  const source = countingSource();
  // Each evaluation takes 300 ms: long beside a refit, short beside nothing.
  let out = 0;
  let most = 0;
  const sizes = new Set<number>();
  const outWhenLearning = new Map<number, number>();
  const watched: AccuracySource = { ...source, accuracy: async (archs, signal) => {
    sizes.add(archs.length);
    most = Math.max(most, ++out);
    await new Promise((resolve) => setTimeout(resolve, 300));
    out--;
    return source.accuracy(archs, signal);
  } };
  const { model } = await trainPnag(data, { ...small, frontier: { ...rounds, rounds: 3, queries: 24, source: watched, acquisition: 'thompson', batchSize: 8, minQueriesPerBudget: 2,
    thompsonFirstCheck: 200, asynchronous: true } },
    { onProgress: (p) => p.phase === 'frontier' && p.stage === 'evaluator' && !outWhenLearning.has(p.round) && outWhenLearning.set(p.round, out) });
  assert.deepEqual([...sizes], [1], 'each network is asked on its own, so that a worker that finishes gets the next at once');
  assert.equal(most, 8, 'eight out at once (the concurrency), never more');
  assert.deepEqual([...outWhenLearning.keys()], [1, 2, 3]);
  assert.ok((outWhenLearning.get(1) ?? 0) > 0 && (outWhenLearning.get(2) ?? 0) > 0, `the source never waits for training: ${JSON.stringify([...outWhenLearning])}`);
  expectThompsonRoundsSpent(model, source.asked);
});

test('Thompson rounds refuse a cost that is not a sum of per-layer costs', async () => {
  const squared: ExactCostModel = { ...madds, name: 'madds squared', costOf: (a) => madds.costOf(a) ** 2 / 400, costs: async (archs) => archs.map((a) => madds.costOf(a) ** 2 / 400) };
  await assert.rejects(trainPnag(data, { ...small, costModel: squared, frontier: { ...rounds, queries: 8, source: syntheticSource, acquisition: 'thompson' } }),
    /Thompson rounds need a cost that is a sum of per-layer costs; madds squared is not/);
});

for (const acquisition of ['expectedImprovement', 'thompson'] as const) test(`${acquisition} rounds on data at another width spell every network as f(B) does: the source and the memory see one spelling, and nothing of the data is asked again`, async () => {
  // As the engine runs them: the data at w1.0; the rounds' cost model and source take f(B)'s spelling (w1.2) and move it to w1.0.
  const atW10 = { width: 1.0 as const, resolution: 224 };
  const narrowArchs = data.archs.map((a) => withOptions(a, atW10));
  const narrow: ArchSamples = { archs: narrowArchs, accuracies: narrowArchs.map(syntheticAccuracy),
    costs: data.archs.map((a) => madds.costOf(withOptions(a, atW10))) };
  const inner = countingSource();
  const moved = sourceAtWidthResolution(inner, atW10);
  const spelled: string[] = [];
  const source: AccuracySource = { ...moved, accuracy: (archs, signal) => (spelled.push(...archs.map((a) => `w${a.width} r${a.resolution}`)), moved.accuracy(archs, signal)) };
  const { model } = await trainPnag(narrow, {
    ...small,
    budgets: { range: [150, 300], k: 3 },
    costModel: atWidthResolution(madds, atW10) as ExactCostModel,
    frontier: { ...rounds, queries: 24, source, acquisition, mutants: 16, minQueriesPerBudget: 2,
      surrogate: { ...DEFAULT_SURROGATE, ensemble: 2, hidden: [16], maxEpochs: 5, patience: 2 } },
  });
  assert.deepEqual([...new Set(spelled)], ['w1.2 r224'], 'the source is handed f(B)\'s spelling only');
  assert.equal(new Set(inner.asked).size, 24, 'no network asked twice');
  const known = new Set(narrow.archs.map(archKey));
  assert.ok(inner.asked.every((k) => !known.has(k)), 'no network of the data asked again');
  assert.deepEqual([...new Set(model.info.frontier?.map((p) => `w${p.arch.width} r${p.arch.resolution}`))], ['w1.2 r224']);
  model.dispose();
});
