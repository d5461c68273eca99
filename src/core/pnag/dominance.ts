/**
 * The Pareto-dominance rule that labels pairs for the evaluator (PNAG, Guo et al. 2023): if both
 * architectures fit the budget the more accurate is better; if at least one does not fit, the cheaper is
 * better. +1 means `a` is better, -1 `b`, 0 a tie (no label; the reference code labels ties -1).
 */
export function dominanceLabel(accA: number, costA: number, accB: number, costB: number, budget: number): 1 | -1 | 0 {
  if (costA <= budget && costB <= budget) return accA > accB ? 1 : accA < accB ? -1 : 0;
  return costA < costB ? 1 : costA > costB ? -1 : 0;
}

/**
 * Labels of every ordered pair (i, j) of a batch at one budget, row-major n x n, written into `out`
 * at `offset`. Returns the number of labelled (non-tie) ordered pairs.
 */
export function pairLabels(
  accuracies: ArrayLike<number>,
  costs: ArrayLike<number>,
  budget: number,
  out: Float32Array,
  offset = 0,
): number {
  const n = accuracies.length;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const row = offset + i * n;
    out[row + i] = 0;
    for (let j = i + 1; j < n; j++) {
      const y = dominanceLabel(accuracies[i], costs[i], accuracies[j], costs[j], budget);
      out[row + j] = y;
      out[offset + j * n + i] = -y;
      if (y !== 0) count += 2;
    }
  }
  return count;
}

/**
 * Kendall tau between scores and the dominance labels: over labelled pairs, (agreeing - disagreeing) /
 * labelled. A score tie counts as disagreeing half-way (0).
 */
export function dominanceKendallTau(
  scores: ArrayLike<number>,
  accuracies: ArrayLike<number>,
  costs: ArrayLike<number>,
  budget: number,
): number {
  const n = scores.length;
  let sum = 0;
  let labelled = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const y = dominanceLabel(accuracies[i], costs[i], accuracies[j], costs[j], budget);
      if (y === 0) continue;
      labelled++;
      sum += y * Math.sign(scores[i] - scores[j]);
    }
  }
  return labelled === 0 ? 0 : sum / labelled;
}
