import test from 'node:test';
import assert from 'node:assert/strict';
import { randomSearch } from '../../../src/core/search/randomSearch';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { archKey } from '../../../src/core/space/arch';
import { InputError } from '../../../src/core/errors';
import { SyntheticAccuracy } from './syntheticProblem';

const cost = new MaddsCostModel('pnag');

test('random search spends exactly its query budget, in batches, on distinct archs under the budget', async () => {
  const accuracy = new SyntheticAccuracy();
  const r = await randomSearch({ accuracy, cost }, 400, { maxQueries: 250, batchSize: 100, seed: 1 });
  assert.equal(r.queries, 250);
  assert.deepEqual(accuracy.calls, [100, 100, 50]);
  assert.equal(new Set(accuracy.seen.map(archKey)).size, 250);
  for (const a of accuracy.seen) assert.ok(cost.costOf(a) <= 400);
  assert.ok(r.cost <= 400);
  assert.equal(r.cost, cost.costOf(r.arch));
  assert.equal(r.accuracy, Math.max(...accuracy.seen.map((a) => accuracy.score(a))));
  assert.equal(r.method, 'random');
  assert.equal(r.source, 'synthetic');
  assert.equal(r.costModel, 'madds:pnag');
  assert.equal(r.trace.length, 3);
});

test('random search is reproducible from its seed', async () => {
  const a = await randomSearch({ accuracy: new SyntheticAccuracy(), cost }, 400, { maxQueries: 50, seed: 3 });
  const b = await randomSearch({ accuracy: new SyntheticAccuracy(), cost }, 400, { maxQueries: 50, seed: 3 });
  const c = await randomSearch({ accuracy: new SyntheticAccuracy(), cost }, 400, { maxQueries: 50, seed: 4 });
  assert.equal(archKey(a.arch), archKey(b.arch));
  assert.notEqual(archKey(a.arch), archKey(c.arch));
});

test('a budget below the cheapest network, or a source that cannot be queried, is refused up front', async () => {
  await assert.rejects(randomSearch({ accuracy: new SyntheticAccuracy(), cost }, 50, { maxQueries: 10 }), (e: unknown) => e instanceof InputError && /cheapest architecture/.test(e.message));
  const stored = Object.assign(new SyntheticAccuracy(), { queryable: false });
  await assert.rejects(randomSearch({ accuracy: stored, cost }, 400, { maxQueries: 10 }), (e: unknown) => e instanceof InputError && /queried/.test(e.message));
  await assert.rejects(randomSearch({ accuracy: new SyntheticAccuracy(), cost }, 400, { maxQueries: 0 }), InputError);
});

test('an aborted signal stops random search', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(randomSearch({ accuracy: new SyntheticAccuracy(), cost }, 400, { maxQueries: 100, signal: controller.signal }), { name: 'AbortError' });
});
