/**
 * What a host (the CLI, the extension host) and the engine worker (dist/worker.js) say to each other:
 * each job's request, progress and result, and the messages that carry them. Plain JSON data only
 * (structured clone), no `vscode`. engineGuards.ts checks every message against these types.
 */
import type { EvaluationCount } from './evaluationCount';
import type { CostUnit, FrontierPoint } from './protocol';

/**
 * TensorFlow.js backend of a job. One worker uses one backend for its lifetime: the client restarts the
 * worker when a job asks for another. `auto`: the native one when @tensorflow/tfjs-node loads, else wasm.
 */
export type EngineBackend = 'auto' | 'wasm' | 'cpu' | 'tensorflow';
export const ENGINE_BACKENDS: readonly EngineBackend[] = ['auto', 'wasm', 'cpu', 'tensorflow'];
export const DEFAULT_ENGINE_BACKEND: EngineBackend = 'auto';

/** What `pnag train` asks for. Omitted fields take the embedded defaults (docs/cli.md). */
export interface TrainRequest {
  /** The workspace folder: `.pnag/archive.jsonl` and `.pnag/generator.ckpt.json` live here. */
  readonly workspace: string;
  /** `ofa:<path>`, `archive:<path>`, `proxy[:<kind>]`, `eval:<command>`; omitted: the defaults. */
  readonly accuracy?: string;
  /** `madds`, `madds:ofa`, `lut:<dir>`, `measure`; omitted: `madds`. */
  readonly cost?: string;
  /** `25:60` (K evenly spaced) or `25,30,40`, with or without the unit. */
  readonly budgets?: string;
  readonly k?: number;
  readonly seed?: number;
  /** Train on the architectures of this archive only. */
  readonly archive?: string;
  /** Architectures to sample and label when the source can be queried. */
  readonly archiveSize?: number;
  /** Checkpoint to write; default `<workspace>/.pnag/generator.ckpt.json`. */
  readonly out?: string;
  /** Training effort; defaults finish in minutes on 2 cores. */
  readonly evaluatorEpochs?: number;
  readonly generatorSteps?: number;
  /**
   * Accuracy queries of the frontier rounds after the first training (0 = none); used when the source can
   * be queried and the cost model is exact. Default: half the sample (at most 8,000) for predictors, 0 for slow sources.
   */
  readonly frontierQueries?: number;
  /**
   * Evaluations paid for in all when each costs GPU minutes (issue 14): a coverage design, then frontier rounds
   * that choose by Thompson sampling (expected improvement when the cost is not a sum of per-layer costs).
   * Default 1,000 for an evaluator (`eval:`) with an exact cost model.
   */
  readonly evaluations?: number;
  /** TF.js backend (default `auto`); checked at run time by the client and the job (an unknown one is an input error). */
  readonly backend?: EngineBackend;
  /**
   * Width (1.0 | 1.2) and resolution (128..224, steps of 4) of the training data and so of the generated
   * architectures; omitted: an archive's most common ones, else 1.2 and 224.
   */
  readonly width?: number;
  readonly resolution?: number;
  /** With an `eval:` source: seconds a request may take before the evaluator is restarted (default 600). */
  readonly evaluatorTimeout?: number;
  /** With an `eval:` source: requests in flight at once (default 1). */
  readonly evaluatorConcurrency?: number;
  /**
   * Networks the source failed on in earlier runs (kept in the archive as `failed`) are neither counted as spent
   * nor kept from being asked again, e.g. after a fix to the evaluator. Default false.
   */
  readonly forgetFailures?: boolean;
  /**
   * With an evaluation budget: the frontier rounds keep the source's concurrency of picks out and draw the next as
   * each is answered, instead of whole batches (no worker waits for a batch's slowest network). Default false.
   */
  readonly asynchronousRounds?: boolean;
  /** Device name of a `lut:` cost model, overriding the tables' `# device:` comment or folder name. */
  readonly device?: string;
  /** Where an `eval:` command runs: `local` (default, one process) or `slurm` (job arrays, docs/cluster.md). */
  readonly runner?: 'local' | 'slurm';
  /** The slurm runner's settings; checked by the job (core/cluster/runnerSettings.ts). */
  readonly slurm?: SlurmSettings;
}

