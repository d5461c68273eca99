import { type CostModel, type ExactCostModel, isExact } from '../cost/costModel';
import { InputError } from '../errors';
import type { AccuracySource } from '../sources/accuracySource';
import type { Arch } from '../space/arch';
import { type BackendChoice, initBackend } from '../tf/backend';
import { Random } from '../util/random';
import { type BudgetSpec, budgetOneHot, resolveBudgets } from './budgets';
import { saveCheckpoint } from './checkpoint';
import { type EvaluatorProgress, type EvaluatorTrainingOptions, trainEvaluator } from './evaluatorTraining';
import { type CostModelInfo, DEFAULT_PNAG_CONFIG, type PnagConfig, PnagModel, costModelInfo } from './model';
import { evaluatorReward } from './evaluatorReward';
import { measuredFrontier } from './frontierMemory';
import type { AccuracyModel } from './accuracyModel';
import { DEFAULT_FRONTIER_ROUNDS, type FrontierProgress, type FrontierRoundsHooks, type FrontierRoundsReport, type FrontierRoundsSettings, runFrontierRounds } from './frontierRounds';
import { type ReinforceOptions, type ReinforceProgress, trainPolicy } from './reinforce';
import { type ArchSamples, checkSamples } from './samples';

export interface TrainPnagOptions {
  /** Training budgets: K evenly spaced over a range (default K = 10) or an explicit list. */
  readonly budgets: BudgetSpec;
  readonly seed?: number;
  /** Name of the accuracy source the data came from (stored in the checkpoint). */
  readonly accuracySource: string;
  /** The cost model the data's costs came from (only its name, unit, metric and exactness are kept). */
  readonly costModel: CostModel | CostModelInfo;
  readonly evaluatorHidden?: number;
  readonly generatorHidden?: number;
  readonly evaluator?: Partial<EvaluatorTrainingOptions>;
  readonly generator?: Partial<ReinforceOptions>;
  readonly backend?: BackendChoice;
  /**
   * Frontier rounds after the first training (`runFrontierRounds`): need a queryable `source` and an exact
   * cost model. Without this option, or with `queries: 0`, training is as before.
   */
  readonly frontier?: Partial<FrontierRoundsSettings> & { readonly source: AccuracySource };
}

/** Progress of either phase; `fraction` runs 0..1 over the whole run. */
export type PnagProgress =
  | ({ readonly phase: 'evaluator'; readonly fraction: number; readonly totalEtaSeconds: number } & EvaluatorProgress)
  | ({ readonly phase: 'generator'; readonly fraction: number; readonly totalEtaSeconds: number } & ReinforceProgress)
  | ({ readonly phase: 'frontier'; readonly fraction: number; readonly totalEtaSeconds: number } & FrontierProgress);

export interface TrainPnagHooks {
  readonly onProgress?: (progress: PnagProgress) => void;
  /** Checked between steps (each well under half a second); aborting rejects with TrainingCancelled. */
  readonly signal?: AbortSignal;
  /** Where checkpoints go: during generator training every `checkpointEverySeconds`, and at the end. */
  readonly checkpointPath?: string;
  readonly checkpointEverySeconds?: number;
  /** The `meta` written with each checkpoint; told whether it is a snapshot mid-run or the finished model. */
  readonly checkpointMeta?: (snapshot: CheckpointSnapshot) => Record<string, unknown>;
  /** Each batch the frontier rounds measured, as soon as the source answered (e.g. to append to an archive). */
  readonly onMeasured?: (rows: ArchSamples) => Promise<void> | void;
  /** Each batch's failed evaluations in the frontier rounds, with the source's messages. */
  readonly onFailed?: FrontierRoundsHooks['onFailed'];
  /** Networks the source failed on before the frontier rounds: never sent, and the rounds' failure model starts from them. */
  readonly failedBefore?: readonly Arch[];
  /** Answers of the source that reached the archive unasked (FrontierRoundsHooks.arrived). */
  readonly arrived?: FrontierRoundsHooks['arrived'];
}

/** Which checkpoint is being written: `complete` only for the one at the end of a run. */
export interface CheckpointSnapshot {
  readonly complete: boolean;
  readonly generatorStep: number;
  readonly generatorSteps: number;
}

/** Rough seconds per generator step on this kind of machine, for the ETA before the phase starts. */
const GENERATOR_STEP_SECONDS_GUESS = 0.25;

export function resolveConfig(options: TrainPnagOptions): PnagConfig {
  return {
    evaluatorHidden: options.evaluatorHidden ?? DEFAULT_PNAG_CONFIG.evaluatorHidden,
    generatorHidden: options.generatorHidden ?? DEFAULT_PNAG_CONFIG.generatorHidden,
    evaluator: { ...DEFAULT_PNAG_CONFIG.evaluator, ...options.evaluator },
    generator: { ...DEFAULT_PNAG_CONFIG.generator, ...options.generator },
  };
}

/** The rounds' settings, or undefined when they do not run; a source or cost model unfit for them is an error. */
function frontierSettings(options: TrainPnagOptions): { settings: FrontierRoundsSettings; source: AccuracySource; costModel: ExactCostModel } | undefined {
  const f = options.frontier;
  if (!f || !(f.queries ?? DEFAULT_FRONTIER_ROUNDS.queries)) return undefined;
  const { source, ...rest } = f;
  const costModel = options.costModel;
  if (!('costs' in costModel) || !isExact(costModel)) throw new InputError(`frontier rounds need an exact cost model; ${costModel.name} is not`);
  if (!source.queryable) throw new InputError(`frontier rounds need a queryable accuracy source; ${source.name} is not`);
  return { settings: { ...DEFAULT_FRONTIER_ROUNDS, ...rest }, source, costModel };
}

