import { InputError } from '../errors';

/**
 * Rank and error metrics for predictors and evaluators. Kendall tau here is tau-b (ties in either
 * list reduce the denominator), computed over all pairs in O(n^2): n is at most a few thousand.
 */

function checkPaired(truth: readonly number[], predicted: readonly number[], what: string): void {
  if (truth.length !== predicted.length) {
    throw new InputError(`${what}: ${truth.length} true values but ${predicted.length} predictions`);
  }
  for (let i = 0; i < truth.length; i++) {
    if (!Number.isFinite(truth[i]) || !Number.isFinite(predicted[i])) {
      throw new InputError(`${what}: value ${i} is not a finite number (truth ${truth[i]}, predicted ${predicted[i]})`);
    }
  }
}

/** Counts over a set of pairs, from which tau-b follows. */
interface PairCounts {
  concordant: number;
  discordant: number;
  /** Pairs tied in `a` only / in `b` only (pairs tied in both count in neither). */
  tiesA: number;
  tiesB: number;
  /** All pairs considered, including those tied in both. */
  pairs: number;
}

function countPair(c: PairCounts, da: number, db: number): void {
  c.pairs++;
  if (da === 0 && db === 0) return;
  if (da === 0) c.tiesA++;
  else if (db === 0) c.tiesB++;
  else if (da > 0 === db > 0) c.concordant++;
  else c.discordant++;
}

function tauFromCounts(c: PairCounts): number {
  const n1 = c.concordant + c.discordant + c.tiesB; // pairs not tied in a
  const n2 = c.concordant + c.discordant + c.tiesA; // pairs not tied in b
  if (n1 === 0 || n2 === 0) return Number.NaN;
  return (c.concordant - c.discordant) / Math.sqrt(n1 * n2);
}

/** Kendall tau-b between two paired lists; NaN when either list is constant or has under 2 values. */
export function kendallTau(truth: readonly number[], predicted: readonly number[]): number {
  return kendallTauWhere(truth, predicted, () => true).tau;
}

export interface FilteredTau {
  readonly tau: number;
  /** Number of pairs the filter kept (ties included). */
  readonly pairs: number;
}

/** Kendall tau-b over only the pairs (i, j), i < j, that `keep` accepts. */
export function kendallTauWhere(
  truth: readonly number[],
  predicted: readonly number[],
  keep: (i: number, j: number) => boolean,
): FilteredTau {
  checkPaired(truth, predicted, 'Kendall tau');
  const c: PairCounts = { concordant: 0, discordant: 0, tiesA: 0, tiesB: 0, pairs: 0 };
  const n = truth.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (keep(i, j)) countPair(c, truth[i] - truth[j], predicted[i] - predicted[j]);
    }
  }
  return { tau: tauFromCounts(c), pairs: c.pairs };
}

/**
 * Kendall tau over pairs of similar cost: those whose costs differ by at most `relative` of the larger
 * one (0.05 = within 5 %). This is the hard case for a predictor: same cost, different accuracy.
 */
export function kendallTauWithinCost(
  truth: readonly number[],
  predicted: readonly number[],
  costs: readonly number[],
  relative = 0.05,
): FilteredTau {
  if (costs.length !== truth.length) {
    throw new InputError(`Kendall tau within cost: ${truth.length} values but ${costs.length} costs`);
  }
  if (!(relative >= 0)) throw new InputError(`Kendall tau within cost: relative tolerance ${relative} must be >= 0`);
  return kendallTauWhere(truth, predicted, (i, j) => {
    const a = costs[i];
    const b = costs[j];
    return Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b));
  });
}

/**
 * Kendall tau within cost bins: the values are sorted by cost and cut into `bins` groups of (nearly)
 * equal size; only pairs inside a bin count. Returns the pooled tau over all within-bin pairs.
 */
export function kendallTauWithinBins(
  truth: readonly number[],
  predicted: readonly number[],
  costs: readonly number[],
  bins: number,
): FilteredTau {
  if (costs.length !== truth.length) {
    throw new InputError(`Kendall tau within bins: ${truth.length} values but ${costs.length} costs`);
  }
  if (!Number.isInteger(bins) || bins < 1) throw new InputError(`Kendall tau within bins: bins ${bins} must be a positive integer`);
  const order = costs.map((_, i) => i).sort((a, b) => costs[a] - costs[b]);
  const bin = new Int32Array(costs.length);
  order.forEach((index, rank) => (bin[index] = Math.floor((rank * bins) / costs.length)));
  return kendallTauWhere(truth, predicted, (i, j) => bin[i] === bin[j]);
}

/** Average ranks (1-based), ties sharing the mean of their positions. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const mean = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) out[order[k]] = mean;
    start = end + 1;
  }
  return out;
}

/** Pearson correlation; NaN when either list is constant. */
export function pearson(a: readonly number[], b: readonly number[]): number {
  checkPaired(a, b, 'Pearson correlation');
  const n = a.length;
  if (n < 2) return Number.NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return Number.NaN;
  return sab / Math.sqrt(saa * sbb);
}

/** Spearman rank correlation (Pearson on average ranks, so ties are handled). */
export function spearman(truth: readonly number[], predicted: readonly number[]): number {
  checkPaired(truth, predicted, 'Spearman correlation');
  return pearson(ranks(truth), ranks(predicted));
}

/** Root mean squared error. */
export function rmse(truth: readonly number[], predicted: readonly number[]): number {
  checkPaired(truth, predicted, 'RMSE');
  if (truth.length === 0) throw new InputError('RMSE: no values');
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (truth[i] - predicted[i]) ** 2;
  return Math.sqrt(s / truth.length);
}

/** Mean absolute error. */
export function mae(truth: readonly number[], predicted: readonly number[]): number {
  checkPaired(truth, predicted, 'MAE');
  if (truth.length === 0) throw new InputError('MAE: no values');
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += Math.abs(truth[i] - predicted[i]);
  return s / truth.length;
}
