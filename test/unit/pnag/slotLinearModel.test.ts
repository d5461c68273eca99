import test from 'node:test';
import assert from 'node:assert/strict';
import { SlotLinearModel, slotValueOf } from '../../../src/core/pnag/slotLinearModel';
import { type Arch, randomArch } from '../../../src/core/space/arch';
import { LAYER_SLOTS } from '../../../src/core/space/searchSpace';
import { Random } from '../../../src/core/util/random';

/** An accuracy that is exactly a sum of per-layer terms (plus depth), which the model can represent. */
function additiveAccuracy(arch: Arch): number {
  let acc = 70 + arch.depths.reduce((a, d, s) => a + 0.3 * d * (s + 1) * 0.2, 0);
  for (let i = 0; i < LAYER_SLOTS; i++) if (arch.kernels[i] > 0) acc += 0.05 * arch.kernels[i] * ((i % 3) - 1) + 0.08 * arch.expands[i];
  return acc;
}

function samples(count: number, seed: number, accuracy: (a: Arch) => number): { archs: Arch[]; accuracies: number[]; costs: number[] } {
  const rng = new Random(seed);
  const archs = Array.from({ length: count }, () => randomArch(rng));
  return { archs, accuracies: archs.map(accuracy), costs: archs.map(() => 0) };
}

test('on an accuracy that is a sum of per-layer terms the fit predicts unseen networks closely', () => {
  const model = SlotLinearModel.fit(samples(600, 1, additiveAccuracy), 0.01);
  assert.ok(model.residual < 0.02, `residual ${model.residual}`);
  const held = samples(200, 2, additiveAccuracy);
  const worst = Math.max(...held.archs.map((a, i) => Math.abs(model.predict(a) - held.accuracies[i])));
  assert.ok(worst < 0.05, `worst held-out error ${worst}`);
});

test('draws scatter around the mean by the residual and the posterior, and more data narrows them', () => {
  const noisy = (seed: number) => {
    const rng = new Random(seed);
    return (a: Arch) => additiveAccuracy(a) + 0.3 * rng.normal();
  };
  // The spread of a network's drawn accuracy (single weights also move along directions no network sees).
  const probe = randomArch(new Random(11));
  const spreadOf = (model: SlotLinearModel) => {
    const rng = new Random(9);
    const mean = slotValueOf(model.meanValues(), probe);
    let squares = 0;
    for (let d = 0; d < 200; d++) squares += (slotValueOf(model.draw(rng, 1), probe) - mean) ** 2;
    return Math.sqrt(squares / 200);
  };
  const few = SlotLinearModel.fit(samples(100, 3, noisy(3)));
  const many = SlotLinearModel.fit(samples(1500, 3, noisy(3)));
  // The noise is 0.3: the residual is corrected for the fit's degrees of freedom, also with 100 networks for 195 weights.
  assert.ok(Math.abs(many.residual - 0.3) < 0.05 && Math.abs(few.residual - 0.3) < 0.15, `residuals ${few.residual}, ${many.residual}`);
  assert.ok(spreadOf(many) < 0.5 * spreadOf(few), `spread ${spreadOf(many)} with 1,500 vs ${spreadOf(few)} with 100`);
  assert.ok(Math.abs(slotValueOf(many.meanValues(), probe) - many.predict(probe)) < 1e-9, 'the mean values are the prediction');
  const rng = new Random(1);
  const still = many.draw(rng, 0);
  assert.equal(still.layer(2, 1, 3), many.meanValues().layer(2, 1, 3), 'scale 0 draws the mean');
});

test('fitting nothing is an error', () => {
  assert.throws(() => SlotLinearModel.fit({ archs: [], accuracies: [], costs: [] }), /no measured networks/);
});
