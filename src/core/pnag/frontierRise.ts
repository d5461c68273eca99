import type { FrontierRise } from '../../shared/engineJobs';

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

// The shape crosses the worker boundary in the training's result, so it is declared with the other job messages.
export type { FrontierRise };

/** Measured networks in the order they were answered. */
export interface AnsweredInOrder {
  readonly costs: readonly number[];
  readonly accuracies: readonly number[];
}

/**
 * The best measured accuracy within each budget of `budgets` (ascending), counting the first `count` answers;
 * -Infinity where none of them is within the budget. `byCost` is every answer's index, cheapest first.
 */
function frontierAt(answered: AnsweredInOrder, byCost: readonly number[], count: number, budgets: readonly number[]): number[] {
  const best: number[] = [];
  let next = 0;
  let running = -Infinity;
  for (const budget of budgets) {
    for (; next < byCost.length && answered.costs[byCost[next]] <= budget; next++) {
      if (byCost[next] < count) running = Math.max(running, answered.accuracies[byCost[next]]);
    }
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
  const byCost = Array.from({ length: total }, (_, i) => i).sort((a, b) => answered.costs[a] - answered.costs[b]);
  const all = frontierAt(answered, byCost, total, budgets);
  const withoutLast = frontierAt(answered, byCost, total - stretch, budgets);
  const withoutBoth = frontierAt(answered, byCost, total - 2 * stretch, budgets);
  return { evaluations: stretch, last: meanRise(withoutLast, all), before: meanRise(withoutBoth, withoutLast) };
}