/**
 * Trains the evaluator on the labelled archive, then the generator against it, and returns the model
 * (the caller disposes it). On cancel nothing new is written: the last checkpoint on disk stays valid.
 */
export async function trainPnag(data: ArchSamples, options: TrainPnagOptions, hooks: TrainPnagHooks = {}): Promise<{ model: PnagModel }> {
  checkSamples(data);
  const budgets = resolveBudgets(options.budgets);
  await initBackend(options.backend ?? 'auto');
  const started = Date.now();
  const seed = options.seed ?? 0;
  const config = resolveConfig(options);
  const frontier = frontierSettings(options);
  const model = PnagModel.create({ accuracySource: options.accuracySource, costModel: costModelInfo(options.costModel), budgets, seed, config });
  try {
    const rng = new Random(seed ^ 0x5eed);
    const evaluatorRng = rng.fork();
    const generatorRng = rng.fork();
    const generatorGuess = config.generator.steps * GENERATOR_STEP_SECONDS_GUESS;
    let evaluatorSeconds = 0;
    const evaluatorReport = await trainEvaluator(model.evaluator, budgets, data, config.evaluator, evaluatorRng, {
      signal: hooks.signal,
      onProgress: (p) => {
        evaluatorSeconds = (Date.now() - started) / 1000;
        const total = evaluatorSeconds + p.etaSeconds + generatorGuess;
        hooks.onProgress?.({ phase: 'evaluator', ...p, fraction: (total - p.etaSeconds - generatorGuess) / total, totalEtaSeconds: p.etaSeconds + generatorGuess });
      },
    });
    const k = budgets.length;
    const conditions = budgets.map((_, b) => budgetOneHot(b, k));
    let lastSaved = Date.now();
    const every = (hooks.checkpointEverySeconds ?? 30) * 1000;
    const snapshot = async (step: number): Promise<void> => {
      if (hooks.checkpointPath && Date.now() - lastSaved > every) {
        const meta = hooks.checkpointMeta?.({ complete: false, generatorStep: step, generatorSteps: config.generator.steps });
        await saveCheckpoint(model, hooks.checkpointPath, meta);
        lastSaved = Date.now();
      }
    };
    const generatorReport = await trainPolicy(
      model.policy,
      conditions,
      evaluatorReward(model),
      config.generator,
      generatorRng,
      {
        signal: hooks.signal,
        onProgress: (p) => {
          const elapsed = (Date.now() - started) / 1000;
          hooks.onProgress?.({ phase: 'generator', ...p, fraction: elapsed / (elapsed + p.etaSeconds), totalEtaSeconds: p.etaSeconds });
        },
        afterStep: (step) => snapshot(step),
      },
    );
    let trainingData = data;
    let frontierReport: FrontierRoundsReport | undefined;
    let accuracyModel: AccuracyModel | undefined;
    if (frontier) {
      const roundsStarted = Date.now();
      const { source, costModel, settings } = frontier;
      const rounds = await runFrontierRounds(model, data, source, costModel, settings, config.evaluator, config.generator, rng.fork(), {
        signal: hooks.signal,
        onMeasured: hooks.onMeasured,
        onFailed: hooks.onFailed,
        failedBefore: hooks.failedBefore,
        arrived: hooks.arrived,
        afterStep: () => snapshot(config.generator.steps),
        onProgress: (p) => {
          const elapsed = (Date.now() - started) / 1000;
          const eta = Number.isFinite(p.etaSeconds) ? p.etaSeconds : (Date.now() - roundsStarted) / 1000;
          hooks.onProgress?.({ phase: 'frontier', ...p, fraction: elapsed / (elapsed + eta), totalEtaSeconds: eta });
        },
      });
      trainingData = rounds.data;
      frontierReport = rounds.report;
      accuracyModel = rounds.accuracyModel;
    }
    const trained = model.withReport(
      {
        evaluator: evaluatorReport,
        generator: generatorReport,
        seconds: (Date.now() - started) / 1000,
        archiveSize: data.archs.length,
        ...(frontierReport ? { frontierRounds: frontierReport } : {}),
      },
      measuredFrontier(trainingData),
      accuracyModel,
    );
    if (hooks.checkpointPath) {
      const steps = config.generator.steps;
      await saveCheckpoint(trained, hooks.checkpointPath, hooks.checkpointMeta?.({ complete: true, generatorStep: steps, generatorSteps: steps }));
    }
    return { model: trained };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** One line about a progress event's phase, e.g. `generator 120/300 reward 3.1 entropy 12.4`. */
export function describeProgress(p: PnagProgress): string {
  const where = `${p.phase} ${p.step}/${p.steps}`;
  if (p.phase === 'evaluator') return `${where} loss ${p.loss.toFixed(4)}`;
  if (p.phase === 'generator') return `${where} reward ${p.reward.toFixed(3)} entropy ${p.entropy.toFixed(2)}`;
  return `${where} queries, round ${p.round}/${p.rounds} (${p.stage})`;
}
