import test from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../src/core/tf/backend';
import { type Matrix, MlpRegressor } from '../../../src/core/predict/mlpRegressor';
import { kendallTau, rmse } from '../../../src/core/predict/rankMetrics';
import { Random } from '../../../src/core/util/random';
import { InputError } from '../../../src/core/errors';

/** y = 70 + sum_k w_k x_k + a small interaction, on binary inputs like the one-hot features. */
function synthetic(rows: number, seed: number): { x: Matrix; y: number[] } {
  const cols = 12;
  const rng = new Random(seed);
  const w = Array.from({ length: cols }, (_, k) => (k % 3) - 1 + 0.1 * k);
  const data = new Float32Array(rows * cols);
  const y: number[] = [];
  for (let r = 0; r < rows; r++) {
    let v = 70;
    for (let k = 0; k < cols; k++) {
      const bit = rng.next() < 0.5 ? 1 : 0;
      data[r * cols + k] = bit;
      v += w[k] * bit;
    }
    y.push(v + data[r * cols] * data[r * cols + 1]);
  }
  return { x: { data, rows, cols }, y };
}

const fast = { hidden: [32, 32], maxEpochs: 150, patience: 20, learningRate: 3e-3, batchSize: 32 } as const;

test('the MLP learns a smooth function and reports held-out RMSE and Kendall tau', async () => {
  await initBackend('wasm');
  const train = synthetic(300, 1);
  const val = synthetic(100, 2);
  const held = synthetic(200, 3);
  const model = new MlpRegressor({ inputs: 12, seed: 1, ...fast });
  const report = await model.fit(train.x, train.y, val.x, val.y);
  const predicted = model.predict(held.x);
  assert.ok(rmse(held.y, predicted) < 0.4, `held-out RMSE ${rmse(held.y, predicted)}`);
  assert.ok(kendallTau(held.y, predicted) > 0.9);
  assert.ok(report.validationRmse < 0.4 && report.validationTau > 0.9);
  assert.ok(report.bestEpoch >= 1 && report.bestEpoch <= report.epochs);
  model.dispose();
});

test('early stopping ends training once validation stops improving and keeps the best epoch', async () => {
  await initBackend('wasm');
  const train = synthetic(60, 4);
  // labels of the validation part are noise: nothing the model learns helps, so it stops early
  const val = synthetic(40, 5);
  const noise = new Random(9);
  const model = new MlpRegressor({ inputs: 12, seed: 2, ...fast, maxEpochs: 500, patience: 5 });
  const report = await model.fit(train.x, train.y, val.x, val.y.map(() => 70 + noise.normal()));
  assert.ok(report.epochs < 500, `stopped after ${report.epochs} epochs`);
  assert.equal(report.epochs - report.bestEpoch, 5);
  model.dispose();
});

test('the same seed gives the same model; the weights survive a JSON round trip', async () => {
  await initBackend('wasm');
  const train = synthetic(120, 6);
  const val = synthetic(40, 7);
  const a = new MlpRegressor({ inputs: 12, seed: 3, ...fast, maxEpochs: 20 });
  const b = new MlpRegressor({ inputs: 12, seed: 3, ...fast, maxEpochs: 20 });
  await a.fit(train.x, train.y, val.x, val.y);
  await b.fit(train.x, train.y, val.x, val.y);
  assert.deepEqual(a.predict(val.x), b.predict(val.x));
  const restored = MlpRegressor.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
  assert.deepEqual(restored.predict(val.x), a.predict(val.x));
  [a, b, restored].forEach((m) => m.dispose());
});

test('the pairwise ranking loss trains too and orders held-out points', async () => {
  await initBackend('wasm');
  const train = synthetic(200, 8);
  const val = synthetic(60, 9);
  const model = new MlpRegressor({ inputs: 12, seed: 4, ...fast, rankWeight: 1, earlyStopOn: 'tau' });
  const report = await model.fit(train.x, train.y, val.x, val.y);
  assert.ok(report.validationTau > 0.85, `tau ${report.validationTau}`);
  model.dispose();
});

test('mismatched shapes, bad targets and a foreign file are input errors', async () => {
  await initBackend('wasm');
  const model = new MlpRegressor({ inputs: 12, seed: 5, ...fast });
  const d = synthetic(20, 10);
  await assert.rejects(model.fit({ ...d.x, cols: 11 }, d.y, d.x, d.y), (e: unknown) => e instanceof InputError && /11 feature columns, the model takes 12/.test(e.message));
  await assert.rejects(model.fit(d.x, d.y.slice(1), d.x, d.y), (e: unknown) => e instanceof InputError && /20 rows but 19 targets/.test(e.message));
  await assert.rejects(model.fit(d.x, d.y.map((v, i) => (i === 3 ? Number.NaN : v)), d.x, d.y), (e: unknown) => e instanceof InputError && /target 3/.test(e.message));
  assert.throws(() => MlpRegressor.fromJSON({ format: 'other' } as never, 'weights.json'), (e: unknown) => e instanceof InputError && /weights.json: format "other"/.test(e.message));
  model.dispose();
});
