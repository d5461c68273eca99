import test from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../src/core/tf/backend';
import { PnagModel, DEFAULT_PNAG_CONFIG } from '../../../src/core/pnag/model';
import { generateForBudget } from '../../../src/core/pnag/generate';
import { neighboursWithin } from '../../../src/core/pnag/geneNeighbours';
import { refineWithSource } from '../../../src/core/pnag/sourceRefine';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import type { AccuracySource } from '../../../src/core/sources/accuracySource';
import { type Arch, archKey, randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { fittingArchs, syntheticAccuracy } from './synthetic';

const madds = new MaddsCostModel('pnag');

/** The synthetic accuracy, counting every architecture asked about. */
function countingSource(): AccuracySource & { asked: string[] } {
  const asked: string[] = [];
  return {
    name: 'synthetic',
    unit: '%',
    isEstimate: false,
    queryable: true,
    asked,
    accuracy: async (archs: readonly Arch[]) => {
      asked.push(...archs.map(archKey));
      return archs.map(syntheticAccuracy);
    },
  };
}

test('neighbours within the budget all fit and are one or two gene changes away', () => {
  const [arch] = fittingArchs(1, 400, 3);
  const neighbours = neighboursWithin(arch, 400, madds);
  assert.ok(neighbours.length > 20, `only ${neighbours.length} neighbours`);
  for (const n of neighbours) {
    assert.ok(n.cost <= 400 && Math.abs(n.cost - madds.costOf(n.arch)) < 1e-9);
    assert.notEqual(archKey(n.arch), archKey(arch));
    assert.ok(n.move.split(';').length <= 2, n.move);
  }
});

test('refining with the source keeps the budget, spends at most the queries, and never ends below the best candidate', async () => {
  const budget = 420;
  const candidates = fittingArchs(12, budget, 5);
  const source = countingSource();
  // An uninformative evaluator (seeded noise): whatever R says, the source decides what is kept.
  const noise = new Random(9);
  const result = await refineWithSource(candidates, budget, madds, source, (archs) => archs.map(() => noise.next()), { queries: 60 });
  const best = result.best;
  assert.ok(best !== undefined);
  assert.ok(best.cost <= budget);
  assert.equal(new Set(source.asked).size, source.asked.length, 'an architecture was asked about twice');
  assert.ok(source.asked.length <= 60 && result.queries === source.asked.length);
  const bestCandidate = Math.max(...candidates.slice(0, 8).map(syntheticAccuracy));
  assert.ok(best.accuracy >= bestCandidate, `${best.accuracy} < ${bestCandidate}`);
  assert.equal(best.accuracy, syntheticAccuracy(best.arch));
  assert.ok(result.steps.length > 0, 'the hill-climb found no better neighbour of a random architecture');
});

test('generateForBudget with sourceQueries counts its queries and still never exceeds the budget', async () => {
  await initBackend();
  const model = PnagModel.create({
    accuracySource: 'synthetic',
    costModel: madds,
    budgets: [300, 400, 500],
    seed: 1,
    config: { ...DEFAULT_PNAG_CONFIG, evaluatorHidden: 32, generatorHidden: 16 },
  });
  try {
    for (const budget of [280, 450]) {
      const source = countingSource();
      const plain = await generateForBudget(model, budget, { bestOf: 16, costModel: madds, accuracySource: countingSource() });
      const result = await generateForBudget(model, budget, { bestOf: 16, costModel: madds, accuracySource: source, sourceQueries: 40 });
      assert.ok(result.cost !== undefined && result.cost <= budget);
      assert.equal(result.sourceQueries, source.asked.length);
      assert.ok(result.sourceQueries <= 40);
      assert.equal(plain.sourceQueries, 1);
      assert.ok((result.top1 as number) >= (plain.top1 as number), `budget ${budget}: ${result.top1} < ${plain.top1}`);
    }
  } finally {
    model.dispose();
  }
});
