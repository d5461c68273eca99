import test from 'node:test';
import assert from 'node:assert/strict';
import { baseFrontierData, budgetText, generatedPoint, sweepBudgets } from '../../../../src/extension/frontier/frontierDataBuilder';
import { costAxisOf } from '../../../../src/core/pipeline/costAxis';
import type { GenerateResult } from '../../../../src/shared/engineProtocol';
import { parseFrontierData } from '../../../../src/shared/protocol';
import { parseBudget } from '../../../../src/core/budget/parseBudget';
import { paramsM } from '../../../../src/core/cost/params';
import { randomArch } from '../../../../src/core/space/arch';
import { Random } from '../../../../src/core/util/random';

const info = { unit: 'M' as const, budgets: [250, 300, 400, 700], costModel: 'madds:pnag', accuracySource: 'ofa-predictor', estimate: true };

test('without a generator the plot is PNAG-count MAdds with every published reference and no slider', async () => {
  const data = await baseFrontierData(undefined, undefined);
  assert.equal(data.unit, 'M');
  assert.match(data.xLabel, /PNAG count/);
  assert.equal(data.points.length, 50);
  assert.equal(data.budgetRange, undefined);
  assert.deepEqual(parseFrontierData(JSON.parse(JSON.stringify(data))), data, 'what the host sends passes the webview parser');
});

test('with a generator: its budgets are rules, the slider spans them, the sweep covers them evenly', async () => {
  const data = await baseFrontierData(info, '/nonexistent/archive.jsonl');
  assert.deepEqual(data.trainedBudgets, [250, 300, 400, 700]);
  assert.deepEqual(data.budgetRange, { min: 250, max: 700, step: 5 });
  const sweep = sweepBudgets(info);
  assert.equal(sweep[0], 250);
  assert.equal(sweep.at(-1), 700);
  assert.equal(sweep.length, 12);
  assert.equal(budgetText(452.5, 'M'), '452.5M');
  assert.equal(budgetText(35, 'ms'), '35ms');
  assert.equal(costAxisOf({ ...info, unit: 'ms', costModel: 'lut:note10' }).metric, 'latency_ms@note10');
  assert.equal(costAxisOf({ ...info, unit: 'ms', costModel: 'lut:note10' }).label, 'latency (ms, lut:note10)');
  assert.equal(costAxisOf({ ...info, unit: 'ms', costModel: 'measure:wasm' }).label, 'latency (ms, measure:wasm)', 'a timed model\'s name is no spec');
});

test('a generated result becomes a point in the unit of its cost model; no accuracy, no point', () => {
  const result: GenerateResult = {
    kind: 'generate',
    pnag: '2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0',
    arch: { ks: [], e: [], d: [], r: 224 },
    width: 1.2,
    resolution: 224,
    madds_M: 348.57,
    latency_ms: null,
    budget: 350,
    unit: 'M',
    costModel: 'madds:pnag',
    top1: 81.27,
    source: 'ofa-predictor',
    estimate: true,
    repaired: false,
    clamped: false,
    checkpoint: 'x',
    notes: [],
  };
  const point = generatedPoint(result, 'frontier', 'f');
  assert.ok(point);
  assert.equal(point.x, 348.57);
  assert.equal(point.y, 81.27);
  assert.equal(point.yOrigin, 'estimate');
  assert.equal(generatedPoint({ ...result, top1: null }, 'live', 'l'), undefined);
  assert.equal(generatedPoint({ ...result, unit: 'ms' }, 'live', 'l'), undefined, 'a latency plot needs a latency');
});

test('a predictor\'s top-1 on the generated frontier is an estimate, as on the archive marks; only a measuring source is measured', () => {
  const result: GenerateResult = {
    kind: 'generate',
    pnag: 'x',
    arch: { ks: [], e: [], d: [], r: 224 },
    width: 1.2,
    resolution: 224,
    madds_M: 348.57,
    latency_ms: null,
    budget: 350,
    unit: 'M',
    costModel: 'madds:pnag',
    top1: 81.27,
    // What the engine reports for OFA's predictor: an accuracy (not a proxy score), but predicted.
    source: 'ofa-predictor (built-in)',
    estimate: false,
    measured: false,
    repaired: false,
    clamped: false,
    checkpoint: 'x',
    notes: [],
  };
  assert.equal(generatedPoint(result, 'frontier', 'f')?.yOrigin, 'estimate');
  const { measured: _left, ...older } = result;
  assert.equal(generatedPoint(older, 'frontier', 'f')?.yOrigin, 'estimate', 'a result that does not say is not called measured');
  assert.equal(generatedPoint({ ...result, source: 'eval:python eval.py', measured: true }, 'frontier', 'f')?.yOrigin, 'measured');
  // A generator trained with an evaluator: the sweep asks no source, so the training's own word is drawn, marked for what it is.
  const unasked = { ...result, top1: null, source: 'eval:python eval.py (unavailable: no source configured to ask)' };
  const predicted = generatedPoint({ ...unasked, predictedTop1: { top1: 80.5, from: 'model', source: 'eval:python eval.py' } }, 'frontier', 'f');
  assert.deepEqual([predicted?.y, predicted?.yOrigin], [80.5, 'estimate']);
  assert.ok(predicted?.details?.some((d) => /predicted by the training's accuracy model, not measured/.test(d)));
  const remembered = generatedPoint({ ...unasked, predictedTop1: { top1: 81.9, from: 'memory', source: 'eval:python eval.py' } }, 'frontier', 'f');
  assert.deepEqual([remembered?.y, remembered?.yOrigin], [81.9, 'measured']);
  assert.equal(generatedPoint(unasked, 'frontier', 'f'), undefined);
});

test('a generator trained on params: the axis, slider and sweep are in M params, computed on the host', async () => {
  const params = { ...info, unit: 'M params', budgets: [5, 6, 8], costModel: 'params' };
  const axis = costAxisOf(params);
  assert.equal(axis.unit, 'M params');
  assert.equal(axis.label, 'parameters (M, computed)');
  assert.equal(axis.metric, 'params_M');
  const arch = randomArch(new Random(5));
  assert.equal(axis.costOf(arch), paramsM(arch));
  const data = await baseFrontierData(params, undefined);
  assert.deepEqual(data.budgetRange, { min: 5, max: 8, step: 0.1 });
  assert.ok(data.points.some((p) => p.xOrigin === 'computed'), 'published architectures in our space are placed by their parameters');
  assert.deepEqual(parseFrontierData(JSON.parse(JSON.stringify(data))), data, 'the webview accepts the new unit');
  assert.equal(budgetText(6.5, 'M params'), '6.5M params');
  assert.deepEqual(parseBudget(budgetText(6.5, 'M params'), 'M params'), { value: 6.5, unit: 'M params' }, 'the sweep\'s budget text reads back');
  assert.ok(sweepBudgets(params).every((b) => b >= 5 && b <= 8));
});

test('a generated result in M params is plotted at its cost, not its MAdds', () => {
  const result: GenerateResult = {
    kind: 'generate', pnag: 'x', arch: { ks: [], e: [], d: [], r: 224 }, width: 1.2, resolution: 224, madds_M: 348.57, latency_ms: null,
    budget: 6.5, unit: 'M params', cost: 6.31, costModel: 'params', top1: 80, source: 'ofa-predictor', estimate: true, repaired: false, clamped: false,
    checkpoint: 'x', notes: [],
  };
  const point = generatedPoint(result, 'frontier', 'f');
  assert.equal(point?.x, 6.31);
  assert.equal(point?.label, 'generated for 6.5M params');
});
