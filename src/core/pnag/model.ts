import type { CostModel, CostUnit } from '../cost/costModel';
import { Random } from '../util/random';
import { DEFAULT_EVALUATOR_HIDDEN, ParetoEvaluator } from './evaluator';
import { DEFAULT_EVALUATOR_TRAINING, type EvaluatorReport, type EvaluatorTrainingOptions } from './evaluatorTraining';
import type { FrontierPoint } from './frontierMemory';
import type { FrontierRoundsReport } from './frontierRounds';
import { DEFAULT_GENERATOR_HIDDEN, LstmPolicy } from './generator';
import { DEFAULT_REINFORCE, type ReinforceOptions, type ReinforceReport } from './reinforce';

/** What a checkpoint records about the cost model it was trained with. */
export interface CostModelInfo {
  readonly name: string;
  readonly unit: CostUnit;
  readonly metric: string;
  readonly exact: boolean;
}

export function costModelInfo(model: CostModel | CostModelInfo): CostModelInfo {
  return { name: model.name, unit: model.unit, metric: model.metric, exact: model.exact };
}

export interface PnagConfig {
  readonly evaluatorHidden: number;
  readonly generatorHidden: number;
  readonly evaluator: EvaluatorTrainingOptions;
  readonly generator: ReinforceOptions;
}

export const DEFAULT_PNAG_CONFIG: PnagConfig = {
  evaluatorHidden: DEFAULT_EVALUATOR_HIDDEN,
  generatorHidden: DEFAULT_GENERATOR_HIDDEN,
  evaluator: DEFAULT_EVALUATOR_TRAINING,
  generator: DEFAULT_REINFORCE,
};

export interface PnagTrainReport {
  readonly evaluator: EvaluatorReport;
  readonly generator: ReinforceReport;
  readonly seconds: number;
  readonly archiveSize: number;
  /** Present when frontier rounds ran: their queries come on top of `archiveSize`. */
  readonly frontierRounds?: FrontierRoundsReport;
}

export interface PnagModelInfo {
  readonly accuracySource: string;
  readonly costModel: CostModelInfo;
  /** Training budgets, ascending, in the cost model's unit. */
  readonly budgets: readonly number[];
  readonly seed: number;
  readonly config: PnagConfig;
  readonly report?: PnagTrainReport;
  /**
   * Frontier memory: the measured non-dominated (cost, accuracy) set of the training data, by cost
   * ascending. Generation never returns an architecture worse than the best of it within the budget.
   * Absent in checkpoints written before it existed.
   */
  readonly frontier?: readonly FrontierPoint[];
}

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

  withReport(report: PnagTrainReport, frontier?: readonly FrontierPoint[]): PnagModel {
    return new PnagModel({ ...this.info, report, ...(frontier ? { frontier } : {}) }, this.evaluator, this.policy);
  }

  dispose(): void {
    this.evaluator.dispose();
    this.policy.dispose();
  }
}
