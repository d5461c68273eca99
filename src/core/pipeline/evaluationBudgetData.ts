import type { Archive } from '../archive/archive';
import { type CostModel, type ExactCostModel, isExact } from '../cost/costModel';
import { InputError } from '../errors';
import type { FrontierRoundsHooks, FrontierRoundsSettings } from '../pnag/frontierRounds';
import { type EvaluationPlan, MIN_EVALUATIONS, MIN_ROUND_BATCH, evaluationAcquisition, evaluationRoundSettings, measureCoverage, planEvaluations } from '../pnag/evaluationBudget';
import type { AccuracySource } from '../sources/accuracySource';
import { type Arch, randomArch } from '../space/arch';
import type { Width } from '../space/searchSpace';
import { Random } from '../util/random';
import type { EvaluationCount } from '../../shared/evaluationCount';
import { EvaluationMeter } from './evaluationMeter';
import { FailureKeeper, failedIn, failureMetricOf } from './failedEvaluations';
import { type LabelledArchs, type TrainingData, keepMeasured, measuredIn } from './trainingData';
import { labelMetricOf } from './accuracySources';

/** Evaluations an evaluator source gets by default (issue 14: what 1 and 10 GPU-minutes each cost is in the README). */
export const DEFAULT_EVALUATIONS = 1000;
export const MAX_EVALUATIONS = 1_000_000;

/**
 * The evaluation budget of a training, or undefined when it does not apply: `--evaluations` when given (an
 * exact cost model and a source to query are needed), else the default for an evaluator (`eval:`) with an
 * exact cost model when the user set neither --archive-size nor --frontier-queries.
 */
export function evaluationsOf(
  request: { readonly evaluations?: number; readonly archiveSize?: number; readonly frontierQueries?: number },
  /** The source runs the user's command (an evaluator, `runsCommand` in the source registry): each answer costs. */
  paidPerEvaluation: boolean,
  costModel: CostModel,
  fromArchive: boolean,
): number | undefined {
  if (request.evaluations !== undefined) {
    if (fromArchive) throw new InputError('--evaluations: training on a given archive (--archive or archive:) evaluates nothing; leave one of them out', '--evaluations');
    if (!isExact(costModel)) throw new InputError(`--evaluations: needs an exact cost model (madds, lut:); ${costModel.name} is not`, '--evaluations');
    if (request.archiveSize !== undefined || request.frontierQueries !== undefined) {
      throw new InputError('--evaluations: it decides how many architectures are sampled and queried; leave --archive-size and --frontier-queries out', '--evaluations');
    }
    return request.evaluations;
  }
  const untouched = request.archiveSize === undefined && request.frontierQueries === undefined;
  return paidPerEvaluation && !fromArchive && isExact(costModel) && untouched ? DEFAULT_EVALUATIONS : undefined;
}

const ACQUISITION_NAMES = { thompson: 'Thompson sampling of a per-layer accuracy model', expectedImprovement: 'expected improvement' } as const;

/** Random networks costed (exact costs are free) to place default budgets before anything is evaluated. */
const COST_SAMPLE = 2000;

export interface EvaluationBudgetOptions {
  readonly source: AccuracySource;
  readonly costModel: ExactCostModel;
  readonly total: number;
  /** The training budgets, from the costs of a random sample when the user gave none. */
  readonly budgetsOf: (sampleCosts: readonly number[]) => number[];
  readonly store: Archive;
  readonly seed: number;
  readonly width: Width;
  readonly resolution: number;
  readonly signal?: AbortSignal;
  /** After each answer of the coverage design. */
  readonly onProgress?: (count: EvaluationCount) => void;
  readonly note: (text: string) => void;
  /** Networks the source failed on in earlier runs are neither counted as spent nor kept from being asked (`--forget-failures`). */
  readonly forgetFailures?: boolean;
  /** Thompson rounds draw the next pick as each answer comes instead of in batches (`--asynchronous-rounds`). */
  readonly asynchronousRounds?: boolean;
}

