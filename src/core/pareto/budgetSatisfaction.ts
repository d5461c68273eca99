import { InputError } from '../errors';

/** One method's answer for one budget. */
export interface BudgetOutcome {
  readonly budget: number;
  readonly cost: number;
}

export interface BudgetSatisfaction {
  /** Fraction of outcomes within budget, in [0, 1]; NaN for no outcomes. */
  readonly rate: number;
  readonly satisfied: number;
  readonly total: number;
  /** Budgets whose outcome exceeded them, in input order. */
  readonly violations: readonly BudgetOutcome[];
  /** Largest relative overshoot (cost / budget - 1) among violations, 0 when none. */
  readonly worstOvershoot: number;
}

/**
 * Share of outcomes whose cost is within their budget. `tolerance` is relative: 0.01 accepts up to
 * 1 % over (for measured costs with noise); the default 0 is the exact-cost guarantee.
 */
export function budgetSatisfaction(outcomes: readonly BudgetOutcome[], tolerance = 0): BudgetSatisfaction {
  if (!(tolerance >= 0)) throw new InputError(`budget satisfaction: tolerance ${tolerance} must be >= 0`);
  const violations: BudgetOutcome[] = [];
  let worst = 0;
  outcomes.forEach((o, i) => {
    if (!Number.isFinite(o.budget) || !(o.budget > 0) || !Number.isFinite(o.cost)) {
      throw new InputError(`budget satisfaction: outcome ${i} has budget ${o.budget} and cost ${o.cost}; need a positive budget and a finite cost`);
    }
    if (o.cost > o.budget * (1 + tolerance)) {
      violations.push(o);
      worst = Math.max(worst, o.cost / o.budget - 1);
    }
  });
  const satisfied = outcomes.length - violations.length;
  return {
    rate: outcomes.length === 0 ? Number.NaN : satisfied / outcomes.length,
    satisfied,
    total: outcomes.length,
    violations,
    worstOvershoot: worst,
  };
}
