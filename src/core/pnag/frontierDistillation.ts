import * as tf from '@tensorflow/tfjs-core';
import { budgetPosition, roundBudgets } from './budgets';
import { type FrontierPoint, bestMeasuredWithin, measuredFrontier } from './frontierMemory';
import type { PolicySample } from './generator';
import type { PnagModel } from './model';
import type { ArchSamples } from './samples';
import { archKey } from '../space/arch';
import { EpochBatches, rowsOf, rowsOfConditions } from './epochBatches';
import { TOKEN_STEPS, activeFlags, archToTokens } from './tokens';
import { cosineFall, setLearningRate, throwIfCancelled, yieldToEventLoop } from './trainingLoop';

export interface DistillationSettings {
  /** Most supervised steps (0 = none). */
  readonly steps: number;
  /**
   * Most passes over the taught budgets: a small measured frontier (a few hundred evaluations) is learnt in fewer
   * steps than `steps`, and the learning rate's fall follows whichever limit is lower.
   */
  readonly epochs: number;
  /**
   * Stop once f(B)'s greedy decoding spells the taught network at this share of the taught budgets (checked every
   * `DISTILLATION_CHECK_EVERY` steps; above 1 = run every step). Whether or not it stops early, f(B) keeps the
   * weights of the check that reproduced most.
   */
  readonly reproduce: number;
  /**
   * Budgets spread in log-cost over the trained range whose best measured network f(B) is taught, besides every
   * step of the measured frontier (`distillationBudgets`).
   */
  readonly budgets: number;
  /**
   * Taught budgets per step, drawn without replacement epoch by epoch (0 or more than taught = all of them). A step's
   * time grows with its rows (590 ms for 271, 121 ms for 64: wasm, two processes on two cores), and small batches
   * learnt more per second (docs/evaluation-budget.md, session 22).
   */
  readonly batch: number;
  readonly learningRate: number;
  /** The learning rate falls along a half cosine to `learningRate × finalRate` at the last step (1 = constant). */
  readonly finalRate: number;
}

export const DEFAULT_DISTILLATION: DistillationSettings = {
  steps: 0, epochs: Number.POSITIVE_INFINITY, reproduce: 2, budgets: 48, batch: 0, learningRate: 1e-2, finalRate: 1,
};

/** Steps between two checks of what f(B)'s greedy decoding reproduces (a check costs about one step). */
export const DISTILLATION_CHECK_EVERY = 25;

export interface DistillationResult {
  /** Budgets taught, with their best measured network. */
  readonly pairs: number;
  readonly steps: number;
  /** Taught budgets at which f(B)'s greedy decoding spells the taught network, with the weights kept. */
  readonly reproduced: number;
  readonly loss: number;
}

/**
 * Teaches f(B) the measured frontier. With a few hundred evaluations R ranks well inside what it has seen and
 * underrates what it has not, so REINFORCE against R alone leaves the generator short of the large networks
 * the rounds measured (it stopped at ~486 M on the MAdds task). Supervised steps raise the probability of the
 * best measured network within each of many budgets, conditioned on that budget's (interpolated) embedding, so
 * the generator alone — no memory, no queries — answers close to the measured frontier. Whether it does is
 * checked for free (greedy decoding, no evaluation), which decides when to stop and which weights to keep.
 */
