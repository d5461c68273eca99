import test from 'node:test';
import assert from 'node:assert/strict';
import { formatBudget, parseBudget, parseBudgetList } from '../../../src/core/budget/parseBudget';
import { isInputError } from '../../../src/core/errors';

test('budgets are read with their unit in the spellings users type', () => {
  assert.deepEqual(parseBudget('35ms'), { value: 35, unit: 'ms' });
  assert.deepEqual(parseBudget('35 ms'), { value: 35, unit: 'ms' });
  assert.deepEqual(parseBudget('450M'), { value: 450, unit: 'M' });
  assert.deepEqual(parseBudget('450 MFLOPs'), { value: 450, unit: 'M' });
  assert.deepEqual(parseBudget('0.45G'), { value: 450, unit: 'M' });
  assert.deepEqual(parseBudget('0.03s'), { value: 30, unit: 'ms' });
});

test('a malformed budget gets a message naming what is wrong', () => {
  assert.throws(() => parseBudget('fast'), /budget "fast": expected a number with a unit/);
  assert.throws(() => parseBudget('450'), /add a unit/);
  assert.throws(() => parseBudget('450 parsecs'), /unknown unit "parsecs"/);
  assert.throws(() => parseBudget('0ms'), /must be greater than 0/);
  assert.throws(() => parseBudget('35ms', 'M'), /expected multiply-adds in M or G/);
  assert.throws(() => parseBudget('450M', 'ms'), /expected a latency in ms/);
});

test('training budgets: K evenly spaced over a range, or an explicit list', () => {
  assert.deepEqual(parseBudgetList('25:60', 'ms', 8), [25, 30, 35, 40, 45, 50, 55, 60]);
  assert.deepEqual(parseBudgetList('250M:700M', 'M', 10).length, 10);
  assert.deepEqual(parseBudgetList('40,30,35', 'ms'), [30, 35, 40]);
  assert.throws(() => parseBudgetList('60:25', 'ms'), /high end must be above/);
  assert.throws(() => parseBudgetList('30', 'ms'), /at least 2/);
  assert.throws(() => parseBudgetList('30,30', 'ms'), /appears twice/);
  assert.throws(() => parseBudgetList('25ms:60ms', 'M'), /expected multiply-adds/);
});

// Found by the fuzz suite (test/fuzz/budget.fuzz.ts): 1e999 and 2e308 G read as Infinity and became training budgets.
test('a budget too large for a number is refused, alone or in a training list', () => {
  assert.throws(() => parseBudget('1e999 M'), (error: unknown) => isInputError(error) && /budget "1e999 M": must be a finite number/.test(error.message));
  assert.throws(() => parseBudget('1.7976931348623133e+308 G'), /must be a finite number/);
  assert.throws(() => parseBudgetList('5703M:1e999G', 'M'), /must be a finite number/);
  assert.throws(() => parseBudgetList('1e999,300', 'M'), /must be a finite number/);
});

// Found by the fuzz suite: a budget with a line break put the break into the one-line error message.
test('a budget error stays on one line whatever the text holds', () => {
  assert.throws(() => parseBudget('\r.\n5885MMAs'), (error: unknown) => isInputError(error) && !/[\r\n]/.test(error.message));
  assert.throws(() => parseBudget('45\n0 parsecs'), (error: unknown) => isInputError(error) && /budget "45\\n0 parsecs"/.test(error.message));
});

test('a budget in millions of parameters (the params cost model): 5.2M params, 5.2 M params, 5200K params', () => {
  assert.deepEqual(parseBudget('5.2M params'), { value: 5.2, unit: 'M params' });
  assert.deepEqual(parseBudget('5.2 M params', 'M params'), { value: 5.2, unit: 'M params' });
  assert.deepEqual(parseBudget('5.2Mparams'), { value: 5.2, unit: 'M params' });
  assert.equal(parseBudget('5200K params').value, 5.2);
  assert.deepEqual(parseBudgetList('5:7', 'M params', 3), [5, 6, 7]);
  assert.equal(formatBudget({ value: 5.2, unit: 'M params' }), '5.2M params');
});

test('a budget in another unit than the cost model\'s names the unit it needs', () => {
  assert.throws(() => parseBudget('5.2M', 'M params'), /budget "5\.2M": expected parameters in M params, e\.g\. 5\.2M params/);
  assert.throws(() => parseBudget('5.2M params', 'M'), /expected multiply-adds in M or G/);
  assert.throws(() => parseBudget('5.2M params', 'ms'), /expected a latency in ms/);
  assert.throws(() => parseBudget('5 params'), /unknown unit "params"; use M or G MAdds, ms, M params/);
});
