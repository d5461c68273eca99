import { LAYER_CHOICES, depthChoiceOf, layerChoiceOf } from '../cost/additiveCost';
import type { Arch } from '../space/arch';
import { DEPTH_CHOICES, MAX_DEPTH, STAGE_COUNT, slotIndex } from '../space/searchSpace';
import { backSolve, choleskyFactor, forwardSolve } from '../util/cholesky';
import type { Random } from '../util/random';
import type { ArchSamples } from './samples';

/**
 * Accuracy as a sum of per-layer terms: one weight per (slot, kernel x ratio) of a present layer and one per
 * (stage, depth), fitted by Bayesian ridge regression. On OFA's predictor such a sum leaves a residual of about
 * 0.15 point after a few hundred networks (bench/additiveKnapsack.ts), and because the cost models are sums of
 * per-layer terms too, its best network within a budget is found exactly (knapsackArch.ts). Its posterior gives
 * Thompson draws: weights drawn from it, each draw's best network is a proposal.
 */

const LAYER_WEIGHTS = STAGE_COUNT * MAX_DEPTH * LAYER_CHOICES.length;
const DEPTH_WEIGHTS = STAGE_COUNT * DEPTH_CHOICES.length;
/** Weights of the model: one per (slot, kernel x ratio) and one per (stage, depth). */
export const SLOT_MODEL_WEIGHTS = LAYER_WEIGHTS + DEPTH_WEIGHTS;
const DIM = SLOT_MODEL_WEIGHTS;

/** The posterior mean alone: what a checkpoint stores to predict with (accuracyModel.ts). */
export interface SlotWeights {
  readonly intercept: number;
  /** SLOT_MODEL_WEIGHTS values, in the order `activeWeights` indexes. */
  readonly weights: ArrayLike<number>;
}

/** A network's accuracy under a point estimate of the per-layer model. */
export function predictWithWeights(point: SlotWeights, arch: Arch): number {
  return activeWeights(arch).reduce((sum, i) => sum + point.weights[i], point.intercept);
}

/** Per-layer values the knapsack maximises: [stage][layer][choice] and [stage][depth choice], plus a constant. */
export interface SlotValues {
  readonly layer: (s: number, i: number, choice: number) => number;
  readonly depth: (s: number, depthChoice: number) => number;
  readonly constant: number;
}

/** A network's value under per-layer values: the sum the knapsack maximises. */
export function slotValueOf(values: SlotValues, arch: Arch): number {
  let value = values.constant;
  for (let s = 0; s < STAGE_COUNT; s++) {
    value += values.depth(s, depthChoiceOf(arch.depths[s]));
    for (let i = 0; i < arch.depths[s]; i++) {
      const slot = slotIndex(s, i);
      value += values.layer(s, i, layerChoiceOf(arch.kernels[slot], arch.expands[slot]));
    }
  }
  return value;
}

/** The sum of two sets of per-layer values (a model and a correction to it). */
export function addedValues(a: SlotValues, b: SlotValues): SlotValues {
  return {
    layer: (s, i, choice) => a.layer(s, i, choice) + b.layer(s, i, choice),
    depth: (s, d) => a.depth(s, d) + b.depth(s, d),
    constant: a.constant + b.constant,
  };
}

/** Indices of the weights a network switches on (every feature is 0 or 1). */
export function activeWeights(arch: Arch): number[] {
  const on: number[] = [];
  for (let s = 0; s < STAGE_COUNT; s++) {
    for (let i = 0; i < arch.depths[s]; i++) {
      const slot = slotIndex(s, i);
      on.push(slot * LAYER_CHOICES.length + layerChoiceOf(arch.kernels[slot], arch.expands[slot]));
    }
    on.push(LAYER_WEIGHTS + s * DEPTH_CHOICES.length + depthChoiceOf(arch.depths[s]));
  }
  return on;
}

function valuesOf(weights: Float64Array, constant: number): SlotValues {
  return {
    layer: (s, i, choice) => weights[slotIndex(s, i) * LAYER_CHOICES.length + choice],
    depth: (s, d) => weights[LAYER_WEIGHTS + s * DEPTH_CHOICES.length + d],
    constant,
  };
}

