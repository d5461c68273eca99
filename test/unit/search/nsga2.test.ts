import test from 'node:test';
import assert from 'node:assert/strict';
import { nsga2Search } from '../../../src/core/search/nsga2';
import { bestWithin } from '../../../src/core/search/frontierSearch';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { hypervolume2d } from '../../../src/core/pareto/hypervolume';
import { archKey, randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { SyntheticAccuracy } from './syntheticProblem';

const cost = new MaddsCostModel('pnag');

test('NSGA-II spends exactly its query budget on distinct networks within the cost cap', async () => {
  const accuracy = new SyntheticAccuracy();
  const r = await nsga2Search({ accuracy, cost }, 500, { maxQueries: 300, populationSize: 40, seed: 3 });
  assert.equal(r.queries, 300);
  assert.equal(r.evaluated.length, 300);
  assert.equal(new Set(accuracy.seen.map(archKey)).size, accuracy.seen.length, 'no network is asked about twice');
  for (const e of r.evaluated) {
    assert.ok(e.cost <= 500);
    assert.equal(e.cost, cost.costOf(e.arch));
    assert.equal(e.accuracy, accuracy.score(e.arch));
  }
});

test('NSGA-II is reproducible from its seed', async () => {
  const run = async (seed: number) => (await nsga2Search({ accuracy: new SyntheticAccuracy(), cost }, 500, { maxQueries: 120,
    seed })).evaluated.map((e) => archKey(e.arch));
  assert.deepEqual(await run(4), await run(4));
  assert.notDeepEqual(await run(4), await run(5));
});

test('NSGA-II finds a better frontier than random sampling under the same cap and queries', async () => {
  const reference = { cost: 500, accuracy: 60 };
  let wins = 0;
  for (const seed of [1, 2, 3]) {
    const nsga = await nsga2Search({ accuracy: new SyntheticAccuracy(), cost }, 500, { maxQueries: 600, seed });
    const rng = new Random(seed);
    const random = [];
    const oracle = new SyntheticAccuracy();
    while (random.length < 600) {
      const arch = randomArch(rng);
      const c = cost.costOf(arch);
      if (c <= 500) random.push({ cost: c, accuracy: oracle.score(arch) });
    }
    if (hypervolume2d(nsga.evaluated, reference) > hypervolume2d(random, reference)) wins++;
  }
  assert.equal(wins, 3);
});

test('the answer at a budget is the most accurate evaluated network within it', () => {
  const evaluated = [
    { arch: randomArch(new Random(1)), cost: 100, accuracy: 70 },
    { arch: randomArch(new Random(2)), cost: 200, accuracy: 75 },
    { arch: randomArch(new Random(3)), cost: 300, accuracy: 74 },
  ];
  assert.equal(bestWithin(evaluated, 250)?.accuracy, 75);
  assert.equal(bestWithin(evaluated, 350)?.accuracy, 75);
  assert.equal(bestWithin(evaluated, 150)?.accuracy, 70);
  assert.equal(bestWithin(evaluated, 50), undefined);
});
