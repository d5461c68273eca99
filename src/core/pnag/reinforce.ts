import { tf } from '../tf/backend';
import type { Random } from '../util/random';
import type { LstmPolicy, PolicySample } from './generator';
import type { TrainingHooks } from './evaluatorTraining';
import { setLearningRate, throwIfCancelled, yieldToEventLoop } from './trainingLoop';

export interface ReinforceOptions {
  readonly steps: number;
  /** Architectures sampled per condition (budget) per step; a step's batch is this times the condition count. */
  readonly samplesPerCondition: number;
  readonly learningRate: number;
  /** Entropy bonus weight, decayed linearly from start to end over the run. */
  readonly entropyStart: number;
  readonly entropyEnd: number;
  /** Decay of the per-condition moving-average baseline. */
  readonly baselineDecay: number;
}

export const DEFAULT_REINFORCE: ReinforceOptions = {
  steps: 300,
  samplesPerCondition: 8,
  learningRate: 5e-3,
  entropyStart: 0.02,
  entropyEnd: 0,
  baselineDecay: 0.9,
};

export interface ReinforceProgress {
  readonly step: number;
  readonly steps: number;
  /** Mean raw reward of this step's batch. */
  readonly reward: number;
  /** Mean summed entropy of the active tokens, nats (uniform: 38.45). */
  readonly entropy: number;
  readonly etaSeconds: number;
}

export interface ReinforceReport {
  readonly steps: number;
  readonly firstReward: number;
  readonly finalReward: number;
  readonly firstEntropy: number;
  readonly finalEntropy: number;
  readonly seconds: number;
}

/** Rewards of a sampled batch; `groups[r]` is the condition index row r was sampled under. */
export type RewardFunction = (sample: PolicySample, groups: Int32Array) => Promise<Float32Array> | Float32Array;

export interface ReinforceHooks extends TrainingHooks<ReinforceProgress> {
  /** Called after every step, e.g. to write a checkpoint now and then. */
  readonly afterStep?: (step: number) => Promise<void> | void;
  /** Ends the run early (e.g. when a query budget is spent); checked before every step. */
  readonly shouldStop?: () => boolean;
}

/**
 * REINFORCE over batches sampled under every condition: advantages are rewards minus a per-condition
 * moving-average baseline, divided by the batch's per-condition spread, so each budget's reward scale
 * matters not; plus a decaying entropy bonus.
 */
export async function trainPolicy(
  policy: LstmPolicy,
  conditions: readonly Float32Array[],
  reward: RewardFunction,
  options: ReinforceOptions,
  rng: Random,
  hooks: ReinforceHooks = {},
): Promise<ReinforceReport> {
  const started = Date.now();
  const groupsCount = conditions.length;
  const m = options.samplesPerCondition;
  const n = groupsCount * m;
  const k = policy.budgetCount;
  const rows = new Float32Array(n * k);
  const groups = new Int32Array(n);
  for (let g = 0; g < groupsCount; g++) {
    for (let j = 0; j < m; j++) {
      rows.set(conditions[g], (g * m + j) * k);
      groups[g * m + j] = g;
    }
  }
  const baselines = new Float64Array(groupsCount).fill(NaN);
  const optimizer = tf.train.adam(options.learningRate);
  const conditionTensor = tf.tensor2d(rows, [n, k]);
  let firstReward = NaN;
  let firstEntropy = NaN;
  let lastReward = NaN;
  let lastEntropy = NaN;
  let step = 0;
  try {
    for (; step < options.steps && !hooks.shouldStop?.(); step++) {
      throwIfCancelled(hooks.signal);
      const progress = options.steps > 1 ? step / (options.steps - 1) : 1;
      setLearningRate(optimizer, options.learningRate * (0.2 + 0.8 * (1 - progress)));
      const beta = options.entropyStart + (options.entropyEnd - options.entropyStart) * progress;
      const sample = policy.sample(rows, n, rng);
      const rewards = await reward(sample, groups);
      const advantages = advantagesOf(rewards, groups, groupsCount, baselines, options.baselineDecay);
      const entropyTensor = tf.tidy(() => {
        const adv = tf.tensor1d(advantages);
        let meanEntropy: tf.Scalar | undefined;
        optimizer.minimize(() => {
          const { logProb, entropy } = policy.terms(conditionTensor, sample);
          meanEntropy = tf.keep(tf.mean(entropy) as tf.Scalar);
          return tf.sub(tf.neg(tf.mean(tf.mul(adv, logProb))), tf.mul(beta, tf.mean(entropy))) as tf.Scalar;
        }, false, policy.variables());
        return meanEntropy as tf.Scalar;
      });
      lastEntropy = (await entropyTensor.data())[0];
      entropyTensor.dispose();
      lastReward = rewards.reduce((a, b) => a + b, 0) / n;
      if (step === 0) {
        firstReward = lastReward;
        firstEntropy = lastEntropy;
      }
      const elapsed = (Date.now() - started) / 1000;
      hooks.onProgress?.({
        step: step + 1,
        steps: options.steps,
        reward: lastReward,
        entropy: lastEntropy,
        etaSeconds: (elapsed / (step + 1)) * (options.steps - step - 1),
      });
      await hooks.afterStep?.(step + 1);
      await yieldToEventLoop();
    }
  } finally {
    optimizer.dispose();
    conditionTensor.dispose();
  }
  return {
    steps: step,
    firstReward,
    finalReward: lastReward,
    firstEntropy,
    finalEntropy: lastEntropy,
    seconds: (Date.now() - started) / 1000,
  };
}

/** (r - moving baseline of its condition) / spread of its condition's rewards in this batch. */
export function advantagesOf(
  rewards: Float32Array,
  groups: Int32Array,
  groupsCount: number,
  baselines: Float64Array,
  decay: number,
): Float32Array {
  const sum = new Float64Array(groupsCount);
  const sumSq = new Float64Array(groupsCount);
  const count = new Float64Array(groupsCount);
  rewards.forEach((r, i) => {
    sum[groups[i]] += r;
    sumSq[groups[i]] += r * r;
    count[groups[i]]++;
  });
  const spread = new Float64Array(groupsCount);
  for (let g = 0; g < groupsCount; g++) {
    if (count[g] === 0) continue;
    const mean = sum[g] / count[g];
    spread[g] = Math.sqrt(Math.max(0, sumSq[g] / count[g] - mean * mean));
    baselines[g] = Number.isNaN(baselines[g]) ? mean : decay * baselines[g] + (1 - decay) * mean;
  }
  const out = new Float32Array(rewards.length);
  rewards.forEach((r, i) => {
    const g = groups[i];
    out[i] = spread[g] > 1e-8 ? Math.max(-5, Math.min(5, (r - baselines[g]) / spread[g])) : 0;
  });
  return out;
}
