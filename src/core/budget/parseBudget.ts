import { InputError } from '../errors';
import { quoteValue } from '../util/quoteValue';
import type { CostUnit } from '../cost/costModel';

/** A budget as the user means it: a value in the unit of a cost model. */
export interface Budget {
  readonly value: number;
  readonly unit: CostUnit;
}

const MADDS_UNITS: Record<string, number> = {
  m: 1,
  mflops: 1,
  mmacs: 1,
  mmadds: 1,
  madds: 1,
  g: 1000,
  gflops: 1000,
  gmacs: 1000,
  gmadds: 1000,
};

const LATENCY_UNITS: Record<string, number> = { ms: 1, s: 1000, us: 0.001 };

/**
 * Reads a budget such as `35ms`, `35 ms`, `450M`, `450 MFLOPs` or `0.45G`. FLOPs here means
 * multiply-adds, as mobile NAS papers use the word. With `expected`, a budget in the other unit is refused.
 */
export function parseBudget(text: string, expected?: CostUnit): Budget {
  // JSON quoting keeps a line break in the text from breaking the one-line message.
  const quoted = JSON.stringify(text);
  const trimmed = text.trim();
  const match = /^([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*([a-zA-Z]*)$/.exec(trimmed);
  if (!match) {
    throw new InputError(`budget ${quoteValue(text)}: expected a number with a unit, e.g. 35ms, 450M, 450 MFLOPs or 0.45G`);
  }
  const number = Number(match[1]);
  const unitText = match[2].toLowerCase();
  if (unitText === '') {
    throw new InputError(`budget ${quoteValue(text)}: add a unit: ms for latency, M or G for multiply-adds`);
  }
  let budget: Budget;
  if (unitText in LATENCY_UNITS) budget = { value: number * LATENCY_UNITS[unitText], unit: 'ms' };
  else if (unitText in MADDS_UNITS) budget = { value: number * MADDS_UNITS[unitText], unit: 'M' };
  else {
    throw new InputError(`budget ${quoteValue(text)}: unknown unit ${quoteValue(match[2])}; use ms, s, M, MFLOPs, MMACs, G or GFLOPs`);
  }
  if (!Number.isFinite(budget.value)) throw new InputError(`budget ${quoteValue(text)}: must be a finite number`);
  if (!(budget.value > 0)) throw new InputError(`budget ${quoteValue(text)}: must be greater than 0`);
  if (expected && budget.unit !== expected) {
    const wanted = expected === 'ms' ? 'a latency in ms (the cost model is a latency)' : 'multiply-adds in M or G (the cost model counts MAdds)';
    throw new InputError(`budget ${quoteValue(text)}: expected ${wanted}`);
  }
  return budget;
}

export function formatBudget(budget: Budget): string {
  return budget.unit === 'ms' ? `${round(budget.value)} ms` : `${round(budget.value)}M MAdds`;
}

function round(value: number): string {
  return Number(value.toFixed(2)).toString();
}

/**
 * A range of training budgets `25:60` (K evenly spaced, ends included) or an explicit list `25,30,40`,
 * each part with or without the unit.
 */
export function parseBudgetList(text: string, unit: CostUnit, k = 10): number[] {
  const quoted = JSON.stringify(text);
  const trimmed = text.trim();
  const withUnit = (part: string) => (/[a-zA-Z]$/.test(part.trim()) ? part : `${part}${unit === 'ms' ? 'ms' : 'M'}`);
  if (trimmed.includes(':')) {
    const parts = trimmed.split(':');
    if (parts.length !== 2) throw new InputError(`budgets ${quoteValue(text)}: a range is written low:high, e.g. 25:60`);
    const low = parseBudget(withUnit(parts[0]), unit).value;
    const high = parseBudget(withUnit(parts[1]), unit).value;
    if (!(high > low)) throw new InputError(`budgets ${quoteValue(text)}: the high end must be above the low end`);
    if (!Number.isInteger(k) || k < 2) throw new InputError(`K = ${k}: need at least 2 training budgets`);
    return Array.from({ length: k }, (_, i) => low + ((high - low) * i) / (k - 1));
  }
  const values = trimmed.split(',').map((p) => parseBudget(withUnit(p), unit).value);
  if (values.length < 2) throw new InputError(`budgets ${quoteValue(text)}: need at least 2 training budgets`);
  const sorted = [...values].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) throw new InputError(`budgets ${quoteValue(text)}: ${sorted[i]} appears twice`);
  }
  return sorted;
}
