import type { PnagModel } from './model';
import type { RewardFunction } from './reinforce';
import { archFeatures } from './samples';

/** The generator's reward: R of each sampled architecture at the training budget it was sampled under. */
export function evaluatorReward(model: PnagModel): RewardFunction {
  const k = model.budgets.length;
  return (sample, groups) => {
    const rows = new Float32Array(sample.count * k);
    groups.forEach((g, r) => (rows[r * k + g] = 1));
    return model.evaluator.scoreFeatures(archFeatures(sample.archs), rows);
  };
}
