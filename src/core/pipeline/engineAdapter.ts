import type { FrontierRoundsHooks, FrontierRoundsSettings } from '../pnag/frontierRounds';
import type { CostModel, CostUnit } from '../cost/costModel';
import type { Arch } from '../space/arch';
import type { MeasuredNetwork } from '../pnag/frontierMemory';
import type { FailedNetwork } from '../pnag/failedNetwork';
import type { LocalFitSummary } from '../pnag/budgetLocalFit';
import type { PairResidualSummary } from '../pnag/pairResidualModel';
import type { FrontierRise } from '../pnag/frontierRise';
import type { DistillationResult } from '../pnag/frontierDistillation';
import type { AccuracySource } from '../sources/accuracySource';
import type { Width } from '../space/searchSpace';
import type { EngineBackend, JobProgress } from '../../shared/engineProtocol';
import type { CheckpointMeta, CheckpointSources, PartialCheckpoint } from './checkpointMeta';
import type { LabelledArchs } from './trainingData';

export type { CheckpointSources, PartialCheckpoint } from './checkpointMeta';

export interface EngineTrainInput {
  readonly data: LabelledArchs;
  readonly width: Width;
  readonly resolution: number;
  readonly budgets: readonly number[];
  readonly unit: CostUnit;
  readonly costModel: CostModel;
  readonly sources: CheckpointSources;
  readonly seed: number;
  readonly evaluatorEpochs?: number;
  readonly generatorSteps?: number;
  /**
   * Checkpoint path, written atomically once training finishes. Snapshots during the generator phase go
   * to `partialCheckpointPath(out)`, marked incomplete, so a cancelled run never replaces `out`. A file
   * already at `out` is copied to `<out>.bak` before it is replaced.
   */
  readonly out: string;
  /** TF.js backend (already chosen by the job through `Engine.initBackend`). */
  readonly backend?: EngineBackend;
  /** Seconds between snapshots during the generator phase (default 30). */
  readonly snapshotEverySeconds?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: JobProgress) => void;
  /** Frontier rounds after the first training: the source they query (queryable; exact cost model) and how often. */
  readonly frontier?: FrontierRoundsInput;
}

export interface FrontierRoundsInput {
  readonly source: AccuracySource;
  readonly queries: number;
  /** How the rounds choose and spend (the evaluation-budget path sets them; default: the cheap-source settings). */
  readonly settings?: Partial<Omit<FrontierRoundsSettings, 'queries'>>;
  /** Each batch the rounds measured (at the data's width/resolution), e.g. to keep in the workspace archive. */
  readonly onMeasured?: (rows: LabelledArchs) => Promise<void> | void;
  /** Each batch's failed evaluations (at the data's width/resolution), with the source's messages. */
  readonly onFailed?: (archs: readonly Arch[], reasons: readonly string[]) => Promise<void> | void;
  /** Networks the source failed on before the rounds (at the data's width/resolution): never sent again. */
  readonly failedBefore?: readonly Arch[];
  /** Answers of the source that reached the archive unasked, among those `isNew` accepts (at the data's width/resolution). */
  readonly arrived?: FrontierRoundsHooks['arrived'];
}

