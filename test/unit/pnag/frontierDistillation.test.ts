import test from 'node:test';
import assert from 'node:assert/strict';
import { trainPnag } from '../../../src/core/pnag/trainPipeline';
import { DEFAULT_DISTILLATION, DISTILLATION_CHECK_EVERY, type DistillationResult, distillFrontier, distillationBudgets } from '../../../src/core/pnag/frontierDistillation';
import { budgetPosition, roundBudgets } from '../../../src/core/pnag/budgets';
import { measuredFrontier } from '../../../src/core/pnag/frontierMemory';
import { archKey } from '../../../src/core/space/arch';
import { smallTraining, syntheticSamples } from './synthetic';

const data = syntheticSamples(120, 5);

test('distillation teaches f(B) the best measured network within a budget: greedy decoding then spells it', async () => {
  const { model } = await trainPnag(data, smallTraining(3));
  const budget = 400;
  const frontier = measuredFrontier(data).filter((p) => p.cost <= budget);
  const target = frontier[frontier.length - 1].arch;
  const greedy = () => archKey(model.policy.sample(budgetPosition(budget, model.budgets).weights, 1, 'greedy').archs[0]);
  assert.notEqual(greedy(), archKey(target), 'an untaught generator does not already answer it (else the test shows nothing)');
  const short = await distillFrontier(model, data, { ...DEFAULT_DISTILLATION, steps: 1, budgets: 24, learningRate: 3e-2 });
  const long = await distillFrontier(model, data, { ...DEFAULT_DISTILLATION, steps: 100, budgets: 24, learningRate: 3e-2 });
  assert.ok(short.pairs > 0 && long.pairs === short.pairs);
  assert.ok(long.loss < short.loss / 4, `loss ${short.loss} -> ${long.loss}`);
  assert.equal(greedy(), archKey(target));
  model.dispose();
});

/** How many taught budgets f(B)'s greedy decoding answers with the taught network, counted outside the engine. */
function reproducedBy(model: Awaited<ReturnType<typeof trainPnag>>['model'], budgetCount: number): number {
  const frontier = measuredFrontier(data);
  const { budgets } = model;
  return distillationBudgets(frontier, budgets[0], budgets[budgets.length - 1], budgetCount).filter((budget) => {
    const taught = frontier.filter((p) => p.cost <= budget).pop();
    const greedy = model.policy.sample(budgetPosition(budget, budgets).weights, 1, 'greedy').archs[0];
    return taught !== undefined && archKey(greedy) === archKey(taught.arch);
  }).length;
}

test('minibatches and a falling learning rate teach the staircase too', async () => {
  const { model } = await trainPnag(data, smallTraining(3));
  const before = reproducedBy(model, 24);
  const settings = { ...DEFAULT_DISTILLATION, steps: 300, budgets: 24, batch: 8, learningRate: 3e-2, finalRate: 0.1 };
  const result = await distillFrontier(model, data, settings);
  assert.ok(result.reproduced >= 0.6 * result.pairs && before < 0.2 * result.pairs, `reproduced ${before} -> ${result.reproduced} of ${result.pairs}`);
  assert.equal(reproducedBy(model, 24), result.reproduced);
  model.dispose();
});

test('distillation stops after as many passes over the taught budgets as asked, when that comes before its steps', async () => {
  const { model } = await trainPnag(data, smallTraining(7));
  const checks: DistillationResult[] = [];
  const settings = { ...DEFAULT_DISTILLATION, steps: 1000, epochs: 10, batch: 8, learningRate: 3e-2 };
  const result = await distillFrontier(model, data, settings, undefined, (c) => checks.push(c));
  const perEpoch = Math.ceil(result.pairs / 8);
  assert.ok(perEpoch > 1, 'batches smaller than the taught budgets (else the test shows nothing)');
  assert.equal(checks[checks.length - 1].steps, 10 * perEpoch);
  model.dispose();
});

test('distillation stops at the check where greedy decoding reproduces the asked share of the taught networks', async () => {
  const { model } = await trainPnag(data, smallTraining(5));
  const checks: DistillationResult[] = [];
  const settings = { ...DEFAULT_DISTILLATION, steps: 2000, reproduce: 0.5, budgets: 24, learningRate: 3e-2 };
  const result = await distillFrontier(model, data, settings, undefined, (c) => checks.push(c));
  assert.ok(result.steps < 2000 && result.steps % DISTILLATION_CHECK_EVERY === 0, `stopped after ${result.steps} steps`);
  assert.ok(result.reproduced >= 0.5 * result.pairs);
  assert.ok(checks.slice(0, -1).every((c) => c.reproduced < 0.5 * c.pairs), 'no earlier check had reached the share');
  assert.equal(reproducedBy(model, 24), result.reproduced);
  model.dispose();
});

test('distillation keeps the weights of the check that reproduced most, not the last step\'s', async () => {
  const { model } = await trainPnag(data, smallTraining(6));
  const checks: DistillationResult[] = [];
  // A learning rate this high makes the loss jump about, so a later check reproduces less than an earlier one.
  const settings = { ...DEFAULT_DISTILLATION, steps: 400, budgets: 24, learningRate: 0.15 };
  const result = await distillFrontier(model, data, settings, undefined, (c) => checks.push(c));
  const most = Math.max(...checks.map((c) => c.reproduced));
  assert.ok(checks[checks.length - 1].reproduced < most, `the last check (${checks[checks.length - 1].reproduced}) is not below the best (${most}), so the test shows nothing`);
  assert.equal(result.reproduced, most);
  assert.equal(result.steps, checks.filter((c) => c.reproduced === most).pop()?.steps);
  assert.equal(reproducedBy(model, 24), most);
  model.dispose();
});

test('no steps, or no measured network within any budget, leaves f(B) as it was', async () => {
  const { model } = await trainPnag(data, smallTraining(4));
  const before = model.policy.variables().map((v) => Array.from(v.dataSync()));
  assert.ok(Number.isNaN((await distillFrontier(model, data, { ...DEFAULT_DISTILLATION, steps: 0, budgets: 8 })).loss));
  const tooSmall = { archs: data.archs.slice(0, 3), accuracies: [70, 71, 72], costs: [1e6, 1e6, 1e6] };
  assert.equal((await distillFrontier(model, tooSmall, { ...DEFAULT_DISTILLATION, steps: 5, budgets: 8 })).pairs, 0);
  assert.deepEqual(model.policy.variables().map((v) => Array.from(v.dataSync())), before);
  model.dispose();
});

test('distillation teaches every step of the measured staircase within the range, besides the spread budgets', () => {
  const arch = data.archs[0];
  const frontier = [100, 130, 131, 500].map((cost, i) => ({ arch, cost, accuracy: 70 + i }));
  const budgets = distillationBudgets(frontier, 120, 400, 4);
  assert.deepEqual(budgets.slice(0, 4), roundBudgets(120, 400, 4, 0, 1));
  // 130 and 131 at their own costs and halfway to the next; 100, 500 and the midpoints outside [120, 400] left out.
  assert.deepEqual(budgets.slice(4), [130, 130.5, 131, 315.5]);
  assert.deepEqual(distillationBudgets([], 120, 400, 4), roundBudgets(120, 400, 4, 0, 1));
});
