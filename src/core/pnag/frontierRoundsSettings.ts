import { DEFAULT_DISTILLATION, type DistillationSettings } from './frontierDistillation';
import { DEFAULT_SURROGATE, type SurrogateSettings } from './frontierSurrogate';
import { LONG_TAIL_BUDGET_POWER, NEIGHBOURS_BEGIN_BY } from './incumbentNeighbours';
import { FIRST_CHECK_NETWORKS } from './refitSchedule';

/** Settings of the frontier rounds (see `runFrontierRounds`). */
export interface FrontierRoundsSettings {
  /** Accuracy queries spent over all rounds (0 = no rounds). */
  readonly queries: number;
  readonly rounds: number;
  /** Budgets searched per round, spread evenly over the training range with a per-round offset. */
  readonly budgetsPerRound: number;
  /** Generator samples per budget, ranked by R, as proposals. */
  readonly samples: number;
  /** The most accurate measured architectures within a budget whose crossovers are proposed. */
  readonly elite: number;
  /** Measured architectures within a budget whose one/two-gene neighbours are proposed. */
  readonly neighbourParents: number;
  /** Weight of the standardised cost beside the standardised R when choosing what to ask (as in sourceRefine). */
  readonly costPrior: number;
  /** Evaluator fine-tuning per round: epochs over all data, learning rate, and how often new rows repeat. */
  readonly evaluatorEpochs: number;
  readonly evaluatorLearningRate: number;
  readonly newRowWeight: number;
  /** At most this many rows per fine-tuning epoch: the rounds' rows (weighted) and a sample of the initial ones. */
  readonly evaluatorRows: number;
  /** Generator fine-tuning steps per round (0 = none). */
  readonly generatorSteps: number;
  /** Fewest queries a searched budget gets: a small total runs fewer rounds and budgets. */
  readonly minQueriesPerBudget: number;
  /**
   * How the proposals to pay for are chosen: `evaluator` ranks them by R at the top budget plus the cost prior
   * (cheap sources, many queries); `expectedImprovement` by the expected gain over the best measured network
   * within the budget under an ensemble regressor refitted each round (expensive sources, few queries);
   * `thompson` by Thompson draws of a per-layer accuracy model, each draw's best network within a random budget
   * found exactly by a knapsack (expensive sources with a cost that is a sum of per-layer costs: thompsonProposals.ts).
   */
  readonly acquisition: 'evaluator' | 'expectedImprovement' | 'thompson';
  /** Thompson rounds: the posterior's spread is scaled by this (below 1 explores less). */
  readonly thompsonScale: number;
  /** Thompson rounds: measured networks before the pair model and the fits around the budget are first checked. */
  readonly thompsonFirstCheck: number;
  /**
   * Thompson rounds: the share of their evaluations, at the end, whose picks also weigh 32 neighbours of the
   * best measured network within the pick's budget (incumbentNeighbours.ts). 0 = none.
   */
  readonly thompsonNeighbourShare: number;
  /** Thompson rounds: the tail next to the incumbent begins at the latest after this many of their evaluations (NEIGHBOURS_BEGIN_BY). */
  readonly thompsonNeighboursBeginBy: number;
  /** Thompson rounds: a tail longer than its share draws its budgets uniformly in cost^this (0 = log-uniformly; LONG_TAIL_BUDGET_POWER). */
  readonly thompsonLongTailBudgetPower: number;
  /** Mutants of the elite within each budget added to the proposals (one gene in ten redrawn). */
  readonly mutants: number;
  readonly surrogate: SurrogateSettings;
  /**
   * Expected-improvement rounds: the last this many choose by the regressor's mean alone (exploit what is
   * known before training ends) instead of expected improvement. Default 0.
   */
  readonly exploitRounds: number;
  /** Architectures sent to the source at once (its concurrency): a batch, or with `asynchronous` the picks out at once. */
  readonly batchSize: number;
  /**
   * Thompson rounds: keep `batchSize` picks out and draw the next as each is answered, instead of whole batches each
   * answered before the next is drawn (evaluationPool.ts). No worker waits for the slowest network of a batch; per
   * evaluation it did worse on the tuning runs (docs/evaluation-budget.md, "Session 18"), so it is the user's choice.
   */
  readonly asynchronous: boolean;
  /** After the last round: f(B) taught the best measured network within many budgets (steps 0 = not). */
  readonly distillation: DistillationSettings;
}

export const DEFAULT_FRONTIER_ROUNDS: FrontierRoundsSettings = {
  queries: 0,
  rounds: 4,
  budgetsPerRound: 30,
  samples: 32,
  elite: 8,
  neighbourParents: 1,
  costPrior: 0.5,
  evaluatorEpochs: 1,
  evaluatorLearningRate: 3e-4,
  newRowWeight: 2,
  evaluatorRows: 12000,
  generatorSteps: 20,
  minQueriesPerBudget: 16,
  acquisition: 'evaluator',
  thompsonScale: 0.25,
  thompsonFirstCheck: FIRST_CHECK_NETWORKS,
  thompsonNeighbourShare: 0.375,
  thompsonNeighboursBeginBy: NEIGHBOURS_BEGIN_BY,
  thompsonLongTailBudgetPower: LONG_TAIL_BUDGET_POWER,
  mutants: 0,
  surrogate: DEFAULT_SURROGATE,
  exploitRounds: 0,
  batchSize: 8,
  asynchronous: false,
  distillation: DEFAULT_DISTILLATION,
};
