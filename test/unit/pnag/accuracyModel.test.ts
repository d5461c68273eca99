import test from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../../src/core/errors';
import { AccuracyModel, LOCAL_FIT_GRID, type SerializedAccuracyModel } from '../../../src/core/pnag/accuracyModel';
import { fitAtBudget } from '../../../src/core/pnag/budgetLocalFit';
import { checkpointOf, parseCheckpoint } from '../../../src/core/pnag/checkpoint';
import { generateForBudget } from '../../../src/core/pnag/generate';
import { DEFAULT_PNAG_CONFIG, PnagModel } from '../../../src/core/pnag/model';
import { stepsUp } from '../../../src/core/pnag/repair';
import { fitPairResidual } from '../../../src/core/pnag/pairResidualModel';
import { SLOT_MODEL_WEIGHTS, SlotLinearModel } from '../../../src/core/pnag/slotLinearModel';
import { type Arch, randomArch } from '../../../src/core/space/arch';
import { W, interacting, madds, samples, sizeDependent } from './layerTruths';
import { initBackend } from '../../../src/core/tf/backend';
import { Random } from '../../../src/core/util/random';

const range = [250, 700] as const;

/** Enough networks that the held-out check keeps the pair model. */
const interactingData = samples(800, 3, interacting);
const probes = Array.from({ length: 20 }, (_, i) => randomArch(new Random(100 + i), W));

test('where pairs of layers interact, the model is the per-layer fit plus the pair model the held-out check keeps', () => {
  const data = interactingData;
  const model = AccuracyModel.fit(data, range);
  const pair = fitPairResidual(data, new Random(800)).model;
  assert.ok(pair && model.pair, 'the pair model is kept, with the split the rounds would draw at this size');
  assert.equal(model.networks, 800);
  // The per-layer part: one fit, or (if the check chose fits around budgets) the fit at a grid budget.
  const budget = model.local ? (model.serialize().perLayer[9].budget as number) : 400;
  const perLayerFit = model.local ? fitAtBudget(data, budget) : SlotLinearModel.fit(data);
  for (const a of probes) assert.ok(Math.abs(model.predict(a, budget) - perLayerFit.predict(a) - pair.predict(a)) < 1e-9);
});

test('fitted to fewer networks than the rounds\' first check, the model is one per-layer fit and nothing else, as the rounds were', () => {
  const data = samples(900, 3, sizeDependent);
  assert.ok(AccuracyModel.fit(data, range).local, 'from 900 networks on, fits around budgets');
  const early = AccuracyModel.fit(data, range, { firstCheck: 901 });
  assert.ok(!early.local && early.pair === undefined);
  for (const a of probes) assert.equal(early.predict(a, 400), SlotLinearModel.fit(data).predict(a));
});

test('where a layer is worth more in small networks, the model holds fits around budgets and interpolates between them in log-budget', () => {
  const data = samples(900, 3, sizeDependent);
  const model = AccuracyModel.fit(data, range);
  assert.ok(model.local);
  const { perLayer: fits } = model.serialize();
  assert.equal(fits.length, LOCAL_FIT_GRID);
  const residual = (a: Arch): number => (model.pair ? model.pair.predict(a) : 0);
  const at = fits[5].budget as number;
  const exact = fitAtBudget(data, at);
  for (const a of probes) assert.ok(Math.abs(model.predict(a, at) - residual(a) - exact.predict(a)) < 1e-9, 'at a grid budget: that fit');
  const [below, above] = [fitAtBudget(data, fits[5].budget as number), fitAtBudget(data, fits[6].budget as number)];
  const middle = Math.sqrt((fits[5].budget as number) * (fits[6].budget as number));
  for (const a of probes) {
    const expected = (below.predict(a) + above.predict(a)) / 2;
    assert.ok(Math.abs(model.predict(a, middle) - residual(a) - expected) < 1e-9, 'halfway in log-budget: the mean of the two fits');
  }
  const lowest = fitAtBudget(data, range[0]);
  for (const a of probes) assert.ok(Math.abs(model.predict(a, 100) - residual(a) - lowest.predict(a)) < 1e-9, 'below the range: the lowest fit');
});

test('written and read back, the model predicts exactly as before', () => {
  for (const data of [interactingData, samples(900, 3, sizeDependent)]) {
    const model = AccuracyModel.fit(data, range);
    const back = AccuracyModel.parse(JSON.parse(JSON.stringify(model.serialize())), 'checkpoint x');
    for (const budget of [200, 260, 400, 555, 900]) for (const a of probes) assert.equal(back.predict(a, budget), model.predict(a, budget));
  }
});

