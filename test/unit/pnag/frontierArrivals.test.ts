import test from 'node:test';
import assert from 'node:assert/strict';
import { trainPnag } from '../../../src/core/pnag/trainPipeline';
import type { ArrivedAnswers } from '../../../src/core/pnag/frontierRounds';
import type { AccuracySource } from '../../../src/core/sources/accuracySource';
import { type Arch, archKey } from '../../../src/core/space/arch';
import { DEFAULT_DISTILLATION } from '../../../src/core/pnag/frontierDistillation';
import { smallTraining, syntheticAccuracy, syntheticSamples, syntheticSource } from './synthetic';

// A training restarted after a crash reattaches its cluster run, whose in-flight networks are answered and archived
// while the new run goes on, though it never asked for them: they were paid for, so the rounds learn from them and
// count them against their evaluations.

const data = syntheticSamples(200, 31);
const rounds = { rounds: 2, budgetsPerRound: 4, samples: 8, elite: 4, neighbourParents: 1, evaluatorEpochs: 1, generatorSteps: 2 };

test('Thompson rounds learn answers that reached the archive unasked and count them against their evaluations', async () => {
  const inFlight = syntheticSamples(8, 77).archs;
  const sent: string[] = [];
  let batches = 0;
  const source: AccuracySource = { ...syntheticSource, accuracy: (archs, signal) => {
    batches++;
    sent.push(...archs.map(archKey));
    return syntheticSource.accuracy(archs, signal);
  } };
  let offered = 0;
  // The old run's eight answers land during the rounds' second batch and stay in the archive from then on.
  const arrived = (isNew: (arch: Arch) => boolean): ArrivedAnswers => {
    const archs = batches >= 2 ? inFlight.filter(isNew) : [];
    offered += archs.length;
    return { archs, accuracies: archs.map(syntheticAccuracy) };
  };
  const training = { ...smallTraining(7), frontier: { ...rounds, queries: 64, source, acquisition: 'thompson' as const, batchSize: 8, minQueriesPerBudget: 2 } };
  const { model } = await trainPnag(data, training, { arrived });
  const report = model.info.report?.frontierRounds;
  assert.equal(offered, 8, 'each arrival is taken once: once learnt, it is no longer new');
  assert.equal(report?.arrived, 8);
  assert.equal(report?.queries, 64, 'the arrivals count against the rounds\' evaluations');
  assert.equal(sent.length, 56, 'so the source was asked about eight fewer');
  assert.ok(inFlight.every((a) => !sent.includes(archKey(a))), 'an arrival is never asked again');
  assert.equal(model.info.accuracyModel?.networks, data.archs.length + 64, 'the accuracy model the rounds end with was fitted to them too');
  model.dispose();
});

test('without arrivals the rounds spend every evaluation on the source, as before', async () => {
  const sent: string[] = [];
  const source: AccuracySource = { ...syntheticSource, accuracy: (archs, signal) => {
    sent.push(...archs.map(archKey));
    return syntheticSource.accuracy(archs, signal);
  } };
  const training = { ...smallTraining(7), frontier: { ...rounds, queries: 64, source, acquisition: 'thompson' as const, batchSize: 8, minQueriesPerBudget: 2 } };
  const { model } = await trainPnag(data, training, { arrived: () => ({ archs: [], accuracies: [] }) });
  assert.equal(sent.length, 64);
  assert.equal(model.info.report?.frontierRounds?.arrived, undefined);
  model.dispose();
});

test('asynchronous rounds: an answer the evaluator archived before its call returned is the rounds\' own, not an arrival: counted once', async () => {
  // As the evaluators do: each answer is archived the moment it is read, a moment before the call that asked returns.
  const archived = new Map<string, { arch: Arch; accuracy: number }>();
  const sent: string[] = [];
  const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  let call = 0;
  const source: AccuracySource = { ...syntheticSource, accuracy: async (archs, signal) => {
    sent.push(...archs.map(archKey));
    // Unequal times, so that answers come back out of order while others are out.
    await tick(1 + (call++ % 5));
    const accuracies = await syntheticSource.accuracy(archs, signal);
    archs.forEach((a, i) => archived.set(archKey(a), { arch: a, accuracy: accuracies[i] }));
    await tick(3);
    return accuracies;
  } };
  const arrived = (isNew: (arch: Arch) => boolean): ArrivedAnswers => {
    const rows = [...archived.values()].filter((r) => isNew(r.arch));
    return { archs: rows.map((r) => r.arch), accuracies: rows.map((r) => r.accuracy) };
  };
  // Asynchronous rounds, where answers come while others are out (with batches nothing is out when arrivals are read).
  const training = { ...smallTraining(7), frontier: { ...rounds, queries: 64, source, acquisition: 'thompson' as const, batchSize: 8, minQueriesPerBudget: 2,
    asynchronous: true } };
  const { model } = await trainPnag(data, training, { arrived });
  assert.equal(model.info.report?.frontierRounds?.arrived, undefined, 'nothing arrived unasked');
  assert.equal(sent.length, 64, 'every evaluation went to the source');
  assert.equal(new Set(sent).size, 64);
  assert.equal(model.info.accuracyModel?.networks, data.archs.length + 64, 'each answer learnt once');
  model.dispose();
});

test('when only answers that arrived unasked were measured, none within the trained range, the report claims no distillation', async () => {
  const inFlight = syntheticSamples(8, 77).archs;
  const arrived = (isNew: (arch: Arch) => boolean): ArrivedAnswers => {
    const archs = inFlight.filter(isNew);
    return { archs, accuracies: archs.map(syntheticAccuracy) };
  };
  // A range below every network: the rounds find nothing to ask, and the arrivals all cost more than its top.
  const frontier = { ...rounds, queries: 16, source: syntheticSource, acquisition: 'thompson' as const, batchSize: 8, minQueriesPerBudget: 2,
    distillation: { ...DEFAULT_DISTILLATION, steps: 10 } };
  const { model } = await trainPnag(data, { ...smallTraining(7), budgets: { range: [20, 40], k: 3 }, frontier }, { arrived });
  const report = model.info.report?.frontierRounds;
  assert.equal(report?.arrived, 8, 'the arrivals were learnt, so the distillation ran (else the test shows nothing)');
  assert.equal(report?.distillation, undefined, 'nothing was taught, so there is nothing to report (the note would read "NaN %")');
  model.dispose();
});