/** The slurm runner's settings, from the user only (CLI flags, VS Code settings). */
export interface SlurmSettings {
  /** `--partition`; checked against the cluster before anything is submitted. */
  readonly partition: string;
  /** `--gres`, e.g. `gpu:1`; omitted: none. */
  readonly gres?: string;
  /** `--time` of one task, Slurm's format (`30`, `00:30:00`, `1-00:00:00`); omitted: the partition's default. */
  readonly time?: string;
  /** Array tasks of the run running at once (`--array=0-N%M`). */
  readonly maxRunning: number;
  /** Shell lines run before the command in each task (`module load cuda; source venv/bin/activate`). */
  readonly setup?: string;
  /** More sbatch options, e.g. `--account=ml --qos=short`; options PNAG sets itself are refused. */
  readonly args?: readonly string[];
  /** Folder of the runs (default `<workspace>/.pnag/cluster`); must be on a filesystem the nodes share. */
  readonly folder?: string;
  /** Times a request lost with a failed task is resubmitted (default 2). */
  readonly retries?: number;
  /** Seconds between two looks at the queue (default 5); reply files are read every quarter second. */
  readonly pollSeconds?: number;
}

/** What `pnag generate` asks for. Without a checkpoint it trains on the defaults first. */
/** A top-1 the training says of an answer no source was asked about: measured during training, or its model's prediction. */
export interface PredictedTop1 {
  readonly top1: number;
  readonly from: 'memory' | 'model';
  /** The source the training was trained on. */
  readonly source: string;
}

export interface GenerateRequest {
  readonly workspace: string;
  /** Budget text, e.g. `33ms` or `450M`, checked against the checkpoint's cost unit. */
  readonly budget: string;
  readonly checkpoint?: string;
  /** Candidates sampled besides the greedy one, ranked by the evaluator (0 = greedy only; default 64). */
  readonly bestOf?: number;
  /**
   * Architectures the checkpoint's accuracy source may be asked about to re-rank and hill-climb the pick
   * (default 0 = the evaluator alone decides). Used only with an exact cost model and a queryable source.
   */
  readonly sourceQueries?: number;
  /**
   * The accuracy source to ask about the pick (and to search with), from the user's configuration now
   * (`--accuracy`, or the settings under the trust rule). Never taken from the checkpoint (generationSource.ts).
   */
  readonly accuracy?: string;
  /**
   * Without `checkpoint`: train the default checkpoint again even when it matches, or when it was trained
   * on other sources or for another shape (refused otherwise). The previous one is kept as `<file>.bak`.
   */
  readonly retrain?: boolean;
  /**
   * Training settings used when no checkpoint is given and none matches the defaults; its evaluator
   * timeout and concurrency also apply to the source queries of generation.
   */
  readonly train?: Omit<TrainRequest, 'workspace'>;
  /** TF.js backend for generation (and for training first); default `auto`. */
  readonly backend?: EngineBackend;
  /** The width/resolution wanted; a checkpoint trained for others is refused (or, by default, retrained). */
  readonly width?: number;
  readonly resolution?: number;
}

/** How much the rounds' last networks measured raised the measured frontier, beside as many before them (src/core/pnag/frontierRise.ts). */
export interface FrontierRise {
  /** Networks in each of the two compared stretches (the last ones, and as many before them). */
  readonly evaluations: number;
  /** Mean rise of the best measured top-1 within a budget, over the training range, brought by the last `evaluations`. */
  readonly last: number;
  /** The same for the `evaluations` before them. */
  readonly before: number;
}

export interface TrainResult {
  readonly kind: 'train';
  readonly checkpoint: string;
  /** The source's name (`ofa-predictor`, `proxy:naswot`, ...) and the spec it was opened from. */
  readonly accuracySource: string;
  readonly accuracySpec: string;
  readonly estimate: boolean;
  readonly costModel: string;
  readonly costSpec: string;
  readonly unit: CostUnit;
  readonly budgets: number[];
  readonly width: number;
  readonly resolution: number;
  /** Architectures trained on, how many were queried now and how many came from the archive. */
  readonly archs: number;
  readonly queried: number;
  readonly reused: number;
  /** Architectures the frontier rounds measured and added to the training data (besides `archs`), when they ran. */
  readonly frontierArchs?: number;
  /** On an evaluation budget: what the rounds' last networks measured raised the frontier by (whether more evaluations would pay). */
  readonly frontierRise?: FrontierRise;
  /** Mean held-out Kendall tau of the evaluator against the dominance labels. */
  readonly evaluatorTau: number;
  readonly finalReward: number;
  readonly finalEntropy: number;
  readonly seconds: number;
  /** Lines for the user: which sources and why, groups left out, where labels went. */
  readonly notes: string[];
  /** The TF.js backend that trained (`wasm`, `cpu`, `tensorflow`). */
  readonly backend?: string;
}

