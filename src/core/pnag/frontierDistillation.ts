import * as tf from '@tensorflow/tfjs-core';
import { budgetPosition, roundBudgets } from './budgets';
import { type FrontierPoint, bestMeasuredWithin, measuredFrontier } from './frontierMemory';
import type { PolicySample } from './generator';
import type { PnagModel } from './model';
import type { ArchSamples } from './samples';
import { TOKEN_STEPS, activeFlags, archToTokens } from './tokens';
import { throwIfCancelled, yieldToEventLoop } from './trainingLoop';

export interface DistillationSettings {
  /** Supervised steps (0 = none). */
  readonly steps: number;
  /**
   * Budgets spread in log-cost over the trained range whose best measured network f(B) is taught, besides every
   * step of the measured frontier (`distillationBudgets`).
   */
  readonly budgets: number;
  readonly learningRate: number;
}

export const DEFAULT_DISTILLATION: DistillationSettings = { steps: 0, budgets: 48, learningRate: 1e-2 };

/**
 * Teaches f(B) the measured frontier. With a few hundred evaluations R ranks well inside what it has seen and
 * underrates what it has not, so REINFORCE against R alone leaves the generator short of the large networks
 * the rounds measured (it stopped at ~486 M on the MAdds task). A few supervised steps raise the probability
 * of the best measured network within each of many budgets, conditioned on that budget's (interpolated)
 * embedding, so the generator alone — no memory, no queries — answers close to the measured frontier.
 */
export async function distillFrontier(model: PnagModel, measured: ArchSamples, settings: DistillationSettings,
  signal?: AbortSignal): Promise<{ pairs: number; loss: number }> {
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
  if (archs.length === 0 || settings.steps <= 0) return { pairs: archs.length, loss: Number.NaN };
  const n = archs.length;
  const tokens = new Int32Array(n * TOKEN_STEPS);
  const active = new Uint8Array(n * TOKEN_STEPS);
  archs.forEach((arch, r) => {
    archToTokens(arch, tokens, r * TOKEN_STEPS);
    activeFlags(tokens, r * TOKEN_STEPS, active, r * TOKEN_STEPS);
  });
  const sample: PolicySample = { count: n, tokens, active, archs };
  const k = budgets.length;
  const rows = new Float32Array(n * k);
  conditions.forEach((c, r) => rows.set(c, r * k));
  const conditionTensor = tf.tensor2d(rows, [n, k]);
  const optimizer = tf.train.adam(settings.learningRate);
  let loss = Number.NaN;
  try {
    for (let step = 0; step < settings.steps; step++) {
      throwIfCancelled(signal);
      const value = tf.tidy(() => {
        const negativeLogLikelihood = (): tf.Scalar => tf.neg(tf.mean(model.policy.terms(conditionTensor, sample).logProb)) as tf.Scalar;
        const cost = optimizer.minimize(negativeLogLikelihood, true, model.policy.variables());
        return cost ?? tf.scalar(Number.NaN);
      });
      loss = (await value.data())[0];
      value.dispose();
      await yieldToEventLoop();
    }
  } finally {
    optimizer.dispose();
    conditionTensor.dispose();
  }
  return { pairs: n, loss };
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
