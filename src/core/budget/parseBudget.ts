import { InputError } from '../errors';
import { quoteValue } from '../util/quoteValue';
import type { CostUnit } from '../cost/costModel';
import type { CostUnitDescriptor } from '../cost/costUnit';
import { COST_UNITS, costUnitDescriptor } from '../cost/registry/costModelRegistry';

/** A budget as the user means it: a value in the unit of a cost model. */
export interface Budget {
  readonly value: number;
  readonly unit: CostUnit;
}

/** The unit a budget's suffix names, and the factor into it. */
function unitOfSuffix(suffix: string): { unit: CostUnitDescriptor; factor: number } | undefined {
  const key = suffix.replace(/\s+/g, '').toLowerCase();
  for (const unit of COST_UNITS) if (Object.hasOwn(unit.suffixes, key)) return { unit, factor: unit.suffixes[key] };
  return undefined;
}

/**
 * Reads a budget such as `35ms`, `35 ms`, `450M`, `450 MFLOPs` or `0.45G`, or in any unit a cost-model
 * kind declares. With `expected`, a budget in another unit is refused.
 */
export function parseBudget(text: string, expected?: CostUnit): Budget {
  const trimmed = text.trim();
  const match = /^([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*([a-zA-Z][a-zA-Z ]*)?$/.exec(trimmed);
  if (!match) {
    throw new InputError(`budget ${quoteValue(text)}: expected a number with a unit, e.g. 35ms, 450M, 450 MFLOPs or 0.45G`);
  }
  const number = Number(match[1]);
  const unitText = match[2] ?? '';
  if (unitText === '') {
    throw new InputError(`budget ${quoteValue(text)}: add a unit: ${COST_UNITS.map((u) => `${u.hint} for ${u.quantity}`).join(', ')}`);
  }
  const found = unitOfSuffix(unitText);
  if (!found) {
    throw new InputError(`budget ${quoteValue(text)}: unknown unit ${quoteValue(unitText)}; use ${COST_UNITS.map((u) => u.hint).join(', ')}`);
  }
  const budget: Budget = { value: number * found.factor, unit: found.unit.unit };
  if (!Number.isFinite(budget.value)) throw new InputError(`budget ${quoteValue(text)}: must be a finite number`);
  if (!(budget.value > 0)) throw new InputError(`budget ${quoteValue(text)}: must be greater than 0`);
  if (expected !== undefined && budget.unit !== expected) {
    throw new InputError(`budget ${quoteValue(text)}: expected ${costUnitDescriptor(expected).writeAs}`);
  }
  return budget;
}

export function formatBudget(budget: Budget): string {
  return costUnitDescriptor(budget.unit).longAmount(Number(budget.value.toFixed(2)).toString());
}

/**
 * A range of training budgets `25:60` (K evenly spaced, ends included) or an explicit list `25,30,40`,
 * each part with or without the unit.
 */
export function parseBudgetList(text: string, unit: CostUnit, k = 10): number[] {
  const quoted = JSON.stringify(text);
  const trimmed = text.trim();
  const withUnit = (part: string) => (/[a-zA-Z]$/.test(part.trim()) ? part : `${part}${costUnitDescriptor(unit).suffix}`);
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