export async function distillFrontier(model: PnagModel, measured: ArchSamples, settings: DistillationSettings,
  signal?: AbortSignal, onCheck?: (check: DistillationResult) => void): Promise<DistillationResult> {
  const frontier = measuredFrontier(measured);
  const budgets = model.budgets;
  const archs = [];
  const conditions: Float32Array[] = [];
  for (const budget of distillationBudgets(frontier, budgets[0], budgets[budgets.length - 1], settings.budgets)) {
    const best = bestMeasuredWithin(frontier, budget);
    if (!best) continue;
    archs.push(best.arch);
    conditions.push(budgetPosition(budget, budgets).weights);
  }
  const n = archs.length;
  if (n === 0 || settings.steps <= 0) return { pairs: n, steps: 0, reproduced: 0, loss: Number.NaN };
  const tokens = new Int32Array(n * TOKEN_STEPS);
  const active = new Uint8Array(n * TOKEN_STEPS);
  archs.forEach((arch, r) => {
    archToTokens(arch, tokens, r * TOKEN_STEPS);
    activeFlags(tokens, r * TOKEN_STEPS, active, r * TOKEN_STEPS);
  });
  const taughtKeys = archs.map(archKey);
  const k = budgets.length;
  const rows = new Float32Array(n * k);
  conditions.forEach((c, r) => rows.set(c, r * k));
  const reproducedNow = (): number =>
    model.policy.sample(rows, n, 'greedy').archs.reduce((count, a, r) => count + (archKey(a) === taughtKeys[r] ? 1 : 0), 0);
  const batchSize = settings.batch > 0 ? Math.min(settings.batch, n) : n;
  const batches = new EpochBatches(n, batchSize);
  const lastStep = Math.min(settings.steps, settings.epochs * Math.ceil(n / batchSize));
  const optimizer = tf.train.adam(settings.learningRate);
  const variables = model.policy.variables();
  // The loss is not monotone at this learning rate (a step can undo a hundred), so the best check's weights are kept.
  let best: { weights: tf.Tensor[]; result: DistillationResult } | undefined;
  let loss = Number.NaN;
  let step = 0;
  try {
    while (step < lastStep) {
      throwIfCancelled(signal);
      setLearningRate(optimizer, settings.learningRate * cosineFall(step / lastStep, settings.finalRate));
      const picked = batches.next();
      const sample = rowsOf(picked, tokens, active, archs);
      const value = tf.tidy(() => {
        const conditionTensor = tf.tensor2d(rowsOfConditions(picked, rows, k), [picked.length, k]);
        const negativeLogLikelihood = (): tf.Scalar => tf.neg(tf.mean(model.policy.terms(conditionTensor, sample).logProb)) as tf.Scalar;
        const cost = optimizer.minimize(negativeLogLikelihood, true, variables);
        return cost ?? tf.scalar(Number.NaN);
      });
      loss = (await value.data())[0];
      value.dispose();
      step++;
      if (step % DISTILLATION_CHECK_EVERY === 0 || step === lastStep) {
        const result = { pairs: n, steps: step, reproduced: reproducedNow(), loss };
        onCheck?.(result);
        if (!best || result.reproduced >= best.result.reproduced) {
          best?.weights.forEach((w) => w.dispose());
          best = { weights: variables.map((v) => tf.clone(v)), result };
        }
        if (result.reproduced >= settings.reproduce * n) break;
      }
      await yieldToEventLoop();
    }
    const kept = best;
    if (kept && kept.result.steps !== step) variables.forEach((v, i) => v.assign(kept.weights[i]));
    return kept?.result ?? { pairs: n, steps: step, reproduced: reproducedNow(), loss };
  } finally {
    best?.weights.forEach((w) => w.dispose());
    optimizer.dispose();
  }
}

/**
 * Where f(B) is taught the measured frontier: `count` budgets evenly spaced in log-cost over [low, high] (those of
 * a single round), and each step of the measured staircase within the range — a frontier network's own cost and
 * the midpoint to the next one — so that no step falls between two spread budgets. With the spread budgets
 * alone the greedy decoding sometimes answered a budget with a network far below it (tuning seeds 12–15:
 * docs/evaluation-budget.md); the steps alone, without the spread, were worse.
 */
export function distillationBudgets(frontier: readonly FrontierPoint[], low: number, high: number, count: number): number[] {
  const steps: number[] = [];
  frontier.forEach((point, i) => {
    const next = i + 1 < frontier.length ? frontier[i + 1].cost : high;
    for (const budget of [point.cost, (point.cost + next) / 2]) if (budget >= low && budget <= high) steps.push(budget);
  });
  return [...roundBudgets(low, high, count, 0, 1), ...steps];
}
