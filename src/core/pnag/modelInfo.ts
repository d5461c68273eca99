// What a PNAG model records about itself (and its checkpoint stores): types only, so the model, the
// frontier rounds and the evaluator reward can all name them without importing one another.
import type { CostUnit } from '../cost/costModel';
import type { EvaluatorReport, EvaluatorTrainingOptions } from './evaluatorTraining';
import type { LocalFitSummary } from './budgetLocalFit';
import type { PairResidualSummary } from './pairResidualModel';
import type { FrontierPoint } from './frontierMemory';
import type { FrontierRise } from './frontierRise';
import type { DistillationResult } from './frontierDistillation';
import type { AccuracyModel } from './accuracyModel';
import type { ReinforceOptions, ReinforceReport } from './reinforce';

/** What a checkpoint records about the cost model it was trained with. */
export interface CostModelInfo {
  readonly name: string;
  readonly unit: CostUnit;
  readonly metric: string;
  readonly exact: boolean;
}

export interface PnagConfig {
  readonly evaluatorHidden: number;
  readonly generatorHidden: number;
  readonly evaluator: EvaluatorTrainingOptions;
  readonly generator: ReinforceOptions;
}

export interface PnagTrainReport {
  readonly evaluator: EvaluatorReport;
  readonly generator: ReinforceReport;
  readonly seconds: number;
  readonly archiveSize: number;
  /** Present when frontier rounds ran: their queries come on top of `archiveSize`. */
  readonly frontierRounds?: FrontierRoundsReport;
}

export interface FrontierRoundsReport {
  readonly rounds: number;
  /** Distinct architectures the source was asked about (failed ones included). */
  readonly queries: number;
  /**
   * Of those, the ones whose evaluation failed: skipped, not added to the training data (absent in older
   * checkpoints).
   */
  readonly failed?: number;
  /** The first failure's message, when there was one. */
  readonly firstFailure?: string;
  /**
   * Of the queries, evaluations the infrastructure lost (a cluster node failed on every attempt): skipped, not kept as
   * failures (they say nothing about the network), so a later run asks them again. With the first one's message.
   */
  readonly lost?: number;
  readonly firstLost?: string;
  /** Thompson rounds: how often the pair model on the per-layer model's residuals was checked and kept. */
  readonly pairModel?: PairResidualSummary;
  /** Thompson rounds: how often the per-layer model fitted around each pick's budget was checked and chosen. */
  readonly localFit?: LocalFitSummary;
  /** Thompson rounds: evaluations sent from the last batches, whose picks also weighed neighbours of the incumbent (incumbentNeighbours.ts). */
  readonly nearIncumbent?: number;
  /** Thompson rounds: picks the source would likely have failed on (failureModel.ts), sent as a network a gene or two away instead. */
  readonly avoidedFailures?: number;
  /** Answers that reached the archive unasked (a reattached cluster run of a crashed training), learnt from and counted. */
  readonly arrived?: number;
  /** How much the rounds' last answers raised the measured frontier, beside the answers before them (frontierRise.ts). */
  readonly rise?: FrontierRise;
  /** How f(B) was taught the measured frontier after the last round, and how much of it its greedy decoding spells (frontierDistillation.ts). */
  readonly distillation?: DistillationResult;
  readonly seconds: number;
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
  /**
   * Trainings on an evaluation budget (Thompson rounds): the per-layer accuracy model, with its pair model, that
   * chose the measured frontier. Generation rates candidates by it instead of R. Absent otherwise.
   */
  readonly accuracyModel?: AccuracyModel;
}
