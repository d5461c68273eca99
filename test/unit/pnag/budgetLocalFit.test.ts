import test from 'node:test';
import assert from 'node:assert/strict';
import { type AdditiveCost, additiveCostTable } from '../../../src/core/cost/additiveCost';
import { LOCAL_FIT_WIDTH, LocalFitChecks, checkLocalFit, fitAtBudget, localWeights } from '../../../src/core/pnag/budgetLocalFit';
import { knapsackArch } from '../../../src/core/pnag/knapsackArch';
import { MeasuredSet } from '../../../src/core/pnag/measuredSet';
import { REFIT_GROWTH } from '../../../src/core/pnag/refitSchedule';
import { SlotLinearModel } from '../../../src/core/pnag/slotLinearModel';
import { thompsonBatch } from '../../../src/core/pnag/thompsonProposals';
import { type Arch, archKey, randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { W, madds, perLayer, samples, sizeDependent } from './layerTruths';

const table = additiveCostTable(madds, W) as AdditiveCost;
const range = [250, 700] as const;

test('a network weighs 1 at the budget and e^-1/2 one width of log-cost away', () => {
  const [at, away, far] = localWeights([400, 400 * Math.exp(LOCAL_FIT_WIDTH), 400 * Math.exp(-4 * LOCAL_FIT_WIDTH)], 400);
  assert.ok(Math.abs(at - 1) < 1e-12 && Math.abs(away - Math.exp(-0.5)) < 1e-12 && Math.abs(far - Math.exp(-8)) < 1e-12, `${at} ${away} ${far}`);
});

test('weights of 1 fit what no weights fit, and a network of weight 0 changes nothing', () => {
  const data = samples(300, 1, perLayer);
  const plain = SlotLinearModel.fit(data);
  const ones = SlotLinearModel.fit(data, 1, data.archs.map(() => 1));
  const probe = randomArch(new Random(2), W);
  assert.equal(ones.predict(probe), plain.predict(probe));
  assert.equal(ones.residual, plain.residual);
  const first = { archs: data.archs.slice(0, 200), accuracies: data.accuracies.slice(0, 200), costs: data.costs.slice(0, 200) };
  const shifted = { ...data, accuracies: data.accuracies.map((y, i) => (i < 200 ? y : y + 50)) };
  const masked = SlotLinearModel.fit(shifted, 1, data.archs.map((_, i) => (i < 200 ? 1 : 0)));
  assert.ok(Math.abs(masked.predict(probe) - SlotLinearModel.fit(first).predict(probe)) < 1e-9, 'the weight-0 networks, off by 50 points, are ignored');
});

test('where a layer is worth more in small networks, fits around the budget are chosen and predict better there', () => {
  const data = samples(900, 3, sizeDependent);
  const choice = checkLocalFit(data, range, new Random(4));
  assert.ok(choice.local, `chosen: held-out ${choice.globalRmse} for one model, ${choice.localRmse} around the budgets`);
  const held = samples(3000, 5, sizeDependent);
  const small = held.archs.map((a, i) => i).filter((i) => held.costs[i] < 320);
  const global = SlotLinearModel.fit(data);
  const local = fitAtBudget(data, 280);
  const rmse = (m: SlotLinearModel) => Math.sqrt(small.reduce((s, i) => s + (m.predict(held.archs[i]) - held.accuracies[i]) ** 2, 0) / small.length);
  assert.ok(small.length > 50 && rmse(local) < 0.7 * rmse(global), `${small.length} small networks: ${rmse(local)} around 280 M vs ${rmse(global)} for all sizes`);
});

test('on a sum of per-layer terms plus noise, one model for all sizes is kept', () => {
  const noise = new Random(6);
  const data = samples(900, 7, (a) => perLayer(a) + 0.1 * noise.normal());
  const choice = checkLocalFit(data, range, new Random(8));
  assert.equal(choice.local, false, `held-out ${choice.globalRmse} for one model, ${choice.localRmse} around the budgets`);
});

test('the rounds check again only when the data grew by REFIT_GROWTH, and keep their choice in between', () => {
  const data = samples(700, 9, sizeDependent);
  const first = (n: number) => ({ archs: data.archs.slice(0, n), accuracies: data.accuracies.slice(0, n), costs: data.costs.slice(0, n) });
  const checks = new LocalFitChecks(range);
  assert.equal(checks.current(first(500)), true);
  assert.equal(checks.summary()?.checks, 1);
  assert.equal(checks.current(first(520)), true, 'no check before the data grew');
  assert.equal(checks.summary()?.checks, 1);
  checks.current(first(Math.ceil(500 * REFIT_GROWTH)));
  assert.deepEqual([checks.summary()?.checks, checks.summary()?.kept], [2, 2]);
  assert.equal(checks.history.length, 2);
  const noise = new Random(13);
  const flat = samples(600, 14, (a) => perLayer(a) + 0.1 * noise.normal());
  assert.equal(new LocalFitChecks(range).current(flat), false, 'one model for all sizes on a per-layer sum');
});

test('local Thompson picks are new, distinct networks within the range, the same for the same seed', () => {
  const measured = new MeasuredSet(samples(600, 10, sizeDependent));
  const local = thompsonBatch(measured, table, range, 24, new Random(11), 0.25, { local: true });
  assert.equal(new Set(local.map(archKey)).size, 24);
  assert.ok(local.every((a) => !measured.keys.has(archKey(a)) && madds.costOf(a) <= range[1]));
  assert.deepEqual(thompsonBatch(measured, table, range, 24, new Random(11), 0.25, { local: true }).map(archKey), local.map(archKey));
});

test('where size matters, the best network of the fit around a budget is truly better than that of one model for all sizes', () => {
  const data = samples(900, 12, sizeDependent);
  const global = SlotLinearModel.fit(data);
  let gain = 0;
  for (const budget of [270, 300, 330, 600, 680]) {
    const mine = knapsackArch(table, fitAtBudget(data, budget).meanValues(), budget, range) as Arch;
    const theirs = knapsackArch(table, global.meanValues(), budget, range) as Arch;
    gain += sizeDependent(mine) - sizeDependent(theirs);
  }
  assert.ok(gain / 5 > 0.1, `mean true gain ${gain / 5}`);
});

test('around a budget no measured network is near, the fit is the one for all sizes', () => {
  const data = { ...samples(200, 15, perLayer), costs: Array(200).fill(300) };
  const probe = randomArch(new Random(16), W);
  assert.equal(fitAtBudget(data, 700).predict(probe), SlotLinearModel.fit(data).predict(probe));
  assert.notEqual(fitAtBudget(data, 320).predict(probe), SlotLinearModel.fit(data).predict(probe), 'a budget near the networks weighs them (not all 1)');
});
