import test from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../src/core/tf/backend';
import { LearnedAccuracySource, LearnedCostModel, averageDuplicates, splitRows } from '../../../src/core/predict/learnedPredictor';
import { encodeArchs, featureLength } from '../../../src/core/predict/mlpFeatures';
import { kendallTau } from '../../../src/core/predict/rankMetrics';
import { parsePnagString } from '../../../src/core/space/pnagString';
import { type Arch, randomArch } from '../../../src/core/space/arch';
import { maddsM } from '../../../src/core/cost/madds';
import { Random } from '../../../src/core/util/random';
import { readNasdataCsv } from '../nasdata';

const small = { hidden: [64], maxEpochs: 60, patience: 15, learningRate: 3e-3 } as const;
const dynastConfig = { hidden: [128], maxEpochs: 80, patience: 15, learningRate: 2e-3 } as const;

function dynastRows(): { arch: Arch; top1: number }[] {
  return readNasdataCsv('dynast_ofa_mbv3_w1.0_top1_macs.csv').rows.map((r) => ({
    arch: parsePnagString(r.values.pnag_string, { width: 1.0, resolution: 224 }),
    top1: Number(r.values.top1),
  }));
}

test('rich features append exact per-layer costs to the one-hot', () => {
  const arch = randomArch(new Random(1), { width: 1.0 });
  const f = encodeArchs([arch], 'rich');
  assert.equal(f.length, featureLength('rich'));
  // the total-MAdds column (after 120 one-hot, 20 per-slot, 5 per-stage) equals the cost model's
  assert.ok(Math.abs(f[145] - maddsM(arch, 'ofa')) < 1e-3);
  assert.equal(encodeArchs([arch], 'onehot').length, 120);
});

test('duplicates are averaged and splits are seeded and disjoint', () => {
  const a = randomArch(new Random(2));
  const b = randomArch(new Random(3));
  assert.deepEqual(averageDuplicates([{ arch: a, value: 70 }, { arch: b, value: 60 }, { arch: a, value: 72 }]).map((r) => r.value), [71, 60]);
  const rows = Array.from({ length: 100 }, (_, i) => i);
  const [x, y] = splitRows(rows, 0.2, 7);
  assert.equal(y.length, 20);
  assert.equal(new Set([...x, ...y]).size, 100);
  assert.deepEqual(splitRows(rows, 0.2, 7), [x, y]);
});

test('a learned accuracy source trained on DyNAS-T rows ranks held-out archs and round-trips through JSON', async () => {
  await initBackend('wasm');
  const rows = dynastRows();
  const [train, held] = splitRows(averageDuplicates(rows.map((r) => ({ arch: r.arch, value: r.top1 }))), 0.2, 1);
  const source = await LearnedAccuracySource.train(train.map((r) => ({ arch: r.arch, top1: r.value })), 'dynast', { seed: 1, mlp: dynastConfig });
  assert.equal(source.name, 'mlp:dynast');
  assert.equal(source.queryable, true);
  const predicted = await source.accuracy(held.map((r) => r.arch));
  const tau = kendallTau(held.map((r) => r.value), predicted);
  assert.ok(tau > 0.85, `held-out tau ${tau}`);
  assert.equal(source.report.trainRows + source.report.validationRows, source.report.distinct);
  const restored = LearnedAccuracySource.fromJSON(JSON.parse(JSON.stringify(source.toJSON())));
  assert.deepEqual(await restored.accuracy(held.slice(0, 5).map((r) => r.arch)), predicted.slice(0, 5));
  source.dispose();
  restored.dispose();
});

test('a learned cost model predicts a cost it was taught, and says it is not exact', async () => {
  await initBackend('wasm');
  const rng = new Random(4);
  const archs = Array.from({ length: 800 }, () => randomArch(rng, { resolution: 128 + 16 * rng.int(7) }));
  const latency = (a: Arch) => 2 + maddsM(a, 'ofa') / 40;
  const model = await LearnedCostModel.train(archs.map((arch) => ({ arch, value: latency(arch) })), 'latency_ms@toy', 'ms', { seed: 2, mlp: { hidden: [64], maxEpochs: 100, patience: 15 } });
  assert.equal(model.exact, false);
  assert.equal(model.name, 'mlp:latency_ms@toy');
  const fresh = Array.from({ length: 50 }, () => randomArch(rng, { resolution: 128 + 16 * rng.int(7) }));
  const predicted = await model.costs(fresh);
  const tau = kendallTau(fresh.map(latency), predicted);
  assert.ok(tau > 0.85, `tau ${tau}, validation ${JSON.stringify(model.report)}`);
  const restored = LearnedCostModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
  assert.deepEqual(await restored.costs(fresh.slice(0, 3)), predicted.slice(0, 3));
  model.dispose();
  restored.dispose();
});
