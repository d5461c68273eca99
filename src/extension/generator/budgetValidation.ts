// The live check of the budget box: parse with the generator's unit, then compare with the trained range.
import { type Budget, parseBudget } from '../../core/budget/parseBudget';
import type { CostUnit } from '../../core/cost/costModel';
import { formatCost } from '../../core/cost/costUnit';
import { costUnitDescriptor } from '../../core/cost/registry/costModelRegistry';
import { messageOf } from '../../core/errors';
import type { CheckpointMeta } from '../../core/pipeline/checkpointMeta';

export type ValidationSeverity = 'error' | 'warning';

export interface BudgetCheck {
  /** Set when the budget can be generated for (a warning still allows it). */
  readonly budget?: Budget;
  readonly message?: string;
  readonly severity?: ValidationSeverity;
}

export function formatAmount(value: number, unit: CostUnit): string {
  return formatCost(value, costUnitDescriptor(unit));
}

/** `250M to 700M MAdds (madds:pnag)` */
export function describeRange(info: CheckpointMeta): string {
  const low = info.budgets[0];
  const high = info.budgets[info.budgets.length - 1];
  const what = costUnitDescriptor(info.unit).quantity;
  return `${formatAmount(low, info.unit)} to ${formatAmount(high, info.unit)} ${what} (${info.costModel})`;
}

/**
 * Empty text is no message yet; a bad number or unit is an error (the parser's message); a budget outside
 * the trained range is a warning, since generation then uses the nearest trained end.
 */
export function checkBudget(text: string, info: CheckpointMeta): BudgetCheck {
  if (text.trim() === '') return {};
  let budget: Budget;
  try {
    budget = parseBudget(text, info.unit);
  } catch (error) {
    return { message: messageOf(error), severity: 'error' };
  }
  const low = info.budgets[0];
  const high = info.budgets[info.budgets.length - 1];
  if (budget.value < low || budget.value > high) {
    const end = budget.value < low ? low : high;
    return {
      budget,
      severity: 'warning',
      message: `${formatAmount(budget.value, info.unit)} is outside the trained range ${describeRange(info)}: the generator answers as for ${formatAmount(end, info.unit)}`,
    };
  }
  return { budget };
}