export interface GenerateResult {
  readonly kind: 'generate';
  readonly pnag: string;
  /** OFA dict `{ks, e, d, r}` (unused slots as OFA keeps them). */
  readonly arch: { ks: number[]; e: number[]; d: number[]; r: number };
  readonly width: number;
  readonly resolution: number;
  /** MAdds in millions in the checkpoint cost model's count (PNAG's unless it is `madds:ofa`). */
  readonly madds_M: number;
  /** Latency when the cost model is one, else null. */
  readonly latency_ms: number | null;
  readonly budget: number;
  readonly unit: CostUnit;
  /** The architecture's cost in `unit`, by the checkpoint's cost model (any unit, unlike the two fields above). */
  readonly cost?: number;
  readonly costModel: string;
  /** Top-1 from the checkpoint's accuracy source; null when it cannot answer for this architecture. */
  readonly top1: number | null;
  readonly source: string;
  readonly estimate: boolean;
  /** True when `top1` is a measurement (archive top-1, an evaluator); absent or false: a prediction or estimate. */
  readonly measured?: boolean;
  /**
   * When `top1` is null (no source asked, e.g. the Frontier view's sweep of a generator trained with an evaluator): what
   * the training says of the answer — `memory`, the training source's measurement of it (a frontier-memory network), or
   * `model`, the rounds' accuracy model's prediction. Not a new measurement; the CLI and the view mark it so.
   */
  readonly predictedTop1?: PredictedTop1;
  /** True when the best candidate exceeded the budget and was stepped down to fit. */
  readonly repaired: boolean;
  /** True when the budget lay outside the trained range and the nearest end was used. */
  readonly clamped: boolean;
  /** Architectures the accuracy source was asked about to choose the pick (0 without `sourceQueries`). */
  readonly sourceQueries?: number;
  readonly checkpoint: string;
  /** `built-in <name>` when the checkpoint is one of the generators shipped in the package. */
  readonly generator?: string;
  /** Present when generate trained first. */
  readonly trained?: TrainResult;
  readonly notes: string[];
  /** The TF.js backend that generated. */
  readonly backend?: string;
  /** Present when the checkpoint is a snapshot of a training that did not finish. */
  readonly partial?: { readonly generatorStep: number; readonly generatorSteps: number };
}

/**
 * The clock a timing reads (latency tables, measured latency): `wall` elapsed time, what a user waits;
 * `cpu` this process's CPU time, which a busy machine's other work barely touches (docs/latency.md).
 */
export type TimingClock = 'wall' | 'cpu';

/**
 * What `pnag lut build` asks for, run in the worker: time every operator of the space on this machine and
 * write OFA-format tables. Keys already in the folder's tables are kept (a cancelled build resumes).
 */
export interface LutBuildRequest {
  /** Tables go to `<workspace>/.pnag/lut-<device>/` unless `outDir` is given. */
  readonly workspace: string;
  readonly outDir?: string;
  /** Default 160, 176, 192, 208, 224. */
  readonly resolutions?: readonly number[];
  readonly width?: number;
  readonly repeats?: number;
  readonly warmup?: number;
  readonly clock?: TimingClock;
  /** Name written in the tables (the LUT cost model's name); default from the CPU, backend and clock. */
  readonly device?: string;
  readonly backend?: EngineBackend;
}

export interface LutBuildResult {
  readonly kind: 'lutBuild';
  /** The folder of `<r>_lookup_table.yaml` files, absolute; `lut:<outDir>` opens it as a cost model. */
  readonly outDir: string;
  readonly costSpec: string;
  readonly files: string[];
  /** Operators timed now, and kept from an earlier (interrupted) build. */
  readonly measured: number;
  readonly kept: number;
  readonly seconds: number;
  readonly device: string;
  readonly backend: string;
  readonly clock: TimingClock;
}

/**
 * What the Frontier view asks of the worker: read `.pnag/archive.jsonl`, merge it per architecture and
 * turn its labelled architectures into plot marks on the view's cost axis.
 */
export interface FrontierDataRequest {
  /** The archive file; a missing one gives no marks. */
  readonly archive: string;
  /** The plot's cost unit. */
  readonly unit: CostUnit;
  /** `M` only: whose MAdds count the worker computes (default `pnag`). */
  readonly maddsCount?: 'pnag' | 'ofa';
  /** The cost model's spec: a kind that computes costs from the architecture alone is computed by the worker. */
  readonly costModel?: string;
  /** The archive metric holding the cost when the worker cannot compute it (latency: `latency_ms@<device>`). */
  readonly costMetric?: string;
  /** The generator's accuracy source: its `top1@<source>` is preferred when there is no measured `top1`. */
  readonly accuracySource?: string;
  /**
   * The generator's recorded cost spec and device: a latency table (`lut:<dir>`) is opened in the worker to cost every
   * network, as generation does (the archive keeps no latency for an exact cost). Read, never run.
   */
  readonly costSpec?: string;
  readonly costDevice?: string;
  /** Marks sent at most (the upper frontier is always among them). */
  readonly maxMarks: number;
}

