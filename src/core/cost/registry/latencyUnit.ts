import type { CostUnitDescriptor } from '../costUnit';

/** Milliseconds of latency: the unit of the look-up tables and of timing on this machine. */
export const LATENCY_UNIT: CostUnitDescriptor = {
  unit: 'ms',
  quantity: 'latency',
  suffixes: { ms: 1, s: 1000, us: 0.001 },
  writeAs: 'a latency in ms (the cost model is a latency)',
  hint: 'ms',
  costOptions: 'lut:note10 (shipped with PNAG), lut:<your tables> or measure',
  suffix: 'ms',
  decimals: 2,
  amount: (number) => `${number} ms`,
  longAmount: (number) => `${number} ms`,
  step: 0.5,
};
