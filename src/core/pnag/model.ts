import type { CostModel } from '../cost/costModel';
import { Random } from '../util/random';
import { DEFAULT_EVALUATOR_HIDDEN, ParetoEvaluator } from './evaluator';
import { DEFAULT_EVALUATOR_TRAINING } from './evaluatorTraining';
import type { FrontierPoint } from './frontierMemory';
import type { AccuracyModel } from './accuracyModel';
import { DEFAULT_GENERATOR_HIDDEN, LstmPolicy } from './generator';
import type { CostModelInfo, PnagConfig, PnagModelInfo, PnagTrainReport } from './modelInfo';
import { DEFAULT_REINFORCE } from './reinforce';

export type { CostModelInfo, PnagConfig, PnagModelInfo, PnagTrainReport } from './modelInfo';

export function costModelInfo(model: CostModel | CostModelInfo): CostModelInfo {
  return { name: model.name, unit: model.unit, metric: model.metric, exact: model.exact };
}

export const DEFAULT_PNAG_CONFIG: PnagConfig = {
  evaluatorHidden: DEFAULT_EVALUATOR_HIDDEN,
  generatorHidden: DEFAULT_GENERATOR_HIDDEN,
  evaluator: DEFAULT_EVALUATOR_TRAINING,
  generator: DEFAULT_REINFORCE,
};

/** A trained (or being trained) PNAG: the evaluator R(a|B), the generator f(B) and what they were trained on. */
export class PnagModel {
  constructor(
    readonly info: PnagModelInfo,
    readonly evaluator: ParetoEvaluator,
    readonly policy: LstmPolicy,
  ) {}

  /** Fresh weights drawn from the seed: evaluator first, then generator. */
  static create(info: PnagModelInfo): PnagModel {
    const rng = new Random(info.seed);
    const k = info.budgets.length;
    const evaluator = new ParetoEvaluator(k, info.config.evaluatorHidden, rng.fork());
    const policy = new LstmPolicy(k, info.config.generatorHidden, rng.fork());
    return new PnagModel(info, evaluator, policy);
  }

  get budgets(): readonly number[] {
    return this.info.budgets;
  }

  withReport(report: PnagTrainReport, frontier?: readonly FrontierPoint[], accuracyModel?: AccuracyModel): PnagModel {
    return new PnagModel({ ...this.info, report, ...(frontier ? { frontier } : {}), ...(accuracyModel ? { accuracyModel } : {}) }, this.evaluator, this.policy);
  }

  dispose(): void {
    this.evaluator.dispose();
    this.policy.dispose();
  }
}