/** A line of the archive that could not be read; `message` names the file, the line and the field. */
export interface SkippedLine {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface FrontierDataResult {
  readonly kind: 'frontierData';
  readonly points: FrontierPoint[];
  /** Lines for the user: thinning, architectures without a cost, skipped lines. */
  readonly notes: string[];
  /** Architectures in the archive after merging. */
  readonly records: number;
  /** The first unreadable lines (at most MAX_SKIPPED_LINES_SENT) and how many there were in all. */
  readonly skipped: SkippedLine[];
  readonly skippedCount: number;
}

/** Unreadable lines listed in a result; the rest are only counted. */
export const MAX_SKIPPED_LINES_SENT = 20;

/**
 * What `pnag predict` and the editor lens ask: one architecture's top-1 from the source the host chose
 * (the lens never passes a checkpoint's recorded `eval:` command, docs/security.md).
 */
export interface PredictRequest {
  /** An `eval:` command runs here. */
  readonly workspace: string;
  /** `ofa[:<path>]`, `archive:<path>`, `proxy[:<kind>]`, `eval:<command>`; paths as given. */
  readonly source: string;
  /** Any architecture form `--arch` takes (PNAG string, OFA dict, ...). */
  readonly arch: string;
  /** Override the architecture's own width and resolution (default: its own, else 1.2 and 224). */
  readonly width?: number;
  readonly resolution?: number;
  /** TF.js backend of a source that builds networks (`proxy:naswot`, `proxy:zen`); default `auto`. */
  readonly backend?: EngineBackend;
  /** With `eval:`: seconds the evaluation may take before the evaluator is taken as hung (default 600). */
  readonly evaluatorTimeout?: number;
}

export interface PredictResult {
  readonly kind: 'predict';
  readonly top1: number;
  /** The source's name, e.g. `ofa-predictor`, `proxy:madds`, `archive:<path>`. */
  readonly source: string;
  /** Not an accuracy at all (a training-free proxy). */
  readonly estimate: boolean;
  /** A measurement of the network (archive top-1, an evaluator) rather than a prediction. */
  readonly measured: boolean;
}

/** What `pnag import` and the Import archive command ask: add a file's evaluated architectures to an archive. */
export interface ImportRequest {
  /** The archive path is taken from here. */
  readonly workspace: string;
  /** The file to read, as given (the extension passes an absolute path); skipped rows quote it. */
  readonly file: string;
  /** Default `<workspace>/.pnag/archive.jsonl`. */
  readonly archive?: string;
  /** `csv`, `pnag-json` or `jsonl`; default: from the file's extension. */
  readonly format?: string;
  /** For files that do not say. */
  readonly width?: number;
  readonly resolution?: number;
  /** Device of a plain `latency_ms` column, stored as `latency_ms@<device>`. */
  readonly device?: string;
}

/** A row of an imported file that was skipped, and why. */
export interface ImportIssue {
  readonly file: string;
  /** 1-based line where the row (or JSON entry) starts. */
  readonly line: number;
  readonly field?: string;
  readonly message: string;
}

export interface ImportResult {
  readonly kind: 'import';
  readonly file: string;
  readonly format: string;
  /** New architectures, architectures already present (metrics merged) and bad rows. */
  readonly imported: number;
  readonly merged: number;
  readonly skipped: number;
  readonly errors: ImportIssue[];
  readonly notes: string[];
  /** The archive written, absolute, and how many architectures it holds now. */
  readonly archive: string;
  readonly archiveSize: number;
}

/**
 * A training job's phases in the order they run: label and cost the sample, train the evaluator, then the
 * generator, then (when the source can be queried and costs are exact) the frontier rounds.
 */
export type ProgressPhase = 'label' | 'cost' | 'evaluator' | 'generator' | 'frontier';
export const PROGRESS_PHASES: readonly ProgressPhase[] = ['label', 'cost', 'evaluator', 'generator', 'frontier'];

/** Throttled (a few per second) by the worker. */
export interface JobProgress {
  readonly phase: ProgressPhase;
  /** Within the phase; for `frontier`: accuracy queries asked so far of all the rounds'. */
  readonly step: number;
  readonly steps: number;
  readonly reward?: number;
  readonly entropy?: number;
  readonly loss?: number;
  /** Seconds left in the whole job, as far as it can tell. */
  readonly etaSeconds?: number;
  /** How far along the whole job is, 0..1; never smaller than in the job's previous progress message. */
  readonly fraction?: number;
  /** `frontier` only (and required there): the round running, 1-based, of how many. */
  readonly round?: number;
  readonly rounds?: number;
  /** `label` and `frontier` only: the cluster runner's view while an `eval:` command runs as cluster tasks. */
  readonly cluster?: ClusterProgress;
  /** A training on an evaluation budget (`--evaluations`): what it has spent, and how long each takes. */
  readonly evaluations?: EvaluationCount;
}

/** Tasks queued and running, requests answered and failed of all, and why queued tasks wait (`Priority`, `Resources`). */
export interface ClusterProgress {
  readonly runner: string;
  readonly queued: number;
  readonly running: number;
  readonly answered: number;
  readonly failed: number;
  readonly total: number;
  readonly reasons: readonly string[];
}

/** How far along the whole job a progress report is: its `fraction`, else (an engine that sends none) the phase's share. */
export function progressFractionOf(p: JobProgress): number {
  const share = p.fraction ?? (p.steps > 0 ? p.step / p.steps : 0);
  return Math.min(1, Math.max(0, share));
}

/** A latency-table build's progress (throttled like JobProgress): operators done of all, at which resolution. */
export interface LutProgress {
  readonly done: number;
  readonly total: number;
  /** Resolution of the operator just timed (or kept from an earlier build). */
  readonly resolution: number;
  /** Operators kept from an earlier, interrupted build so far. */
  readonly kept: number;
  /** From the rate of the operators timed so far; absent before the first group finished. */
  readonly etaSeconds?: number;
}

/** `input`: the user's input was wrong (exit 2); `cancelled`: a cancel arrived; `internal`: a bug or a crash. */
export type JobErrorKind = 'input' | 'cancelled' | 'internal';

export interface JobError {
  readonly kind: JobErrorKind;
  readonly message: string;
  /** For `input`: the option or file at fault (`--k`), when one is known; `--json` errors name it. */
  readonly field?: string;
}

/**
 * Every job the worker runs: what it is asked, what it reports while it runs (`never`: nothing) and what
 * it answers. The client's `run`, the server's handler table and the checks in engineGuards.ts are all
 * mapped over this interface, so a job added here does not compile until all three know it.
 */
export interface Jobs {
  readonly train: { readonly request: TrainRequest; readonly progress: JobProgress; readonly result: TrainResult };
  readonly generate: { readonly request: GenerateRequest; readonly progress: JobProgress; readonly result: GenerateResult };
  readonly lutBuild: { readonly request: LutBuildRequest; readonly progress: LutProgress; readonly result: LutBuildResult };
  readonly frontierData: { readonly request: FrontierDataRequest; readonly progress: never; readonly result: FrontierDataResult };
  readonly predict: { readonly request: PredictRequest; readonly progress: never; readonly result: PredictResult };
  readonly import: { readonly request: ImportRequest; readonly progress: never; readonly result: ImportResult };
}

export type JobKind = keyof Jobs;
export type JobResult = Jobs[JobKind]['result'];

/** What a job may report while it runs, and the signal that cancels it. The worker always passes all three. */
export interface JobHooks<P = JobProgress> {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: P) => void;
  readonly onNote?: (text: string) => void;
}

