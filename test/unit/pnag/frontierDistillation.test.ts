import test from 'node:test';
import assert from 'node:assert/strict';
import { trainPnag } from '../../../src/core/pnag/trainPipeline';
import { distillFrontier, distillationBudgets } from '../../../src/core/pnag/frontierDistillation';
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
  const short = await distillFrontier(model, data, { steps: 1, budgets: 24, learningRate: 3e-2 });
  const long = await distillFrontier(model, data, { steps: 100, budgets: 24, learningRate: 3e-2 });
  assert.ok(short.pairs > 0 && long.pairs === short.pairs);
  assert.ok(long.loss < short.loss / 4, `loss ${short.loss} -> ${long.loss}`);
  assert.equal(greedy(), archKey(target));
  model.dispose();
});

test('no steps, or no measured network within any budget, leaves f(B) as it was', async () => {
  const { model } = await trainPnag(data, smallTraining(4));
  const before = model.policy.variables().map((v) => Array.from(v.dataSync()));
  assert.ok(Number.isNaN((await distillFrontier(model, data, { steps: 0, budgets: 8, learningRate: 1e-2 })).loss));
  const tooSmall = { archs: data.archs.slice(0, 3), accuracies: [70, 71, 72], costs: [1e6, 1e6, 1e6] };
  assert.equal((await distillFrontier(model, tooSmall, { steps: 5, budgets: 8, learningRate: 1e-2 })).pairs, 0);
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
