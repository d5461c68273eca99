import test from 'node:test';
import assert from 'node:assert/strict';
import { checkBudget, describeRange } from '../../../../src/extension/generator/budgetValidation';
import type { CheckpointMeta } from '../../../../src/core/pipeline/checkpointMeta';
import { generatorInfoOf } from '../../../../src/extension/generator/generatorInfo';

const MADDS: CheckpointMeta = { unit: 'M', budgets: [250, 400, 550, 700], costModel: 'madds:pnag', accuracySource: 'ofa-predictor', estimate: false };
const LATENCY: CheckpointMeta = { ...MADDS, unit: 'ms', budgets: [20, 40], costModel: 'lut:note10' };

test('budgets in every written form are accepted in the generator unit', () => {
  assert.deepEqual(checkBudget('450M', MADDS), { budget: { value: 450, unit: 'M' } });
  assert.equal(checkBudget('450 MFLOPs', MADDS).budget?.value, 450);
  assert.equal(checkBudget('0.45G', MADDS).budget?.value, 450);
  assert.equal(checkBudget('35 ms', LATENCY).budget?.value, 35);
});

test('a budget in the other unit is an error naming the unit the cost model needs', () => {
  const check = checkBudget('35ms', MADDS);
  assert.equal(check.budget, undefined);
  assert.equal(check.severity, 'error');
  assert.match(check.message ?? '', /expected multiply-adds in M or G/);
  assert.match(checkBudget('450M', LATENCY).message ?? '', /expected a latency in ms/);
});

test('no unit, an unknown unit or a non-number are errors with the parser message', () => {
  assert.match(checkBudget('450', MADDS).message ?? '', /add a unit/);
  assert.match(checkBudget('450 parsecs', MADDS).message ?? '', /unknown unit "parsecs"/);
  assert.match(checkBudget('lots', MADDS).message ?? '', /expected a number with a unit/);
  assert.deepEqual(checkBudget('  ', MADDS), {});
});

test('outside the trained range: allowed, with a warning saying which end is used', () => {
  const check = checkBudget('900M', MADDS);
  assert.equal(check.budget?.value, 900);
  assert.equal(check.severity, 'warning');
  assert.equal(check.message, '900M is outside the trained range 250M to 700M MAdds (madds:pnag): the generator answers as for 700M');
  assert.equal(describeRange(LATENCY), '20 ms to 40 ms latency (lut:note10)');
});

test('the generator summary is read from a checkpoint and refuses other JSON', () => {
  const info = generatorInfoOf({ format: 'pnag-checkpoint', costModel: { name: 'madds:pnag', unit: 'M' }, budgets: [700, 250], accuracySource: 'proxy:naswot', pipeline: { estimate: true } });
  assert.deepEqual(info, { unit: 'M', budgets: [250, 700], costModel: 'madds:pnag', accuracySource: 'proxy:naswot', estimate: true });
  assert.equal(generatorInfoOf({ format: 'other' }), undefined);
  assert.equal(generatorInfoOf({ format: 'pnag-checkpoint', costModel: { unit: 'kg' }, budgets: [1, 2] }), undefined);
});

test('a generator trained on params: budgets in M params, a MAdds-looking budget is an error naming parameters', () => {
  const PARAMS: CheckpointMeta = { ...MADDS, unit: 'M params', budgets: [5, 8], costModel: 'params' };
  assert.deepEqual(checkBudget('6.5M params', PARAMS), { budget: { value: 6.5, unit: 'M params' } });
  assert.match(checkBudget('6.5M', PARAMS).message ?? '', /expected parameters in M params/);
  assert.equal(describeRange(PARAMS), '5M to 8M parameters (params)');
  assert.equal(checkBudget('9M params', PARAMS).severity, 'warning');
  const checkpoint = { format: 'pnag-checkpoint', costModel: { name: 'params', unit: 'M params' }, budgets: [5, 8] };
  assert.equal(generatorInfoOf(checkpoint)?.unit, 'M params');
  assert.equal(generatorInfoOf({ ...checkpoint, costModel: { name: 'x', unit: 'GB' } }), undefined);
});
