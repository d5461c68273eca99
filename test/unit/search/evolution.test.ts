import test from 'node:test';
import assert from 'node:assert/strict';
import { evolutionSearch } from '../../../src/core/search/evolution';
import { randomSearch } from '../../../src/core/search/randomSearch';
import { searchEachBudget } from '../../../src/core/search/searchTypes';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import type { CostModel } from '../../../src/core/cost/costModel';
import { type Arch, archKey } from '../../../src/core/space/arch';
import { maddsM } from '../../../src/core/cost/madds';
import { SyntheticAccuracy } from './syntheticProblem';

const cost = new MaddsCostModel('pnag');

test('evolution stays under the budget for every architecture it asks about and spends its query budget', async () => {
  const accuracy = new SyntheticAccuracy();
  const r = await evolutionSearch({ accuracy, cost }, 350, { maxQueries: 300, populationSize: 50, seed: 2, batchSize: 64 });
  assert.equal(r.queries, 300);
  assert.equal(accuracy.seen.length, 300, 'no architecture is asked about twice');
  assert.equal(new Set(accuracy.seen.map(archKey)).size, 300);
  for (const a of accuracy.seen) assert.ok(cost.costOf(a) <= 350);
  for (const n of accuracy.calls) assert.ok(n <= 64);
  assert.equal(r.accuracy, accuracy.score(r.arch));
  assert.equal(r.method, 'evolution');
  // the trace's best-so-far never decreases
  for (let i = 1; i < r.trace.length; i++) assert.ok(r.trace[i].bestAccuracy >= r.trace[i - 1].bestAccuracy);
});

test('evolution is reproducible from its seed', async () => {
  const run = (seed: number) => evolutionSearch({ accuracy: new SyntheticAccuracy(), cost }, 450, { maxQueries: 200, populationSize: 40, seed });
  assert.equal(archKey((await run(5)).arch), archKey((await run(5)).arch));
});

test('evolution beats random search on a smooth objective with the same number of queries', async () => {
  let wins = 0;
  let margin = 0;
  for (const budget of [300, 450]) {
    for (const seed of [1, 2, 3]) {
      const problem = { accuracy: new SyntheticAccuracy(), cost };
      const evo = await evolutionSearch(problem, budget, { maxQueries: 600, seed });
      const rnd = await randomSearch({ accuracy: new SyntheticAccuracy(), cost }, budget, { maxQueries: 600, seed });
      assert.equal(evo.queries, rnd.queries);
      if (evo.accuracy > rnd.accuracy) wins++;
      margin += evo.accuracy - rnd.accuracy;
    }
  }
  assert.equal(wins, 6, 'evolution wins every budget and seed');
  assert.ok(margin / 6 > 0.5, `mean margin ${margin / 6} points`);
});

test('evolution works with an asynchronous, non-exact cost model and with several resolutions', async () => {
  const measured: CostModel = {
    name: 'measured-madds',
    unit: 'M',
    metric: 'madds',
    exact: false,
    costs: async (archs: readonly Arch[]) => archs.map((a) => maddsM(a, 'pnag')),
  };
  const space = { accuracy: new SyntheticAccuracy(), cost: measured, resolutions: [160, 192, 224] };
  const r = await evolutionSearch(space, 300, { maxQueries: 150, populationSize: 30, seed: 1 });
  assert.ok(maddsM(r.arch, 'pnag') <= 300);
  assert.ok([160, 192, 224].includes(r.arch.resolution));
  assert.equal(r.costModel, 'measured-madds');
});

test('searchEachBudget runs one search per budget with derived seeds', async () => {
  const results = await searchEachBudget(randomSearch, { accuracy: new SyntheticAccuracy(), cost }, [300, 500], { maxQueries: 30, seed: 1 });
  assert.deepEqual(results.map((r) => r.budget), [300, 500]);
  assert.ok(results.every((r) => r.cost <= r.budget && r.queries === 30));
});

test('an abort during evolution rejects with AbortError', async () => {
  const controller = new AbortController();
  const accuracy = new SyntheticAccuracy();
  const run = evolutionSearch({ accuracy, cost }, 450, {
    maxQueries: 5000,
    seed: 1,
    signal: controller.signal,
    onProgress: (p) => {
      if (p.queries >= 200) controller.abort();
    },
  });
  await assert.rejects(run, { name: 'AbortError' });
  assert.ok(accuracy.seen.length < 400);
});