export interface EngineTrainOutput {
  readonly evaluatorTau: number;
  readonly finalReward: number;
  readonly finalEntropy: number;
  /** Architectures the frontier rounds asked the source about (0 without rounds). */
  readonly frontierQueries?: number;
  /** Of those, the evaluations that failed and were skipped, with the first failure's message. */
  readonly frontierFailed?: number;
  readonly frontierFirstFailure?: string;
  /** Of those, the evaluations the infrastructure lost (not kept as failures), with the first one's message. */
  readonly frontierLost?: number;
  readonly frontierFirstLost?: string;
  /** Thompson rounds: how often the model of pairwise interactions was checked and kept. */
  readonly frontierPairModel?: PairResidualSummary;
  /** Thompson rounds: how often fits around each pick's budget were checked and chosen. */
  readonly frontierLocalFit?: LocalFitSummary;
  /** Thompson rounds: evaluations whose picks also weighed neighbours of the incumbent (the last share of the rounds). */
  readonly frontierNearIncumbent?: number;
  /** Thompson rounds: picks the source would likely have failed on, sent as a network a gene or two away instead. */
  readonly frontierAvoidedFailures?: number;
  /** Answers that reached the archive unasked during the rounds (a reattached cluster run), learnt from and counted. */
  readonly frontierArrived?: number;
  /** How much the rounds' last answers raised the measured frontier, beside the answers before them. */
  readonly frontierRise?: FrontierRise;
  /** How f(B) was taught the measured frontier after the rounds, and how much of it its greedy decoding spells. */
  readonly frontierDistillation?: DistillationResult;
  /** The backend that trained. */
  readonly backend?: string;
}

export interface GeneratedArch {
  readonly arch: Arch;
  readonly repaired: boolean;
  readonly clamped: boolean;
  readonly notes: string[];
  /** Architectures the accuracy source was asked about (0 when the search was off). */
  readonly sourceQueries?: number;
  /** The source's accuracy of `arch`, when the engine had the source (the pipeline then asks no more). */
  readonly top1?: number;
  /** Without a source: the training's measurement of `arch` (frontier memory) or its accuracy model's prediction (generate.ts). */
  readonly predicted?: { readonly top1: number; readonly from: 'memory' | 'model' };
  /** The pick the source failed on (at the checkpoint's width/resolution), when it did: to keep in the archive; not asked again. */
  readonly pickFailure?: FailedNetwork & { readonly askedNow: boolean };
  /** Every network the source failed on in this generation (at the checkpoint's width/resolution): to keep in the archive. */
  readonly failedNow?: readonly FailedNetwork[];
}

/**
 * The real accuracy source for the pick: asked about up to `queries` architectures (exact cost models
 * only). With `queries: 0` it only measures the pick, which also decides against the frontier memory.
 */
export interface SourceSearch {
  readonly source: AccuracySource;
  readonly queries: number;
  /**
   * What this source measured besides the checkpoint's memory (the workspace archive's records of it, e.g. the
   * picks of earlier generations): generation answers with the best of them within the budget when it beats the pick.
   */
  readonly measured?: readonly MeasuredNetwork[];
  /** What this source failed on before (the workspace archive's `failed` lines): never asked again. */
  readonly failed?: readonly FailedNetwork[];
}

/** A trained generator read from a checkpoint. */
export interface LoadedGenerator {
  readonly sources: CheckpointSources;
  readonly budgets: readonly number[];
  readonly unit: CostUnit;
  readonly width: Width;
  readonly resolution: number;
  /** Set when the file is a snapshot of an unfinished training. */
  readonly partial?: PartialCheckpoint;
  generate(budget: number, bestOf: number, costModel: CostModel, signal?: AbortSignal, search?: SourceSearch): Promise<GeneratedArch>;
  dispose(): void;
}

/** The engine as the pipeline uses it; `src/core/pnag` provides it (see pnagEngine.ts). */
export interface Engine {
  /**
   * Chooses this process's TF.js backend before anything uses TF.js (a proxy labelling data does) and says
   * which one is in use: a process keeps its first choice (the worker client restarts the worker instead).
   */
  initBackend?(choice: EngineBackend): Promise<string>;
  train(input: EngineTrainInput): Promise<EngineTrainOutput>;
  /** Reads a checkpoint; a bad, foreign or other-version file is an InputError naming it. */
  load(path: string): Promise<LoadedGenerator>;
  /**
   * The sources and shape a checkpoint records (checkpointMeta.ts), without loading its weights (to decide
   * whether to reuse it), inferred for one made elsewhere; undefined when it cannot be read as a checkpoint.
   */
  peekSources(path: string): (CheckpointSources & Pick<CheckpointMeta, 'width' | 'resolution'>) | undefined;
}