test('a malformed accuracy model is refused naming the field', () => {
  const good = AccuracyModel.fit(interactingData, range).serialize();
  assert.ok(good.pair);
  const weights = (): number[] => Array<number>(SLOT_MODEL_WEIGHTS).fill(0);
  const cases: [unknown, RegExp][] = [
    [[1, 2], /^checkpoint x: accuracyModel: is not an object$/],
    [{ ...good, networks: -3 }, /accuracyModel\.networks: -3 is not a positive whole number/],
    [{ ...good, perLayer: [] }, /accuracyModel\.perLayer: must be a list of 1 to 256 fits/],
    [{ ...good, perLayer: [{ intercept: 1, weights: weights().slice(1) }] }, /accuracyModel\.perLayer\[0\]\.weights: 194 values, expected 195/],
    [{ ...good, perLayer: [{ intercept: 1, weights: weights().map((w, i) => (i === 7 ? 1e300 : w)) }] }, /accuracyModel\.perLayer\[0\]\.weights\[7\]: 1e\+300 is beyond ±10000/],
    [{ ...good, perLayer: [{ intercept: 'x', weights: weights() }] }, /accuracyModel\.perLayer\[0\]\.intercept: "x" is not a finite number/],
    [{ ...good, perLayer: [{ budget: 300, intercept: 0, weights: weights() }, { budget: 300, intercept: 0, weights: weights() }] }, /accuracyModel\.perLayer\[1\]\.budget: budgets must ascend/],
    [{ ...good, perLayer: [{ budget: 300, intercept: 0, weights: weights() }, { intercept: 0, weights: weights() }] }, /accuracyModel\.perLayer\[1\]\.budget: is missing/],
    [{ ...good, pair: { lambda: 1, networks: ['not a network'], alpha: [0] } }, /accuracyModel\.pair\.networks\[0\]: /],
    [{ ...good, pair: { ...good.pair, alpha: [1] } }, /accuracyModel\.pair\.alpha: 1 values for \d+ networks/],
    [{ ...good, pair: { ...good.pair, lambda: 0 } }, /accuracyModel\.pair\.lambda: 0 is not a positive number/],
  ];
  for (const [value, pattern] of cases) {
    assert.throws(() => AccuracyModel.parse(value, 'checkpoint x'), (e: unknown) => e instanceof InputError && pattern.test(e.message), `expected ${pattern}`);
  }
});

/** An untrained PNAG (R and f(B) at their initial weights) with `accuracyModel` in its info. */
function untrainedWith(accuracyModel: AccuracyModel | undefined): PnagModel {
  return PnagModel.create({
    accuracySource: 'synthetic',
    costModel: { name: madds.name, unit: madds.unit, metric: madds.metric, exact: true },
    budgets: [250, 475, 700],
    seed: 3,
    config: { ...DEFAULT_PNAG_CONFIG, evaluatorHidden: 16, generatorHidden: 16 },
    ...(accuracyModel ? { accuracyModel } : {}),
  });
}

test('generation rates candidates by the checkpoint\'s accuracy model, and by R when told to or when there is none', async () => {
  await initBackend('cpu');
  // A model that wants every expand ratio as large as the budget allows: R, untrained, knows nothing of it.
  const wide = SlotLinearModel.fit(samples(400, 6, (a) => 70 + a.expands.reduce((s, e) => s + e, 0) / 10)).pointEstimate();
  const serialized: SerializedAccuracyModel = { networks: 400, perLayer: [{ intercept: wide.intercept, weights: Array.from(wide.weights) }] };
  const accuracyModel = AccuracyModel.parse(serialized, 'test');
  const withModel = untrainedWith(accuracyModel);
  const without = untrainedWith(undefined);
  try {
    const options = { bestOf: 16, costModel: madds, frontierMemory: false };
    const rated = await generateForBudget(withModel, 450, options);
    const byR = await generateForBudget(withModel, 450, { ...options, rateBy: 'evaluator' });
    const plain = await generateForBudget(without, 450, options);
    assert.ok(rated.fits && byR.fits);
    assert.ok(rated.messages.some((m) => /rated by the accuracy model .*400 measured networks/.test(m)), rated.messages.join('; '));
    assert.deepEqual(byR.arch, plain.arch, 'rateBy evaluator is generation without the model');
    assert.ok(accuracyModel.predict(rated.arch, 450) > accuracyModel.predict(byR.arch, 450) + 0.3, 'the model\'s choice is far better by the model');
    // Climbed by the model within the budget: no single step up that still fits rates higher.
    assert.ok(rated.refineSteps.length > 0);
    const top = accuracyModel.predict(rated.arch, 450);
    for (const step of stepsUp(rated.arch)) if (madds.costOf(step.arch) <= 450) assert.ok(accuracyModel.predict(step.arch, 450) <= top, step.description);
  } finally {
    withModel.dispose();
    without.dispose();
  }
});

test('a checkpoint keeps the accuracy model (version 3), and a corrupted one is refused naming the field', async () => {
  await initBackend('cpu');
  const accuracyModel = AccuracyModel.fit(interactingData, range);
  assert.ok(accuracyModel.pair);
  const model = untrainedWith(accuracyModel);
  try {
    const file = checkpointOf(model);
    assert.equal(file.version, 3);
    const back = parseCheckpoint(JSON.stringify(file));
    for (const a of probes) assert.equal(back.info.accuracyModel?.predict(a, 400), accuracyModel.predict(a, 400));
    back.dispose();
    const broken = JSON.parse(JSON.stringify(file)) as { accuracyModel: { perLayer: { weights: unknown[] }[] } };
    broken.accuracyModel.perLayer[0].weights[3] = 'x';
    assert.throws(() => parseCheckpoint(JSON.stringify(broken), 'checkpoint y.ckpt.json'),
      (e: unknown) => e instanceof InputError && e.message === 'checkpoint y.ckpt.json: accuracyModel.perLayer[0].weights[3]: "x" is not a finite number');
  } finally {
    model.dispose();
  }
});
