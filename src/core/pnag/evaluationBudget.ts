import { additiveCostTable } from '../cost/additiveCost';
import type { ExactCostModel } from '../cost/costModel';
import { InputError } from '../errors';
import type { AccuracySource } from '../sources/accuracySource';
import { EvaluatorError } from '../sources/evaluatorError';
import { type Arch, archKey } from '../space/arch';
import type { Width } from '../space/searchSpace';
import type { Random } from '../util/random';
import { coverageDesign } from './coverageDesign';
import type { FrontierRoundsSettings } from './frontierRoundsSettings';
import { DEFAULT_DISTILLATION, type DistillationSettings } from './frontierDistillation';
import { EvaluationPool } from './evaluationPool';
import type { ArchSamples } from './samples';
import { throwIfCancelled } from './trainingLoop';

/** What a user pays for when every evaluation costs GPU minutes, and how it is spent. */
export interface EvaluationBudget {
  /** Evaluations in all: the coverage design, the frontier rounds and generation's reserve. */
  readonly total: number;
  /** Share of the total spent on the coverage design before the first training (default: by acquisition, DEFAULT_INITIAL_SHARE). */
  readonly initialShare?: number;
  /** How the frontier rounds choose (default `expectedImprovement`): it sets the default initial share. */
  readonly acquisition?: EvaluationAcquisition;
  /** Architectures sent to the source at once (its concurrency; default MIN_ROUND_BATCH). Rounds are at least this big. */
  readonly concurrency?: number;
  /** Frontier rounds (default 8; fewer when a round would be smaller than `concurrency`). */
  readonly rounds?: number;
  /** Evaluations left for generation to measure its picks (default 0). */
  readonly generationReserve?: number;
  /** Fewest evaluations a budget searched in a round gets (default 4). */
  readonly minPerBudget?: number;
}

/** How an evaluation budget is split. */
export interface EvaluationPlan {
  readonly total: number;
  /** Coverage design, including what the archive already held (counted, never asked again). */
  readonly initial: number;
  readonly frontier: number;
  readonly rounds: number;
  readonly minPerBudget: number;
  readonly generationReserve: number;
  readonly concurrency: number;
  readonly acquisition: EvaluationAcquisition;
}

/** How the frontier rounds of an evaluation budget choose what to measure. */
export type EvaluationAcquisition = 'thompson' | 'expectedImprovement';

/**
 * Coverage share by acquisition, chosen on the tuning budgets (docs/evaluation-budget.md): Thompson rounds learn
 * from every batch, so they take over sooner than the regressor's eight rounds do.
 */
export const DEFAULT_INITIAL_SHARE: Readonly<Record<EvaluationAcquisition, number>> = { thompson: 0.2, expectedImprovement: 0.4 };

/**
 * Thompson rounds when the cost is a sum of per-layer costs (MAdds, parameters, latency tables), which the
 * knapsack needs; expected improvement on the regressor otherwise. Asked at the training's width and
 * resolution, where the cost model is defined (a latency table measured at one width only).
 */
export function evaluationAcquisition(costModel: ExactCostModel, space: { width: Width; resolution: number }): EvaluationAcquisition {
  return additiveCostTable(costModel, space) ? 'thompson' : 'expectedImprovement';
}

/** Architectures a round sends at once when the source runs fewer at a time (the benchmark's concurrency). */
export const MIN_ROUND_BATCH = 8;

/** Fewest evaluations a PNAG training can start from: R needs pairs at every budget. */
export const MIN_EVALUATIONS = 32;

export function planEvaluations(budget: EvaluationBudget): EvaluationPlan {
  const total = budget.total;
  if (!Number.isInteger(total) || total < MIN_EVALUATIONS) throw new InputError(`evaluations: ${total} must be a whole number of at least ${MIN_EVALUATIONS}`);
  const share = budget.initialShare ?? DEFAULT_INITIAL_SHARE[budget.acquisition ?? 'expectedImprovement'];
  if (!(share > 0 && share <= 1)) throw new InputError(`evaluations: initial share ${share} must be in (0, 1]`);
  const reserve = Math.max(0, Math.floor(budget.generationReserve ?? 0));
  const concurrency = Math.max(1, Math.floor(budget.concurrency ?? MIN_ROUND_BATCH));
  const usable = total - reserve;
  if (usable < MIN_EVALUATIONS) throw new InputError(`evaluations: ${total} leaves ${usable} after generation's ${reserve}; at least ${MIN_EVALUATIONS} are needed for training`);
  const initial = Math.max(MIN_EVALUATIONS, Math.round(usable * share));
  const frontier = usable - initial;
  const rounds = frontier > 0 ? Math.max(1, Math.min(Math.floor(budget.rounds ?? 8), Math.floor(frontier / concurrency))) : 0;
  return { total, initial, frontier, rounds, minPerBudget: Math.max(1, Math.floor(budget.minPerBudget ?? 4)), generationReserve: reserve, concurrency,
    acquisition: budget.acquisition ?? 'expectedImprovement' };
}

