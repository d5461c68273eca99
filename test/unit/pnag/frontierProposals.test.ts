import test from 'node:test';
import assert from 'node:assert/strict';
import { proposals } from '../../../src/core/pnag/frontierProposals';
import { DEFAULT_FRONTIER_ROUNDS } from '../../../src/core/pnag/frontierRoundsSettings';
import { type FrontierSurrogate, expectedImprovement } from '../../../src/core/pnag/frontierSurrogate';
import { MeasuredSet } from '../../../src/core/pnag/measuredSet';
import { trainPnag } from '../../../src/core/pnag/trainPipeline';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import type { Arch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { smallTraining, syntheticAccuracy, syntheticSamples } from './synthetic';

const madds = new MaddsCostModel('pnag');

/**
 * A regressor whose belief is known: the synthetic accuracy less 1 as its mean, very unsure about the networks
 * below 380 M and sure about the others, so that expected improvement and the mean order them differently.
 */
const belief = (arch: Arch): { mean: number; spread: number } => ({ mean: syntheticAccuracy(arch) - 1, spread: madds.costOf(arch) < 380 ? 3 : 0.05 });
const regressor = {
  belief: (archs: readonly Arch[]) => ({ mean: archs.map((a) => belief(a).mean), spread: archs.map((a) => belief(a).spread) }),
  dispose: () => undefined,
} as unknown as FrontierSurrogate;

const descending = (values: number[]): boolean => values.every((v, i) => i === 0 || values[i - 1] >= v);

test('proposals are ranked by expected improvement over the best measured within the budget, and by the mean alone when exploiting', async () => {
  const data = syntheticSamples(120, 5);
  const { model } = await trainPnag(data, smallTraining(3));
  const measured = new MeasuredSet(data);
  const budget = 450;
  const incumbent = measured.accuracies[measured.bestWithin(budget, 1)[0]];
  const settings = { ...DEFAULT_FRONTIER_ROUNDS, samples: 8, mutants: 32 };
  const explored = proposals(model, measured, budget, madds, settings, new Set(), new Random(1), { surrogate: regressor, exploit: false });
  const exploited = proposals(model, measured, budget, madds, settings, new Set(), new Random(1), { surrogate: regressor, exploit: true });
  assert.ok(explored.length > 10);
  assert.ok(descending(explored.map((a) => expectedImprovement(belief(a).mean, belief(a).spread, incumbent))), 'by expected improvement');
  assert.ok(descending(exploited.map((a) => belief(a).mean)), 'by the mean');
  assert.notDeepEqual(explored.slice(0, 8), exploited.slice(0, 8), 'the two orders differ here, so each was checked');
  assert.ok([...explored, ...exploited].every((a) => madds.costOf(a) <= budget));
  model.dispose();
});
