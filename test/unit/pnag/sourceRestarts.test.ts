import test from 'node:test';
import assert from 'node:assert/strict';
import { neighboursWithin } from '../../../src/core/pnag/geneNeighbours';
import { refineWithSource } from '../../../src/core/pnag/sourceRefine';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import type { AccuracySource } from '../../../src/core/sources/accuracySource';
import { type Arch, archKey } from '../../../src/core/space/arch';
import { fittingArchs, syntheticAccuracy, syntheticSource } from './synthetic';

const madds = new MaddsCostModel('pnag');
const budget = 420;

/** Every architecture asked about, in order; all equally accurate, so the climb never improves (it stalls). */
function flatSource(): AccuracySource & { asked: Arch[] } {
  const asked: Arch[] = [];
  return { ...syntheticSource, asked, accuracy: async (archs) => (asked.push(...archs), archs.map(() => 70)) };
}

/** Architectures asked about that are no one/two-gene neighbour of any asked before them (after the re-ranked `rerank`). */
function jumps(asked: readonly Arch[], rerank: number): number {
  let count = 0;
  for (let i = rerank; i < asked.length; i++) {
    const key = archKey(asked[i]);
    if (!asked.slice(0, i).some((prev) => neighboursWithin(prev, budget, madds).some((n) => archKey(n.arch) === key))) count++;
  }
  return count;
}

// R: the synthetic accuracy; no crossovers (elite 0), so only the climb and the restarts propose.
const rateR = (archs: readonly Arch[]): number[] => archs.map(syntheticAccuracy);

test('without restarts the climb only asks about neighbours of what it asked before', async () => {
  const source = flatSource();
  await refineWithSource(fittingArchs(4, budget, 7), budget, madds, source, rateR, { queries: 24, rerank: 4, elite: 0, patience: 0 });
  assert.equal(source.asked.length, 24);
  assert.equal(jumps(source.asked, 4), 0);
});

test('with patience the climb restarts from a several-gene mutant of the best, within the budget and the queries', async () => {
  const source = flatSource();
  const search = { queries: 24, rerank: 4, elite: 0, patience: 4, restartProb: 0.3 };
  const result = await refineWithSource(fittingArchs(4, budget, 7), budget, madds, source, rateR, search);
  // 4 re-ranked, then rounds of 4 with a restart after each stalled round: about 4 restarts in 24 queries.
  assert.ok(jumps(source.asked, 4) >= 2, `${jumps(source.asked, 4)} restarts`);
  assert.ok(source.asked.length <= 24 && result.queries === source.asked.length);
  assert.equal(new Set(source.asked.map(archKey)).size, source.asked.length, 'an architecture was asked about twice');
  assert.ok(source.asked.every((a) => madds.costOf(a) <= budget));
  assert.ok(result.best !== undefined && result.best.cost <= budget);
  assert.equal(result.best.accuracy, 70);
});
