import { type AdditiveCost, additiveCostOf } from '../cost/additiveCost';
import { type Arch, archKey } from '../space/arch';
import { backSolve, choleskyFactor, forwardSolve } from '../util/cholesky';
import { SLOT_MODEL_WEIGHTS, activeWeights } from './slotLinearModel';
import { neighboursWithin } from './geneNeighbours';

/**
 * Which networks the source fails on. An evaluator that runs out of GPU memory on the largest networks fails on
 * exactly the ones the large budgets want, so rounds that only skip a failed network keep sending its larger
 * siblings: with an evaluator failing every network of depth 4 in all five stages (test/fixtures/evaluators/
 * good.mjs, 300 evaluations, MAdds 250-700 M), 87 of 232 Thompson picks failed. This is a logistic regression of
 * "the evaluation failed" on the accuracy model's features (one per layer choice of a slot, one per stage depth:
 * slotLinearModel.ts) and the network's log cost, fitted by Newton's method with a ridge prior to everything
 * measured and everything that failed. With few failures the intercept keeps every probability low; a pattern
 * shared by many failures and few successes stands out. There, 20 of 232 failed.
 */

/**
 * A pick the model gives at least these odds of failing is not sent. Low odds already: a pick sent a gene away
 * costs a little value, a failed one a whole evaluation (on the evaluator above 0.5 left 34 failures, 0.2 20).
 */
export const FAILURE_SKIP_PROBABILITY = 0.2;
/** Failures needed before a pattern is looked for (one failure says nothing about others). */
export const MIN_FAILURES_MODELLED = 2;
const NEWTON_STEPS = 25;
const RIDGE = 1;
// The layer weights, then the intercept and the weight of the (log) cost.
const INTERCEPT = SLOT_MODEL_WEIGHTS;
const SIZE = SLOT_MODEL_WEIGHTS + 1;
const DIM = SLOT_MODEL_WEIGHTS + 2;

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export class FailureModel {
  private constructor(
    private readonly weights: Float64Array,
    private readonly cost: (arch: Arch) => number,
    private readonly centre: number,
  ) {}

  /**
   * The model of `failed` against `succeeded`, or undefined with fewer than MIN_FAILURES_MODELLED failures. `cost`
   * (exact, free) is a feature of its own: running out of memory or time follows the size of the network.
   */
  static fit(succeeded: readonly Arch[], failed: readonly Arch[], cost: (arch: Arch) => number): FailureModel | undefined {
    if (failed.length < MIN_FAILURES_MODELLED) return undefined;
    const all = [...succeeded, ...failed];
    const logCosts = all.map((a) => Math.log(cost(a)));
    const centre = logCosts.reduce((x, y) => x + y, 0) / logCosts.length;
    const rows = all.map((a) => activeWeights(a));
    const sizes = logCosts.map((c) => c - centre);
    const labels = all.map((_, r) => (r < succeeded.length ? 0 : 1));
    const w = new Float64Array(DIM);
    const logit = (r: number): number => rows[r].reduce((z, i) => z + w[i], w[INTERCEPT] + w[SIZE] * sizes[r]);
    for (let step = 0; step < NEWTON_STEPS; step++) {
      const gradient = new Float64Array(DIM);
      const hessian = new Float64Array(DIM * DIM);
      rows.forEach((active, r) => {
        const p = sigmoid(logit(r));
        const curvature = Math.max(p * (1 - p), 1e-9);
        // The layer features (0 or 1), the intercept (1) and the size (centred log cost).
        const on = [...active.map((i) => [i, 1] as const), [INTERCEPT, 1] as const, [SIZE, sizes[r]] as const];
        for (const [i, xi] of on) {
          gradient[i] += (p - labels[r]) * xi;
          for (const [j, xj] of on) hessian[i * DIM + j] += curvature * xi * xj;
        }
      });
      // The ridge pulls the layer weights to 0 (no pattern), barely the intercept (the base rate) and the size.
      for (let i = 0; i < DIM; i++) {
        const ridge = i === INTERCEPT ? 1e-6 : i === SIZE ? 1e-3 : RIDGE;
        gradient[i] += ridge * w[i];
        hessian[i * DIM + i] += ridge;
      }
      const factor = choleskyFactor(hessian, DIM);
      const change = backSolve(factor, forwardSolve(factor, gradient, DIM), DIM);
      let largest = 0;
      for (let i = 0; i < DIM; i++) {
        w[i] -= change[i];
        largest = Math.max(largest, Math.abs(change[i]));
      }
      if (largest < 1e-6) break;
    }
    return new FailureModel(w, cost, centre);
  }

  /** The modelled probability that the source fails on `arch`. */
  probability(arch: Arch): number {
    const size = Math.log(this.cost(arch)) - this.centre;
    return sigmoid(activeWeights(arch).reduce((z, i) => z + this.weights[i], this.weights[INTERCEPT] + this.weights[SIZE] * size));
  }

  likelyToFail(arch: Arch): boolean {
    return this.probability(arch) >= FAILURE_SKIP_PROBABILITY;
  }
}

/**
 * Instead of a pick the source will likely fail on, the network one or two gene changes from it
 * (`neighboursWithin`) that fits the budget, is not taken, is not likely to fail and is `rated` highest (the
 * pick's draw plus the pair model); undefined when there is none.
 */
export function awayFromFailure(pick: Arch, failure: FailureModel, rated: (a: Arch) => number, table: AdditiveCost, budget: number,
  taken: (key: string) => boolean): Arch | undefined {
  let best: Arch | undefined;
  let bestValue = -Infinity;
  for (const { arch } of neighboursWithin(pick, budget, { costOf: (a) => additiveCostOf(table, a) })) {
    if (taken(archKey(arch)) || failure.likelyToFail(arch)) continue;
    const value = rated(arch);
    if (value > bestValue) {
      best = arch;
      bestValue = value;
    }
  }
  return best;
}