export interface EvaluationBudgetData {
  readonly data: TrainingData;
  readonly budgets: number[];
  readonly plan: EvaluationPlan;
  /** Counts and times every evaluation from here on: ask `source` below, not the one given. */
  readonly meter: EvaluationMeter;
  readonly source: AccuracySource;
  /** Evaluations left for the frontier rounds, and how they choose. */
  readonly frontierQueries: number;
  readonly frontierSettings: Partial<Omit<FrontierRoundsSettings, 'queries'>>;
  /** Networks the source failed on, in earlier runs and the coverage design: the rounds never send them and learn from them. */
  readonly failed: Arch[];
  /** Where the rounds' failures go too (archived once the source has answered). */
  readonly failureKeeper: FailureKeeper;
  /** Answers of the source that reached the archive unasked, among those `isNew` accepts: counted as spent here. */
  readonly arrived: NonNullable<FrontierRoundsHooks['arrived']>;
}

/**
 * What a training on an evaluation budget counts as already spent: the archive's answers from this source at this
 * width and resolution, and its failures unless forgotten. Also what a cancelled training says it has spent, so
 * the number said is the one the same command then starts from.
 */
export function spentInArchive(store: Archive, source: AccuracySource, space: { readonly width: number; readonly resolution: number },
  forgetFailures: boolean): number {
  return measuredIn(store, source, space).length + (forgetFailures ? 0 : failedIn(store, source, space).length);
}

/**
 * Training data for a source whose every evaluation costs GPU minutes: what the archive already holds from
 * this source counts as spent and is never asked again (a restart resumes), then a coverage design over the
 * training range fills the initial share; the rest of the budget goes to frontier rounds (Thompson sampling when
 * the cost is a sum of per-layer costs, expected improvement otherwise).
 */
