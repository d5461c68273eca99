import { tf } from '../tf/backend';
import type { Random } from '../util/random';
import { PNAG_FEATURE_LENGTH } from '../space/features';
import { budgetOneHot, budgetPosition } from './budgets';
import { dominanceKendallTau, pairLabels } from './dominance';
import type { ParetoEvaluator } from './evaluator';
import { type ArchSamples, archFeatures } from './samples';
import { setLearningRate, throwIfCancelled, yieldToEventLoop } from './trainingLoop';

export type RankLoss = 'hinge' | 'logistic';
export const RANK_LOSSES: readonly RankLoss[] = ['hinge', 'logistic'];
/** `onehot`: trained on the K budgets only (the reference); `interpolated`: also on budgets between them. */
export type BudgetInput = 'onehot' | 'interpolated';

export interface EvaluatorTrainingOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly loss: RankLoss;
  /** Budgets drawn per batch (at most K); every batch's pairs are labelled at each of them. */
  readonly budgetsPerBatch: number;
  readonly budgetInput: BudgetInput;
  /** Rows held out for the Kendall tau report. */
  readonly validationFraction: number;
  /** At most this many held-out rows enter the tau computation (pairs grow quadratically). */
  readonly validationLimit: number;
}

export const DEFAULT_EVALUATOR_TRAINING: EvaluatorTrainingOptions = {
  epochs: 10,
  batchSize: 256,
  learningRate: 1e-3,
  loss: 'logistic',
  budgetsPerBatch: 4,
  budgetInput: 'onehot',
  validationFraction: 0.1,
  validationLimit: 1000,
};

export interface EvaluatorProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly step: number;
  readonly steps: number;
  readonly loss: number;
  readonly etaSeconds: number;
}

export interface EvaluatorReport {
  readonly trainSize: number;
  readonly validationSize: number;
  /** Kendall tau between R and the dominance labels on the held-out rows, per training budget. */
  readonly tauPerBudget: number[];
  readonly meanTau: number;
  readonly finalLoss: number;
  readonly seconds: number;
}

export interface TrainingHooks<P> {
  readonly onProgress?: (progress: P) => void;
  readonly signal?: AbortSignal;
}

/** Trains R with the pairwise ranking loss on dominance labels; returns held-out Kendall tau per budget. */
export async function trainEvaluator(
  evaluator: ParetoEvaluator,
  budgets: readonly number[],
  data: ArchSamples,
  options: EvaluatorTrainingOptions,
  rng: Random,
  hooks: TrainingHooks<EvaluatorProgress> = {},
): Promise<EvaluatorReport> {
  const started = Date.now();
  const n = data.archs.length;
  const order = rng.shuffled(Array.from({ length: n }, (_, i) => i));
  const heldOut = Math.min(Math.max(options.validationFraction > 0 ? 2 : 0, Math.round(n * options.validationFraction)), n - 2);
  const validation = order.slice(0, heldOut);
  const train = order.slice(heldOut);
  const features = archFeatures(data.archs);
  const k = budgets.length;
  const batch = Math.min(options.batchSize, train.length);
  const perBatch = Math.max(1, Math.min(options.budgetsPerBatch, k));
  const stepsPerEpoch = Math.ceil(train.length / batch);
  const steps = stepsPerEpoch * options.epochs;
  const optimizer = tf.train.adam(options.learningRate);
  const width = PNAG_FEATURE_LENGTH + k;
  let lastLoss = NaN;
  let step = 0;
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const rows = rng.shuffled(train);
      for (let start = 0; start < rows.length; start += batch) {
        throwIfCancelled(hooks.signal);
        // Cosine decay to a tenth: large early steps, then settle.
        setLearningRate(optimizer, options.learningRate * (0.1 + 0.45 * (1 + Math.cos((Math.PI * step) / steps))));
        const idx = rows.slice(start, start + batch);
        if (idx.length < 2) continue;
        const m = idx.length;
        const chosen = rng.shuffled(Array.from({ length: k }, (_, i) => i)).slice(0, perBatch);
        const inputs = new Float32Array(perBatch * m * width);
        const labels = new Float32Array(perBatch * m * m);
        const acc = idx.map((i) => data.accuracies[i]);
        const cost = idx.map((i) => data.costs[i]);
        let labelled = 0;
        chosen.forEach((b, g) => {
          let budget = budgets[b];
          let weights = budgetOneHot(b, k);
          if (options.budgetInput === 'interpolated' && k > 1) {
            budget = budgets[0] + rng.next() * (budgets[k - 1] - budgets[0]);
            weights = budgetPosition(budget, budgets).weights;
          }
          labelled += pairLabels(acc, cost, budget, labels, g * m * m);
          for (let r = 0; r < m; r++) {
            const at = (g * m + r) * width;
            inputs.set(features.subarray(idx[r] * PNAG_FEATURE_LENGTH, (idx[r] + 1) * PNAG_FEATURE_LENGTH), at);
            inputs.set(weights, at + PNAG_FEATURE_LENGTH);
          }
        });
        if (labelled === 0) continue;
        const lossTensor = tf.tidy((): tf.Scalar => {
          const x = tf.tensor2d(inputs, [perBatch * m, width]);
          const y = tf.tensor3d(labels, [perBatch, m, m]);
          const weight = tf.abs(y);
          return optimizer.minimize(() => {
            const s = tf.reshape(evaluator.forward(x), [perBatch, m]);
            const diff = tf.sub(tf.expandDims(s, 2), tf.expandDims(s, 1));
            const z = tf.mul(y, diff);
            const perPair = options.loss === 'hinge' ? tf.relu(tf.sub(1, z)) : tf.softplus(tf.neg(z));
            return tf.div(tf.sum(tf.mul(perPair, weight)), labelled) as tf.Scalar;
          }, true, evaluator.variables()) as tf.Scalar;
        });
        lastLoss = (await lossTensor.data())[0];
        lossTensor.dispose();
        step++;
        const elapsed = (Date.now() - started) / 1000;
        hooks.onProgress?.({ epoch: epoch + 1, epochs: options.epochs, step, steps, loss: lastLoss, etaSeconds: (elapsed / step) * (steps - step) });
        await yieldToEventLoop();
      }
    }
  } finally {
    optimizer.dispose();
  }
  const tauPerBudget = evaluatorTau(evaluator, budgets, data, validation.slice(0, options.validationLimit));
  return {
    trainSize: train.length,
    validationSize: Math.min(validation.length, options.validationLimit),
    tauPerBudget,
    meanTau: tauPerBudget.reduce((a, b) => a + b, 0) / Math.max(1, tauPerBudget.length),
    finalLoss: lastLoss,
    seconds: (Date.now() - started) / 1000,
  };
}

/** Kendall tau of R against the dominance labels at each training budget, over the given rows. */
export function evaluatorTau(
  evaluator: ParetoEvaluator,
  budgets: readonly number[],
  data: ArchSamples,
  rows: readonly number[],
): number[] {
  if (rows.length < 2) return budgets.map(() => NaN);
  const features = archFeatures(rows.map((i) => data.archs[i]));
  const acc = rows.map((i) => data.accuracies[i]);
  const cost = rows.map((i) => data.costs[i]);
  return budgets.map((budget, b) => {
    const scores = evaluator.scoreFeatures(features, budgetOneHot(b, budgets.length));
    return dominanceKendallTau(scores, acc, cost, budget);
  });
}
