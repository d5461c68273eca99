import test from 'node:test';
import assert from 'node:assert/strict';
import { type AdditiveCost, additiveCostTable } from '../../../src/core/cost/additiveCost';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { FAILURE_SKIP_PROBABILITY, FailureModel, awayFromFailure } from '../../../src/core/pnag/failureModel';
import { neighboursWithin } from '../../../src/core/pnag/geneNeighbours';
import { SlotLinearModel, slotValueOf } from '../../../src/core/pnag/slotLinearModel';
import { type Arch, archKey, randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { syntheticAccuracy } from './synthetic';

const madds = new MaddsCostModel('pnag');
const cost = (a: Arch): number => madds.costOf(a);
const table = additiveCostTable(madds, { width: 1.2, resolution: 224 }) as AdditiveCost;

/** Genes apart as a search changes them: stage depths, and the choice of each layer both networks have. */
function genesChanged(a: Arch, b: Arch): number {
  let changed = 0;
  for (let s = 0; s < 5; s++) {
    if (a.depths[s] !== b.depths[s]) changed++;
    for (let i = 0; i < Math.min(a.depths[s], b.depths[s]); i++) {
      const slot = s * 4 + i;
      if (a.kernels[slot] !== b.kernels[slot] || a.expands[slot] !== b.expands[slot]) changed++;
    }
  }
  return changed;
}

function split(count: number, seed: number, fails: (a: Arch) => boolean): { ok: Arch[]; failed: Arch[] } {
  const rng = new Random(seed);
  const archs = Array.from({ length: count }, () => randomArch(rng));
  return { ok: archs.filter((a) => !fails(a)), failed: archs.filter(fails) };
}

test('no model from fewer than two failures', () => {
  const { ok, failed } = split(100, 1, (a) => cost(a) > 420);
  assert.equal(FailureModel.fit(ok, [], cost), undefined);
  assert.equal(FailureModel.fit(ok, failed.slice(0, 1), cost), undefined);
  assert.ok(FailureModel.fit(ok, failed.slice(0, 2), cost));
});

test('a failure that follows the size (out of memory above 420 M) is learned from the cost', () => {
  const fails = (a: Arch): boolean => cost(a) > 420;
  const { ok, failed } = split(300, 2, fails);
  const model = FailureModel.fit(ok, failed, cost) as FailureModel;
  const held = split(400, 3, fails);
  const wrong = [...held.ok.filter((a) => model.likelyToFail(a)), ...held.failed.filter((a) => !model.likelyToFail(a))];
  assert.ok(wrong.length <= 20, `${wrong.length} of 400 held-out networks misjudged`);
  // What is judged wrongly lies at the edge, not far from it.
  assert.ok(wrong.every((a) => Math.abs(cost(a) - 420) < 40), wrong.map((a) => cost(a).toFixed(0)).join(', '));
  assert.ok(held.ok.filter((a) => cost(a) < 380).every((a) => model.probability(a) < 0.05));
});

test('a failure that follows a layer, not the size (a 7x7 kernel in the first slot), is learned from the layer features', () => {
  const fails = (a: Arch): boolean => a.kernels[0] === 7;
  const { ok, failed } = split(300, 4, fails);
  const model = FailureModel.fit(ok, failed, cost) as FailureModel;
  const held = split(300, 5, fails);
  assert.ok(held.failed.every((a) => model.probability(a) >= FAILURE_SKIP_PROBABILITY), 'every 7x7 in slot 0 is flagged');
  const flagged = held.ok.filter((a) => model.likelyToFail(a)).length;
  assert.ok(flagged <= 10, `${flagged} of ${held.ok.length} networks without it flagged`);
});

test('a pick likely to fail gives way to the best network a gene change or two away that fits, is free and is not likely to fail', () => {
  const fails = (a: Arch): boolean => cost(a) > 420;
  const { ok, failed } = split(300, 7, fails);
  const model = FailureModel.fit(ok, failed, cost) as FailureModel;
  const values = SlotLinearModel.fit({ archs: ok, accuracies: ok.map(syntheticAccuracy), costs: ok.map(cost) }).meanValues();
  const rng = new Random(8);
  let pick = randomArch(rng);
  while (!(cost(pick) > 425 && cost(pick) < 450)) pick = randomArch(rng);
  assert.ok(model.likelyToFail(pick), `${cost(pick).toFixed(0)} M at ${model.probability(pick).toFixed(2)}`);
  const taken = new Set<string>();
  const rated = (a: Arch): number => slotValueOf(values, a);
  const away = awayFromFailure(pick, model, rated, table, 500, (k) => taken.has(k)) as Arch;
  assert.ok(away, 'a replacement');
  assert.ok(!model.likelyToFail(away), `replacement at ${model.probability(away).toFixed(2)}`);
  assert.ok(cost(away) <= 500);
  assert.ok(genesChanged(away, pick) <= 2);
  const rivals = neighboursWithin(pick, 500, madds).map((n) => n.arch).filter((a) => !model.likelyToFail(a));
  assert.ok(rivals.every((a) => rated(a) <= rated(away) + 1e-9), 'the best of them');
  // Taken networks are not picked.
  taken.add(archKey(away));
  const next = awayFromFailure(pick, model, rated, table, 500, (k) => taken.has(k));
  assert.ok(!next || archKey(next) !== archKey(away));
});
