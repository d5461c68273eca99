import test from 'node:test';
import assert from 'node:assert/strict';
import { PairResidualModel, PairResidualRefits, fitPairResidual, layerCodeOf, sharedFeatures } from '../../../src/core/pnag/pairResidualModel';
import { REFIT_GROWTH } from '../../../src/core/pnag/refitSchedule';
import { SlotLinearModel } from '../../../src/core/pnag/slotLinearModel';
import { type Arch, makeArch, randomArch } from '../../../src/core/space/arch';
import { STAGE_COUNT, slotIndex } from '../../../src/core/space/searchSpace';
import { Random } from '../../../src/core/util/random';
import { W, interacting, perLayer, samples } from './layerTruths';

test('two networks share their equal depths and the equal choices of layers both have', () => {
  const a = makeArch([2, 3, 4, 2, 2], Array(20).fill(3), Array(20).fill(4), W);
  const kernels = Array(20).fill(3);
  kernels[slotIndex(2, 0)] = 5;
  const b = makeArch([2, 3, 3, 2, 3], kernels, Array(20).fill(4), W);
  // Depths equal in stages 1, 2, 4; layers present in both: 2 + 3 + 3 + 2 + 2 = 12, one of them different.
  assert.equal(sharedFeatures(layerCodeOf(a), layerCodeOf(b)), 3 + 11);
  assert.equal(sharedFeatures(layerCodeOf(a), layerCodeOf(a)), STAGE_COUNT + 13);
});

test('a move predicted from the shared counts equals the prediction of the moved network', () => {
  const data = samples(150, 1, interacting);
  const residuals = data.archs.map((a, i) => data.accuracies[i] - 74);
  const model = PairResidualModel.fit(data.archs, residuals, 1);
  const rng = new Random(2);
  for (let t = 0; t < 30; t++) {
    const arch = randomArch(rng, W);
    const code = layerCodeOf(arch);
    const shared = model.sharedWith(code);
    const s = rng.int(STAGE_COUNT);
    const d = arch.depths[s];
    const q = slotIndex(s, rng.int(d));
    const kernels = arch.kernels.slice();
    const expands = arch.expands.slice();
    // A change of one layer's kernel.
    kernels[q] = kernels[q] === 7 ? 3 : 7;
    const changed = makeArch(arch.depths, kernels, expands, W);
    const moved = model.predictMove(shared, STAGE_COUNT + q, code[STAGE_COUNT + q], layerCodeOf(changed)[STAGE_COUNT + q]);
    assert.ok(Math.abs(moved - model.predict(changed)) < 1e-9, `choice move ${moved} vs ${model.predict(changed)}`);
    if (d < 4) {
      // A layer added at the end of the stage.
      const added = slotIndex(s, d);
      const k2 = arch.kernels.slice();
      const e2 = arch.expands.slice();
      k2[added] = 5;
      e2[added] = 6;
      const deeper = makeArch(arch.depths.map((x, i) => (i === s ? d + 1 : x)), k2, e2, W);
      const predicted = model.predictMove(shared, STAGE_COUNT + added, -1, layerCodeOf(deeper)[STAGE_COUNT + added], s, code[s], code[s] + 1);
      assert.ok(Math.abs(predicted - model.predict(deeper)) < 1e-9, `depth +1 ${predicted} vs ${model.predict(deeper)}`);
    }
    if (d > 2) {
      const removed = slotIndex(s, d - 1);
      const shallower = makeArch(arch.depths.map((x, i) => (i === s ? d - 1 : x)), arch.kernels, arch.expands, W);
      const predicted = model.predictMove(shared, STAGE_COUNT + removed, code[STAGE_COUNT + removed], -1, s, code[s], code[s] - 1);
      assert.ok(Math.abs(predicted - model.predict(shallower)) < 1e-9, `depth -1 ${predicted} vs ${model.predict(shallower)}`);
    }
  }
});

test('the pair model is kept where layers interact and predicts what the per-layer sum cannot', () => {
  const data = samples(800, 3, interacting);
  const base = SlotLinearModel.fit(data);
  const choice = fitPairResidual(data, new Random(4));
  assert.ok(choice.model, `kept: held-out ${choice.perLayerRmse} alone vs ${choice.withPairsRmse} with pairs`);
  const held = samples(300, 5, interacting);
  const rmse = (f: (a: Arch) => number) => Math.sqrt(held.archs.reduce((s, a, i) => s + (f(a) - held.accuracies[i]) ** 2, 0) / held.archs.length);
  const alone = rmse((a) => base.predict(a));
  const both = rmse((a) => base.predict(a) + (choice.model as PairResidualModel).predict(a));
  assert.ok(both < 0.85 * alone, `unseen networks: ${both} with pairs vs ${alone} alone`);
});

test('on a sum of per-layer terms plus noise the pair model is left out', () => {
  const noise = new Random(6);
  const data = samples(500, 7, (a) => perLayer(a) + 0.1 * noise.normal());
  const choice = fitPairResidual(data, new Random(8));
  assert.equal(choice.model, undefined, `left out: ${choice.perLayerRmse} alone vs ${choice.withPairsRmse} with pairs`);
});

test('the rounds check and refit the pair model only when the data grew by and keep it in between', () => {
  const data = samples(900, 9, interacting);
  const first = (n: number) => ({ archs: data.archs.slice(0, n), accuracies: data.accuracies.slice(0, n), costs: data.costs.slice(0, n) });
  const refits = new PairResidualRefits();
  const atStart = refits.current(first(700));
  assert.equal(refits.summary()?.checks, 1);
  assert.equal(refits.current(first(720)), atStart, 'kept between refits');
  assert.equal(refits.summary()?.checks, 1);
  const grown = refits.current(first(Math.ceil(700 * REFIT_GROWTH)));
  assert.equal(refits.summary()?.checks, 2);
  assert.ok(grown && grown !== atStart && grown.size === Math.ceil(700 * REFIT_GROWTH), 'refitted on all the data');
  assert.equal(refits.summary()?.kept, atStart ? 2 : 1);
});

test('past its most networks the pair model is fitted to the latest measured ones', () => {
  const data = samples(600, 10, interacting);
  const refits = new PairResidualRefits(-1, 250);
  const model = refits.current(data);
  assert.ok(model && model.size === 250, `fitted to ${model?.size}`);
  // The latest 250: the model reproduces a refit on them alone.
  const latest = { archs: data.archs.slice(350), accuracies: data.accuracies.slice(350), costs: data.costs.slice(350) };
  const alone = fitPairResidual(latest, new Random(600), -1).model as PairResidualModel;
  assert.equal(model.predict(data.archs[0]), alone.predict(data.archs[0]));
});