/** The hooks of one kind of job. */
export type HooksOf<K extends JobKind> = JobHooks<Jobs[K]['progress']>;

/**
 * The work a worker does, one handler per job of the map (the pipeline's jobs; tests pass fakes). The
 * worker passes every hook, and throttles progress before it crosses the thread.
 */
export type JobHandlers = {
  readonly [K in JobKind]: (request: Jobs[K]['request'], hooks: Required<HooksOf<K>>) => Promise<Jobs[K]['result']>;
};

/** A host's request to run a job of kind K. */
export interface JobMessage<K extends JobKind> {
  readonly type: K;
  readonly id: number;
  readonly request: Jobs[K]['request'];
}

export type HostToWorker = { readonly [K in JobKind]: JobMessage<K> }[JobKind] | { readonly type: 'cancel'; readonly id: number };

export type WorkerToHost =
  | { readonly type: 'progress'; readonly id: number; readonly progress: JobProgress }
  | { readonly type: 'lutProgress'; readonly id: number; readonly progress: LutProgress }
  | { readonly type: 'note'; readonly id: number; readonly text: string }
  | { readonly type: 'result'; readonly id: number; readonly result: JobResult }
  | { readonly type: 'error'; readonly id: number; readonly error: JobError }
  /** A message the worker could not read: reported with no job to blame. */
  | { readonly type: 'protocolError'; readonly message: string };
