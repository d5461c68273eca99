import { InputError } from '../errors';

/** Either K budgets evenly spaced over [low, high] or an explicit list (any order; sorted here). */
export type BudgetSpec = { readonly range: readonly [number, number]; readonly k?: number } | { readonly list: readonly number[] };

export const DEFAULT_BUDGET_COUNT = 10;

/** The training budgets, ascending and distinct. Throws InputError naming the bad value. */
export function resolveBudgets(spec: BudgetSpec): number[] {
  if ('list' in spec) {
    if (spec.list.length === 0) throw new InputError('budgets: the list is empty');
    spec.list.forEach((b, i) => {
      if (!Number.isFinite(b) || b <= 0) throw new InputError(`budgets: item ${i + 1} (${b}) is not a positive number`);
    });
    const sorted = [...spec.list].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i] === sorted[i - 1]) throw new InputError(`budgets: ${sorted[i]} is listed twice`);
    }
    return sorted;
  }
  const [low, high] = spec.range;
  const k = spec.k ?? DEFAULT_BUDGET_COUNT;
  if (!Number.isFinite(low) || !Number.isFinite(high) || low <= 0 || high <= low) {
    throw new InputError(`budgets: range ${low}:${high} must be two positive numbers, the first smaller`);
  }
  if (!Number.isInteger(k) || k < 2) throw new InputError(`budgets: k = ${k} must be a whole number of at least 2`);
  return Array.from({ length: k }, (_, i) => (i === k - 1 ? high : low + ((high - low) * i) / (k - 1)));
}

/** Where a budget sits among the training budgets, and the weights that mix their embeddings. */
export interface BudgetPosition {
  readonly budget: number;
  /** K mixing weights, summing to 1: xi on the lower neighbour, 1 - xi on the upper one. */
  readonly weights: Float32Array;
  readonly lower: number;
  readonly upper: number;
  /** Weight of the lower neighbour: (B2 - B) / (B2 - B1); 1 when the budget is a training budget. */
  readonly xi: number;
  /** True when the budget lay outside the trained range and the nearest end was used. */
  readonly clamped: boolean;
  readonly message?: string;
}

/**
 * Interpolates between the two training budgets around `budget` (xi*g(B1) + (1-xi)*g(B2)); outside the
 * trained range the nearest end is used and the result says so.
 */
export function budgetPosition(budget: number, budgets: readonly number[]): BudgetPosition {
  if (!Number.isFinite(budget) || budget <= 0) throw new InputError(`budget: ${budget} is not a positive number`);
  const k = budgets.length;
  const weights = new Float32Array(k);
  const first = budgets[0];
  const last = budgets[k - 1];
  if (budget <= first || budget >= last) {
    const index = budget <= first ? 0 : k - 1;
    weights[index] = 1;
    const clamped = budget < first || budget > last;
    return {
      budget,
      weights,
      lower: budgets[index],
      upper: budgets[index],
      xi: 1,
      clamped,
      message: clamped
        ? `budget ${budget} is outside the trained range ${first}..${last}; the generator was conditioned on ${budgets[index]}`
        : undefined,
    };
  }
  let hi = 1;
  while (budgets[hi] < budget) hi++;
  const lo = hi - 1;
  if (budgets[hi] === budget) {
    weights[hi] = 1;
    return { budget, weights, lower: budget, upper: budget, xi: 1, clamped: false };
  }
  const xi = (budgets[hi] - budget) / (budgets[hi] - budgets[lo]);
  weights[lo] = xi;
  weights[hi] = 1 - xi;
  return { budget, weights, lower: budgets[lo], upper: budgets[hi], xi, clamped: false };
}

/** One-hot weights of training budget `index`. */
export function budgetOneHot(index: number, count: number): Float32Array {
  const out = new Float32Array(count);
  out[index] = 1;
  return out;
}

/**
 * Budgets of round `round`: evenly spaced in log-cost over [low, high] (accuracy grows about linearly in
 * log-cost, so the small budgets, where it grows fastest, get as many as the large), shifted by a different
 * fraction each round.
 */
export function roundBudgets(low: number, high: number, count: number, round: number, rounds: number): number[] {
  const shift = (round + 0.5) / rounds;
  const ratio = high / low;
  return Array.from({ length: count }, (_, j) => low * ratio ** ((j + shift) / count));
}