export class SlotLinearModel {
  private constructor(
    private readonly mean: Float64Array,
    /** Lower Cholesky factor of the posterior precision (X'X + lambda I), row-major DIM x DIM. */
    private readonly precisionFactor: Float64Array,
    private readonly intercept: number,
    /** Residual standard deviation of the fit, the posterior's noise scale. */
    readonly residual: number,
  ) {}

  /**
   * Fitted to measured accuracies (centred; `lambda` is the ridge on the per-layer weights). `weights`, when
   * given, weigh each network's squared error (fits around a budget, budgetLocalFit.ts); the residual's degrees
   * of freedom then count the effective number of networks, (sum w)^2 / sum w^2.
   */
  static fit(data: ArchSamples, lambda = 1, weights?: readonly number[]): SlotLinearModel {
    const n0 = data.archs.length;
    if (n0 === 0) throw new Error('slot linear model: no measured networks to fit');
    const w = (r: number): number => (weights ? weights[r] : 1);
    const totalWeight = weights ? weights.reduce((x, y) => x + y, 0) : n0;
    const n = weights ? totalWeight ** 2 / weights.reduce((x, y) => x + y * y, 0) : n0;
    const intercept = data.accuracies.reduce((acc, y, r) => acc + w(r) * y, 0) / totalWeight;
    const a = new Float64Array(DIM * DIM);
    const b = new Float64Array(DIM);
    const rows = data.archs.map(activeWeights);
    rows.forEach((on, r) => {
      const y = data.accuracies[r] - intercept;
      const wr = w(r);
      for (const i of on) {
        b[i] += wr * y;
        for (const j of on) a[i * DIM + j] += wr;
      }
    });
    for (let i = 0; i < DIM; i++) a[i * DIM + i] += lambda;
    const factor = choleskyFactor(a, DIM);
    const mean = backSolve(factor, forwardSolve(factor, b, DIM), DIM);
    let squares = 0;
    rows.forEach((on, r) => {
      const predicted = on.reduce((sum, i) => sum + mean[i], intercept);
      squares += w(r) * (data.accuracies[r] - predicted) ** 2;
    });
    squares *= n / totalWeight;
    // With fewer networks than weights the fit absorbs most of the noise: divide by the residual degrees of
    // freedom (n less the ridge fit's effective parameters, DIM - lambda trace(A^-1)), not by n.
    const effective = DIM - lambda * inverseTrace(factor);
    return new SlotLinearModel(mean, factor, intercept, Math.sqrt(squares / Math.max(1, n - 1 - effective)));
  }

  predict(arch: Arch): number {
    return predictWithWeights(this.pointEstimate(), arch);
  }

  /** The posterior mean and the intercept. */
  pointEstimate(): SlotWeights {
    return { intercept: this.intercept, weights: this.mean };
  }

  /** The posterior mean's per-layer values. */
  meanValues(): SlotValues {
    return valuesOf(this.mean, this.intercept);
  }

  /**
   * Per-layer values drawn from the posterior N(mean, (scale x residual)^2 (X'X + lambda I)^-1): a scale below
   * 1 explores less than the posterior says (0.25 chosen on the tuning budgets, docs/evaluation-budget.md).
   */
  draw(rng: Random, scale: number): SlotValues {
    const noise = Float64Array.from({ length: DIM }, () => rng.normal());
    const offset = backSolve(this.precisionFactor, noise, DIM);
    const weights = this.mean.map((m, i) => m + scale * this.residual * offset[i]);
    return valuesOf(weights, this.intercept);
  }
}

/** trace(A^-1) = the squared Frobenius norm of L^-1, column by column. */
function inverseTrace(l: Float64Array): number {
  let trace = 0;
  const unit = new Float64Array(DIM);
  for (let j = 0; j < DIM; j++) {
    unit.fill(0);
    unit[j] = 1;
    const column = forwardSolve(l, unit, DIM);
    for (let i = j; i < DIM; i++) trace += column[i] ** 2;
  }
  return trace;
}
