import test from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../src/core/tf/backend';
import { PnagModel, DEFAULT_PNAG_CONFIG } from '../../../src/core/pnag/model';
import { generateForBudget } from '../../../src/core/pnag/generate';
import { refineWithinBudget, repairToBudget, stepsDown, stepsUp } from '../../../src/core/pnag/repair';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { makeArch } from '../../../src/core/space/arch';
import { InputError } from '../../../src/core/errors';
import { syntheticAccuracy, syntheticSource } from './synthetic';

const madds = new MaddsCostModel('pnag');
const synthetic = syntheticSource;

async function untrained(): Promise<PnagModel> {
  await initBackend();
  return PnagModel.create({
    accuracySource: 'synthetic',
    costModel: madds,
    budgets: [300, 400, 500],
    seed: 1,
    config: { ...DEFAULT_PNAG_CONFIG, evaluatorHidden: 32, generatorHidden: 16 },
  });
}

test('with an exact cost model the result never exceeds the budget, at any budget', async () => {
  const model = await untrained();
  for (const budget of [240, 260, 300, 333, 420, 480, 650]) {
    for (const bestOf of [0, 16]) {
      const result = await generateForBudget(model, budget, { bestOf, costModel: madds });
      assert.ok(result.cost !== undefined && result.cost <= budget, `budget ${budget}: cost ${result.cost}`);
      assert.equal(result.fits, true);
      assert.ok(Math.abs(result.madds_M - madds.costOf(result.arch)) < 1e-9);
    }
  }
  model.dispose();
});

test('an over-budget pick is repaired step by step, and the result says so', async () => {
  const model = await untrained();
  // Greedy only: the untrained policy's pick is near the middle of the space, far above 240 M.
  const result = await generateForBudget(model, 240, { bestOf: 0, costModel: madds });
  assert.equal(result.repaired, true);
  assert.ok(result.repairSteps.length > 0);
  assert.match(result.repairSteps[0], /stage \d( layer \d)?: (kernel|expand|depth) \d -> \d/);
  assert.ok(result.messages.some((m) => /repaired/.test(m)));
  assert.ok((result.cost ?? Infinity) <= 240);
  model.dispose();
});

test('the result carries the PNAG string, the OFA dict, costs, and accuracy with its source', async () => {
  const model = await untrained();
  const result = await generateForBudget(model, 450, { bestOf: 4, costModel: madds, accuracySource: synthetic });
  assert.match(result.pnag, /^[234](,[234]){4}:/);
  assert.deepEqual(result.ofa.d, result.arch.depths.slice());
  assert.equal(result.source, 'synthetic');
  assert.equal(result.top1, syntheticAccuracy(result.arch));
  assert.equal(result.costModel, 'madds:pnag');
  assert.equal(result.clamped, false);
  assert.ok(result.candidates >= 1 && result.candidates <= 5);
  model.dispose();
});

test('a budget outside the trained range is clamped and flagged', async () => {
  const model = await untrained();
  const result = await generateForBudget(model, 650, { bestOf: 0, costModel: madds });
  assert.equal(result.clamped, true);
  assert.ok(result.messages.some((m) => /outside the trained range/.test(m)));
  model.dispose();
});

test('a budget below the cheapest network is an InputError', async () => {
  const model = await untrained();
  await assert.rejects(generateForBudget(model, 50, { bestOf: 0, costModel: madds }), (e: unknown) => e instanceof InputError && /cheapest/.test(e.message));
  model.dispose();
});

test('every repair step is strictly cheaper; the smallest network has none', () => {
  const big = makeArch([4, 4, 4, 4, 4], new Array(20).fill(7), new Array(20).fill(6));
  const steps = stepsDown(big);
  assert.equal(steps.length, 20 + 20 + 5);
  for (const s of steps) assert.ok(madds.costOf(s.arch) < madds.costOf(big));
  const small = makeArch([2, 2, 2, 2, 2], new Array(20).fill(3), new Array(20).fill(3));
  assert.equal(stepsDown(small).length, 0);
  const repaired = repairToBudget(big, 400, madds, (archs) => archs.map(syntheticAccuracy));
  assert.ok(repaired.cost <= 400);
});

test('refinement steps up only while the architecture still fits and the score rises', () => {
  const small = makeArch([2, 2, 2, 2, 2], new Array(20).fill(3), new Array(20).fill(3));
  for (const s of stepsUp(small)) assert.ok(madds.costOf(s.arch) > madds.costOf(small));
  const refined = refineWithinBudget(small, 400, madds, (archs) => archs.map(syntheticAccuracy));
  assert.ok(refined.cost <= 400);
  assert.ok(refined.steps.length > 0);
  assert.ok(syntheticAccuracy(refined.arch) > syntheticAccuracy(small));
});