/** How f(B) is taught the measured frontier after the last round (chosen on the tuning budgets: docs/evaluation-budget.md). */
export const EVALUATION_DISTILLATION: DistillationSettings = { ...DEFAULT_DISTILLATION, steps: 1000, epochs: 240, reproduce: 0.9, batch: 64, finalRate: 0.05 };

/**
 * How the frontier rounds of an evaluation budget choose: by the plan's acquisition, in the plan's rounds; `distillation`
 * overrides some of `EVALUATION_DISTILLATION` (to try others).
 */
export function evaluationRoundSettings(plan: EvaluationPlan, distillation: Partial<DistillationSettings> = {}): Partial<Omit<FrontierRoundsSettings, 'queries'>> {
  return {
    acquisition: plan.acquisition,
    mutants: 64,
    rounds: Math.max(1, plan.rounds),
    minQueriesPerBudget: plan.minPerBudget,
    batchSize: plan.concurrency,
    distillation: { ...EVALUATION_DISTILLATION, ...distillation },
  };
}

export interface CoverageHooks {
  readonly signal?: AbortSignal;
  /** Each network measured, as the source answered (e.g. to append to the archive). */
  readonly onMeasured?: (rows: ArchSamples) => Promise<void> | void;
  /** Each failed evaluation, with the source's message (e.g. to keep in the archive). */
  readonly onFailed?: (archs: readonly Arch[], reasons: readonly string[]) => Promise<void> | void;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * A design network's accuracy when the source answered it meanwhile for another process sharing the archive
   * (undefined: not answered): taken instead of asking again.
   */
  readonly answeredElsewhere?: (arch: Arch) => number | undefined;
}

/**
 * The initial data of an evaluation-budget training: what `known` already holds (measured earlier by the same
 * source: counted, never asked again), topped up with a coverage design over [low, high] measured `concurrency` at a
 * time, each answered network replaced by the next at once. Failed evaluations are left out and counted; the design never holds a network in `failedBefore`
 * (the source failed on it in an earlier run).
 */
export async function measureCoverage(
  source: AccuracySource,
  costModel: ExactCostModel,
  range: readonly [number, number],
  plan: EvaluationPlan,
  known: ArchSamples,
  rng: Random,
  space: { width: Width; resolution: number },
  hooks: CoverageHooks = {},
  failedBefore: readonly Arch[] = [],
): Promise<{ data: ArchSamples; asked: number; failures: string[]; failed: Arch[]; lost: string[]; answeredElsewhere: Arch[] }> {
  const archs: Arch[] = known.archs.slice();
  const accuracies = known.accuracies.slice();
  const costs = known.costs.slice();
  // Failed evaluations were paid for as part of the design too.
  const wanted = Math.max(0, plan.initial - archs.length - failedBefore.length);
  const design = coverageDesign(costModel, range[0], range[1], wanted, rng, { ...space, exclude: new Set([...archs, ...failedBefore].map(archKey)) });
  const failures: string[] = [];
  const failed: Arch[] = [];
  // Evaluations the infrastructure lost (accuracyOrSkip): spent, but not the networks' failures.
  const lost: string[] = [];
  let asked = 0;
  const answeredElsewhere: Arch[] = [];
  // `concurrency` evaluations out at once, each replaced by the next of the design as soon as it is answered.
  const pool = new EvaluationPool(source, plan.concurrency, hooks.signal);
  for (let next = 0; next < design.length || pool.size > 0; ) {
    throwIfCancelled(hooks.signal);
    while (!pool.full && next < design.length) {
      const arch = design[next++];
      const accuracy = hooks.answeredElsewhere?.(arch);
      if (accuracy === undefined) {
        pool.send(arch);
        continue;
      }
      archs.push(arch);
      accuracies.push(accuracy);
      costs.push(costModel.costOf(arch));
      answeredElsewhere.push(arch);
    }
    if (pool.size === 0) continue;
    const { outcome: answered } = await pool.next();
    asked++;
    failures.push(...answered.failures);
    failed.push(...answered.failed);
    lost.push(...answered.lostReasons);
    if (answered.failed.length > 0) await hooks.onFailed?.(answered.failed, answered.failures);
    const partCosts = answered.archs.map((a) => costModel.costOf(a));
    archs.push(...answered.archs);
    accuracies.push(...answered.accuracies);
    costs.push(...partCosts);
    if (answered.archs.length > 0) await hooks.onMeasured?.({ archs: answered.archs, accuracies: answered.accuracies, costs: partCosts });
    hooks.onProgress?.(asked, design.length);
    if (failures.length + lost.length === asked && asked >= 16) throw new EvaluatorError(`coverage design: all ${asked} evaluations failed; first: ${[...failures, ...lost][0]}`);
  }
  return { data: { archs, accuracies, costs }, asked, failures, failed, lost, answeredElsewhere };
}
