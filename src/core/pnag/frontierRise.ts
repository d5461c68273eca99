/**
 * Would more evaluations pay? How much the rounds' last answers raised the measured frontier, beside how much the
 * answers before them did: a user who pays GPU minutes for each evaluation reads from the two whether a training
 * resumed with a larger `--evaluations` (it keeps every answer in the archive) is still worth its price.
 */

/** Budgets, spread log-uniformly over the training range, at which the frontier is compared. */
export const FRONTIER_RISE_POINTS = 64;
/** The share of the rounds' answers that counts as "the last ones", and at least this many of them. */
export const FRONTIER_RISE_SHARE = 0.1;
export const FRONTIER_RISE_MIN_ANSWERS = 8;

export interface FrontierRise {
  /** Answers in each of the two compared stretches (the last ones, and as many before them). */
  readonly evaluations: number;
  /** Mean rise of the best measured accuracy within a budget brought by the last `evaluations` answers. */
  readonly last: number;
  /** The same for the `evaluations` answers before them. */
  readonly before: number;
}

/** Measured networks in the order they were answered. */
export interface AnsweredInOrder {
  readonly costs: readonly number[];
  readonly accuracies: readonly number[];
}

/**
 * The best measured accuracy within each budget of `budgets` (ascending), counting the first `count` answers;
 * -Infinity where none of them is within the budget.
 */
function frontierAt(answered: AnsweredInOrder, count: number, budgets: readonly number[]): number[] {
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => answered.costs[a] - answered.costs[b]);
  const best: number[] = [];
  let next = 0;
  let running = -Infinity;
  for (const budget of budgets) {
    while (next < order.length && answered.costs[order[next]] <= budget) running = Math.max(running, answered.accuracies[order[next++]]);
    best.push(running);
  }
  return best;
}

/** Mean over the budgets of `later - earlier`, over the budgets where `earlier` had a network within. */
function meanRise(earlier: readonly number[], later: readonly number[]): number {
  let sum = 0;
  let count = 0;
  earlier.forEach((e, i) => {
    if (e === -Infinity) return;
    sum += later[i] - e;
    count++;
  });
  return count > 0 ? sum / count : 0;
}

/**
 * The rise of the measured frontier over `range` brought by the last FRONTIER_RISE_SHARE of the rounds' `roundAnswers`
 * answers (the last rows of `answered`), and by as many before them; undefined when the rounds answered too few to
 * compare two stretches of at least FRONTIER_RISE_MIN_ANSWERS.
 */
export function frontierRise(answered: AnsweredInOrder, roundAnswers: number, range: readonly [number, number]): FrontierRise | undefined {
  const total = answered.costs.length;
  const stretch = Math.max(FRONTIER_RISE_MIN_ANSWERS, Math.round(FRONTIER_RISE_SHARE * roundAnswers));
  if (roundAnswers > total || roundAnswers < 2 * stretch || !(range[0] > 0) || !(range[1] > range[0])) return undefined;
  const low = Math.log(range[0]);
  const span = Math.log(range[1]) - low;
  const budgets = Array.from({ length: FRONTIER_RISE_POINTS }, (_, i) => Math.exp(low + (span * i) / (FRONTIER_RISE_POINTS - 1)));
  const all = frontierAt(answered, total, budgets);
  const withoutLast = frontierAt(answered, total - stretch, budgets);
  const withoutBoth = frontierAt(answered, total - 2 * stretch, budgets);
  return { evaluations: stretch, last: meanRise(withoutLast, all), before: meanRise(withoutBoth, withoutLast) };
}
