import fc from 'fast-check';
import { parseBudget, parseBudgetList } from '../../src/core/budget/parseBudget';
import { defineFuzzClass, violation } from './harness/fuzzClass';
import { mutatedText } from './harness/mutate';

const UNITS = ['ms', 'MS', 's', 'us', 'M', 'm', 'MFLOPs', 'MMACs', 'MAdds', 'G', 'GFLOPs', 'gmacs', '', 'k', 'µs'];

const number = fc.oneof(fc.double({ noNaN: true }).map(String), fc.integer({ min: -1000, max: 100000 }).map(String), fc.constantFrom('0', '.5', '1e3', '1e-400', '1e999', '00450', '4.5e+2'));
const validBudget = fc.tuple(number, fc.constantFrom('', ' ', '  '), fc.constantFrom(...UNITS)).map(([n, space, unit]) => `${n}${space}${unit}`);
const validList = fc.oneof(
  fc.tuple(validBudget, validBudget).map(([a, b]) => `${a}:${b}`),
  fc.array(validBudget, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(',')),
);

interface BudgetInput {
  /** One budget (CLI --budget, the palette) or a training list (`pnag.budgets`, --budgets). */
  readonly mode: 'one' | 'list';
  readonly text: string;
  readonly unit: 'M' | 'ms';
  readonly k: number;
}

export default defineFuzzClass<BudgetInput>({
  name: 'budget',
  ciRuns: 20000,
  inputs: fc.record({
    mode: fc.constantFrom('one' as const, 'list' as const),
    text: fc.oneof(validBudget, validList, mutatedText(fc.oneof(validBudget, validList)), fc.string({ maxLength: 40 }), fc.string({ maxLength: 40, unit: 'binary' })),
    unit: fc.constantFrom('M' as const, 'ms' as const),
    k: fc.oneof(fc.integer({ min: -2, max: 60 }), fc.constantFrom(2.5, Number.NaN)),
  }),
  check({ mode, text, unit, k }) {
    if (mode === 'one') {
      const budget = parseBudget(text, unit);
      violation(Number.isFinite(budget.value) && budget.value > 0, 'budget is not a finite positive number', String(budget.value));
      violation(budget.unit === unit, 'budget in the wrong unit', `${String(budget.unit)}, expected ${unit}`);
      return;
    }
    const list = parseBudgetList(text, unit, k);
    violation(list.length >= 2, 'budget list of fewer than 2', String(list.length));
    violation(list.every((b) => Number.isFinite(b) && b > 0), 'budget list holds a value that is not finite and positive', list.join(', '));
    for (let i = 1; i < list.length; i++) violation(list[i] > list[i - 1], 'budget list is not strictly ascending', list.join(', '));
  },
  whereOf: ({ k }) => ['budget', `K = ${k}`],
  show: (input) => JSON.stringify(input),
});
