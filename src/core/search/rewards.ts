/**
 * Rewards for per-budget reinforcement-learning baselines. Accuracy is top-1 in percent; cost and
 * budget in the cost model's unit.
 */
export type RewardKind = 'mnasnet' | 'tunas';
export const REWARD_KINDS: readonly RewardKind[] = ['mnasnet', 'tunas'];

/** MnasNet's soft-constraint reward acc * (c/B)^w (Tan et al. 2019), w = -0.07: PNAG's "NAS-MO" baseline. */
export function mnasnetReward(accuracy: number, cost: number, budget: number, w = -0.07): number {
  return accuracy * Math.pow(cost / budget, w);
}

/** TuNAS's absolute reward Q + beta*|c/B - 1| (Bender et al. 2020), Q the accuracy as a fraction, beta < 0. */
export function tunasReward(accuracy: number, cost: number, budget: number, beta = -0.07): number {
  return accuracy / 100 + beta * Math.abs(cost / budget - 1);
}

export interface RewardParameters {
  /** MnasNet exponent. */
  readonly w?: number;
  /** TuNAS penalty weight. */
  readonly beta?: number;
}

export function rewardOf(kind: RewardKind, accuracy: number, cost: number, budget: number, params: RewardParameters = {}): number {
  return kind === 'mnasnet' ? mnasnetReward(accuracy, cost, budget, params.w) : tunasReward(accuracy, cost, budget, params.beta);
}
