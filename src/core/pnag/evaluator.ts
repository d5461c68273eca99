import { tf } from '../tf/backend';
import { DenseLayer } from '../tf/dense';
import type { Random } from '../util/random';
import type { Arch } from '../space/arch';
import { PNAG_FEATURE_LENGTH } from '../space/features';
import { archFeatures } from './samples';
import { VariableSet } from './variableSet';

export const DEFAULT_EVALUATOR_HIDDEN = 512;

/**
 * R(a | B): an MLP of three dense layers over PNAG's 120 architecture features concatenated with K budget
 * weights (a one-hot of the training budget, or two interpolation weights between neighbours). Higher
 * scores mean "better under B" by the Pareto-dominance rule; the scale is arbitrary.
 */
export class ParetoEvaluator {
  readonly vars = new VariableSet();
  private readonly layers: [DenseLayer, DenseLayer, DenseLayer];

  constructor(
    readonly budgetCount: number,
    readonly hidden: number,
    rng: Random,
  ) {
    const input = PNAG_FEATURE_LENGTH + budgetCount;
    this.layers = [
      new DenseLayer(this.vars.name('evaluator/dense1'), input, hidden, rng),
      new DenseLayer(this.vars.name('evaluator/dense2'), hidden, hidden, rng),
      new DenseLayer(this.vars.name('evaluator/dense3'), hidden, 1, rng),
    ];
    for (const layer of this.layers) this.vars.add(...layer.variables());
  }

  /** Scores of rows `[features | budget weights]`, shape [n, 120 + K] -> [n], differentiable. */
  forward(inputs: tf.Tensor2D): tf.Tensor1D {
    return this.run(inputs, (layer, x) => layer.apply(x));
  }

  private run(inputs: tf.Tensor2D, dense: (layer: DenseLayer, x: tf.Tensor2D) => tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const h1 = tf.relu(dense(this.layers[0], inputs));
      const h2 = tf.relu(dense(this.layers[1], h1));
      return tf.reshape(dense(this.layers[2], h2), [-1]) as tf.Tensor1D;
    });
  }

  /** Scores of feature rows (n x 120) under one budget-weight vector (K) or one per row (n x K). */
  scoreFeatures(features: Float32Array, budgetWeights: Float32Array): Float32Array {
    const n = features.length / PNAG_FEATURE_LENGTH;
    const k = this.budgetCount;
    const inputs = new Float32Array(n * (PNAG_FEATURE_LENGTH + k));
    const perRow = budgetWeights.length === n * k && n > 1;
    for (let i = 0; i < n; i++) {
      const row = i * (PNAG_FEATURE_LENGTH + k);
      inputs.set(features.subarray(i * PNAG_FEATURE_LENGTH, (i + 1) * PNAG_FEATURE_LENGTH), row);
      inputs.set(perRow ? budgetWeights.subarray(i * k, (i + 1) * k) : budgetWeights, row + PNAG_FEATURE_LENGTH);
    }
    // The same matMul and add kernels as `forward`, so the same scores, without the custom-gradient wrapper
    // (inference only; it costs ~6 us a call, and generation scores ~7 times).
    const plainDense = (layer: DenseLayer, x: tf.Tensor2D): tf.Tensor2D => tf.add(tf.matMul(x, layer.weight), layer.bias);
    return tf.tidy(() => this.run(tf.tensor2d(inputs, [n, PNAG_FEATURE_LENGTH + k]), plainDense).dataSync() as Float32Array).slice();
  }

  score(archs: readonly Arch[], budgetWeights: Float32Array): Float32Array {
    if (archs.length === 0) return new Float32Array(0);
    return this.scoreFeatures(archFeatures(archs), budgetWeights);
  }

  variables(): tf.Variable[] {
    return this.vars.variables();
  }

  dispose(): void {
    this.vars.dispose();
  }
}