export async function prepareEvaluationBudgetData(options: EvaluationBudgetOptions): Promise<EvaluationBudgetData> {
  const { source, costModel, total, store } = options;
  if (!Number.isSafeInteger(total) || total > MAX_EVALUATIONS) throw new InputError(`--evaluations: ${total} must be a whole number of at most ${MAX_EVALUATIONS}`);
  const rng = new Random(options.seed);
  const space = { width: options.width, resolution: options.resolution };
  const sample = Array.from({ length: COST_SAMPLE }, () => costModel.costOf(randomArch(rng, space)));
  const budgets = options.budgetsOf(sample);
  // Generation keeps one evaluation per training budget: measuring its pick at that many budgets is in the price.
  // A total near the minimum keeps fewer, so that every total the option accepts trains.
  // As many out at once as keep every worker of the source busy: an evaluator's --evaluator-concurrency, a cluster's
  // --slurm-max-running; at least MIN_ROUND_BATCH, so a one-worker evaluator still gets the picks out at once the settings were chosen with.
  const concurrency = Math.max(MIN_ROUND_BATCH, Math.floor(source.concurrency ?? 1));
  const plan = planEvaluations({ total, concurrency, generationReserve: Math.min(budgets.length, Math.max(0, total - MIN_EVALUATIONS)),
    acquisition: evaluationAcquisition(costModel, space) });
  const known: LabelledArchs = { archs: [], accuracies: [], costs: [] };
  for (const r of measuredIn(store, source, { width: options.width, resolution: options.resolution })) {
    known.archs.push(r.arch);
    known.accuracies.push(r.accuracy);
    known.costs.push(costModel.costOf(r.arch));
  }
  const reused = known.archs.length;
  const failedBefore = failedIn(store, source, space);
  const notes: string[] = [];
  if (reused > 0) notes.push(`evaluations: ${reused} already in ${store.path ?? 'the archive'} from ${source.name} count as spent and are not asked again`);
  if (failedBefore.length > 0) {
    notes.push(options.forgetFailures
      ? `evaluations: ${failedBefore.length} networks ${source.name} failed on earlier (archived as "${failureMetricOf(source)}") are forgotten (--forget-failures, pnag.forgetFailures): not counted, and may be asked again`
      : `evaluations: ${failedBefore.length} networks ${source.name} failed on earlier count as spent and are not asked again (first: ${failedBefore[0].reason}); ` +
        '--forget-failures (setting pnag.forgetFailures) asks as if they had not been tried, e.g. after a fix to the evaluator');
  }
  const failuresSpent = options.forgetFailures ? [] : failedBefore.map((f) => f.arch);
  const spentBefore = spentInArchive(store, source, space, options.forgetFailures === true);
  const meter = new EvaluationMeter(total - plan.generationReserve, spentBefore);
  const watched = meter.watch(source);
  const failureKeeper = new FailureKeeper(store, source);
  const low = budgets[0] * 0.85;
  const coverage = await measureCoverage(watched, costModel, [low, budgets[budgets.length - 1]], plan, known, rng, space, {
    signal: options.signal,
    onMeasured: (rows) => {
      keepMeasured(store, { archs: rows.archs.slice(), accuracies: rows.accuracies.slice(), costs: rows.costs.slice() }, source);
      failureKeeper.answered();
    },
    onFailed: (archs, reasons) => failureKeeper.failed(archs, reasons),
    onProgress: () => options.onProgress?.(meter.count()),
    answeredElsewhere: (arch) => {
      store.catchUp();
      return store.get(arch)?.metrics[labelMetricOf(source)];
    },
  }, failuresSpent);
  meter.arrived(coverage.answeredElsewhere);
  const spent = spentBefore + coverage.asked + coverage.answeredElsewhere.length;
  const frontierQueries = Math.max(0, total - plan.generationReserve - spent);
  // A smaller total than the archive already holds (a rerun with a lower --evaluations): nothing new is bought.
  if (spentBefore >= total - plan.generationReserve) {
    notes.push(`evaluations: ${total} in all, and ${spentBefore} were spent earlier (${store.path ?? 'the archive'}): nothing new is evaluated; ` +
      `training uses what they gave, and ${plan.generationReserve} evaluations are kept for generation`);
  } else notes.push(
    `evaluations: ${total} in all — ${coverage.asked} for a coverage design over ${low.toFixed(1)}..${budgets[budgets.length - 1]} ${costModel.unit}` +
      `${spentBefore > 0 ? ` (besides ${spentBefore} spent earlier)` : ''}, ${frontierQueries} for frontier rounds chosen by ${ACQUISITION_NAMES[plan.acquisition]}, ` +
      (plan.generationReserve === budgets.length
        ? `${plan.generationReserve} kept for generation (one measured pick per training budget)`
        : `${plan.generationReserve} kept for generation (fewer than the ${budgets.length} training budgets: the total is near the minimum of ${MIN_EVALUATIONS}; ` +
          'picks at the other budgets are measured beyond it)'),
  );
  if (coverage.answeredElsewhere.length > 0) {
    notes.push(`coverage design: ${coverage.answeredElsewhere.length} of its networks were measured meanwhile by another process sharing ` +
      `${store.path ?? 'the archive'} and were taken from there, not asked again (counted as spent)`);
  }
  if (coverage.lost.length > 0) notes.push(`coverage design: ${coverage.lost.length} evaluations were lost to the cluster and left out (not kept as failures: a later run asks them again); first: ${coverage.lost[0]}`);
  if (coverage.failures.length > 0) notes.push(`coverage design: ${coverage.failures.length} evaluations failed and were left out${failureKeeper.archiving ? ` (kept in ${store.path ?? 'the archive'} as "${failureMetricOf(source)}": not asked again)` : ''}; first: ${coverage.failures[0]}`);
  const data: TrainingData = {
    ...coverage.data,
    archs: coverage.data.archs.slice(),
    accuracies: coverage.data.accuracies.slice(),
    costs: coverage.data.costs.slice(),
    width: options.width,
    resolution: options.resolution,
    queried: coverage.asked,
    reused,
    notes,
  };
  if (data.archs.length < 4) throw new InputError(`training data: only ${data.archs.length} architectures were evaluated; at least 4 are needed`);
  return {
    data,
    budgets,
    plan,
    meter,
    source: watched,
    frontierQueries,
    frontierSettings: { ...evaluationRoundSettings(plan), asynchronous: options.asynchronousRounds === true },
    failed: [...failuresSpent, ...coverage.failed],
    failureKeeper,
    // A cluster run of a crashed training is reattached by this one's first request, and the networks it had in flight
    // are answered and archived (clusterEvaluator.ts) though nothing here asked for them: they were paid for. So are
    // the answers of another training sharing the archive, read as it grows: the rounds never send those networks.
    arrived: (isNew) => {
      store.catchUp();
      const rows = measuredIn(store, source, space).filter((r) => isNew(r.arch));
      meter.arrived(rows.map((r) => r.arch));
      return { archs: rows.map((r) => r.arch), accuracies: rows.map((r) => r.accuracy) };
    },
  };
}
