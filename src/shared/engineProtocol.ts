/**
 * Messages between a host (the CLI, the extension host) and the engine worker (dist/worker.js). Both
 * sides check what they receive with the parsers below: a message that does not parse is a bug on the
 * other side and is reported, never acted on. Plain JSON data only (structured clone), no `vscode`.
 */
import { type CostUnit, isCostUnit, parseFrontierPoint, type FrontierPoint } from './protocol';

/**
 * TensorFlow.js backend of a job. One worker uses one backend for its lifetime: the client restarts the
 * worker when a job asks for another. `auto`: the native one when @tensorflow/tfjs-node loads, else wasm.
 */
export type EngineBackend = 'auto' | 'wasm' | 'cpu' | 'tensorflow';
export const ENGINE_BACKENDS: readonly EngineBackend[] = ['auto', 'wasm', 'cpu', 'tensorflow'];
export const DEFAULT_ENGINE_BACKEND: EngineBackend = 'auto';

export function isEngineBackend(v: unknown): v is EngineBackend {
  return typeof v === 'string' && (ENGINE_BACKENDS as readonly string[]).includes(v);
}

/** Why a request's backend is wrong (for an InputError), or undefined when it is fine or omitted. */
export function backendProblem(v: unknown, where = 'backend'): string | undefined {
  return v === undefined || isEngineBackend(v) ? undefined : `${where}: "${String(v)}" is not one of ${ENGINE_BACKENDS.join(', ')}`;
}

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
   * that choose by expected improvement. Default 1,000 for an evaluator (`eval:`) with an exact cost model.
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

/** Timing clock of a latency table: `wall` elapsed time, `cpu` this process's CPU time (docs/latency.md). */
export type LutClock = 'wall' | 'cpu';

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
  readonly clock?: LutClock;
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
  readonly clock: LutClock;
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

export type JobResult = TrainResult | GenerateResult | LutBuildResult | FrontierDataResult;

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

/** What is wrong with a cluster progress report, or undefined when it is one. */
export function clusterProgressProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'cluster progress is not an object';
  if (!isString(v.runner)) return 'cluster progress needs a runner name';
  if (!fieldsAre(v, ['queued', 'running', 'answered', 'failed', 'total'], isCount)) return 'cluster progress needs whole numbers queued, running, answered, failed and total';
  if (!isStringArray(v.reasons)) return 'cluster progress needs a list of reasons';
  return undefined;
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

export type HostToWorker =
  | { readonly type: 'train'; readonly id: number; readonly request: TrainRequest }
  | { readonly type: 'generate'; readonly id: number; readonly request: GenerateRequest }
  | { readonly type: 'lutBuild'; readonly id: number; readonly request: LutBuildRequest }
  | { readonly type: 'frontierData'; readonly id: number; readonly request: FrontierDataRequest }
  | { readonly type: 'cancel'; readonly id: number };

export type WorkerToHost =
  | { readonly type: 'progress'; readonly id: number; readonly progress: JobProgress }
  | { readonly type: 'lutProgress'; readonly id: number; readonly progress: LutProgress }
  | { readonly type: 'note'; readonly id: number; readonly text: string }
  | { readonly type: 'result'; readonly id: number; readonly result: JobResult }
  | { readonly type: 'error'; readonly id: number; readonly error: JobError }
  /** A message the worker could not read: reported with no job to blame. */
  | { readonly type: 'protocolError'; readonly message: string };

type Fields = Record<string, unknown>;
type Check<T> = (v: unknown) => v is T;

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isNumberOrNaN = (v: unknown): v is number => typeof v === 'number';
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isNumberArray = (v: unknown): v is number[] => Array.isArray(v) && v.every(isNumber);
const oneOf = <T extends string>(...values: readonly T[]): Check<T> => (v: unknown): v is T => (values as readonly unknown[]).includes(v);
const isUnit = isCostUnit;
const isClock = oneOf<LutClock>('wall', 'cpu');

/** Every named field passes `check`; `optional`: or is absent. */
const fieldsAre = <T>(v: Fields, fields: readonly string[], check: Check<T>): boolean => fields.every((f) => check(v[f]));
const optionalFieldsAre = <T>(v: Fields, fields: readonly string[], check: Check<T>): boolean =>
  fields.every((f) => v[f] === undefined || check(v[f]));

const TRAIN_STRINGS = ['accuracy', 'cost', 'budgets', 'archive', 'out', 'backend', 'runner', 'device'] as const;
const TRAIN_NUMBERS = ['k', 'seed', 'archiveSize', 'evaluatorEpochs', 'generatorSteps', 'frontierQueries', 'evaluations', 'width', 'resolution', 'evaluatorTimeout', 'evaluatorConcurrency'] as const;

function isTrainOptions(v: unknown): v is Omit<TrainRequest, 'workspace'> {
  return isObject(v) && optionalFieldsAre(v, TRAIN_STRINGS, isString) && optionalFieldsAre(v, TRAIN_NUMBERS, isNumber) && optionalFieldsAre(v, ['slurm'], isObject);
}

export function isTrainRequest(v: unknown): v is TrainRequest {
  return isTrainOptions(v) && isString((v as Fields).workspace);
}

export function isGenerateRequest(v: unknown): v is GenerateRequest {
  return (
    isObject(v) &&
    fieldsAre(v, ['workspace', 'budget'], isString) &&
    optionalFieldsAre(v, ['checkpoint', 'accuracy', 'backend'], isString) &&
    optionalFieldsAre(v, ['bestOf', 'width', 'resolution'], isNumber) &&
    (v.sourceQueries === undefined || isCount(v.sourceQueries)) &&
    optionalFieldsAre(v, ['retrain'], isBoolean) &&
    optionalFieldsAre(v, ['train'], isTrainOptions)
  );
}

export function isLutBuildRequest(v: unknown): v is LutBuildRequest {
  return (
    isObject(v) &&
    isString(v.workspace) &&
    optionalFieldsAre(v, ['outDir', 'device', 'backend'], isString) &&
    optionalFieldsAre(v, ['width', 'repeats', 'warmup'], isNumber) &&
    optionalFieldsAre(v, ['resolutions'], isNumberArray) &&
    optionalFieldsAre(v, ['clock'], isClock)
  );
}

const isMaddsCount = oneOf('pnag', 'ofa');

export function isFrontierDataRequest(v: unknown): v is FrontierDataRequest {
  return (
    isObject(v) &&
    isString(v.archive) &&
    isUnit(v.unit) &&
    optionalFieldsAre(v, ['maddsCount'], isMaddsCount) &&
    optionalFieldsAre(v, ['costMetric', 'accuracySource', 'costModel'], isString) &&
    isCount(v.maxMarks)
  );
}

const isPhase = oneOf<ProgressPhase>(...PROGRESS_PHASES);
const isFraction = (v: unknown): v is number => isNumber(v) && v >= 0 && v <= 1;

/** What is wrong with a progress report, or undefined when it is one. */
export function progressProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'progress is not an object';
  if (!isPhase(v.phase)) return `progress phase "${String(v.phase)}" is not one of ${PROGRESS_PHASES.join(', ')}`;
  if (!fieldsAre(v, ['step', 'steps'], isNumber)) return `${v.phase} progress needs numbers step and steps`;
  if (!optionalFieldsAre(v, ['reward', 'entropy', 'loss', 'etaSeconds'], isNumberOrNaN)) return `${v.phase} progress: reward, entropy, loss and etaSeconds must be numbers when given`;
  if (v.fraction !== undefined && !isFraction(v.fraction)) return `${v.phase} progress: fraction ${String(v.fraction)} is not a number from 0 to 1`;
  if (v.cluster !== undefined) {
    if (v.phase !== 'label' && v.phase !== 'frontier') return `${v.phase} progress: cluster belongs to label and frontier progress only`;
    const problem = clusterProgressProblem(v.cluster);
    if (problem) return `${v.phase} progress: ${problem}`;
  }
  const hasRounds = v.round !== undefined || v.rounds !== undefined;
  if (v.phase !== 'frontier') return hasRounds ? `${v.phase} progress: round and rounds belong to frontier progress only` : undefined;
  if (!isCount(v.round) || !isCount(v.rounds) || v.round < 1 || v.round > v.rounds) {
    return `frontier progress needs whole numbers round and rounds with 1 <= round <= rounds (got round ${String(v.round)}, rounds ${String(v.rounds)})`;
  }
  return undefined;
}

function isProgress(v: unknown): v is JobProgress {
  return progressProblem(v) === undefined;
}

function isLutProgress(v: unknown): v is LutProgress {
  return isObject(v) && fieldsAre(v, ['done', 'total', 'resolution', 'kept'], isNumber) && optionalFieldsAre(v, ['etaSeconds'], isNumber);
}

function isTrainResult(v: Fields): boolean {
  return (
    fieldsAre(v, ['checkpoint', 'accuracySource', 'accuracySpec', 'costModel', 'costSpec'], isString) &&
    isUnit(v.unit) &&
    isBoolean(v.estimate) &&
    isNumberArray(v.budgets) &&
    fieldsAre(v, ['width', 'resolution', 'archs', 'queried', 'reused', 'seconds'], isNumber) &&
    fieldsAre(v, ['evaluatorTau', 'finalReward', 'finalEntropy'], isNumberOrNaN) &&
    isStringArray(v.notes) &&
    optionalFieldsAre(v, ['backend'], isString)
  );
}

function isOfaDict(v: unknown): boolean {
  return isObject(v) && fieldsAre(v, ['ks', 'e', 'd'], isNumberArray) && isNumber(v.r);
}

function isGenerateResult(v: Fields): boolean {
  return (
    fieldsAre(v, ['pnag', 'costModel', 'source', 'checkpoint'], isString) &&
    isOfaDict(v.arch) &&
    fieldsAre(v, ['width', 'resolution', 'madds_M', 'budget'], isNumber) &&
    ['latency_ms', 'top1'].every((f) => v[f] === null || isNumber(v[f])) &&
    isUnit(v.unit) &&
    optionalFieldsAre(v, ['cost'], isNumber) &&
    fieldsAre(v, ['estimate', 'repaired', 'clamped'], isBoolean) &&
    (v.trained === undefined || (isObject(v.trained) && v.trained.kind === 'train' && isTrainResult(v.trained))) &&
    isStringArray(v.notes) &&
    optionalFieldsAre(v, ['backend', 'generator'], isString) &&
    optionalFieldsAre(v, ['measured'], isBoolean) &&
    (v.sourceQueries === undefined || isCount(v.sourceQueries)) &&
    (v.partial === undefined || (isObject(v.partial) && fieldsAre(v.partial, ['generatorStep', 'generatorSteps'], isNumber)))
  );
}

function isLutBuildResult(v: Fields): boolean {
  return (
    fieldsAre(v, ['outDir', 'costSpec', 'device', 'backend'], isString) &&
    isStringArray(v.files) &&
    fieldsAre(v, ['measured', 'kept', 'seconds'], isNumber) &&
    isClock(v.clock)
  );
}

/** What is wrong with a frontierData result, or undefined when it is one. */
export function frontierDataResultProblem(v: Fields): string | undefined {
  if (!Array.isArray(v.points)) return 'frontierData result: points is not a list';
  const bad = v.points.findIndex((p) => parseFrontierPoint(p) === undefined);
  if (bad !== -1) return `frontierData result: points[${bad}] is not a plot point (${abbreviateJson(v.points[bad])})`;
  if (!isStringArray(v.notes)) return 'frontierData result: notes is not a list of strings';
  if (!isCount(v.records)) return `frontierData result: records ${String(v.records)} is not a count`;
  if (!isCount(v.skippedCount)) return `frontierData result: skippedCount ${String(v.skippedCount)} is not a count`;
  const isSkipped = (s: unknown) => isObject(s) && isString(s.file) && isCount(s.line) && isString(s.message);
  if (!Array.isArray(v.skipped) || !v.skipped.every(isSkipped)) return 'frontierData result: skipped must list { file, line, message }';
  return undefined;
}

function abbreviateJson(value: unknown): string {
  // A structured clone may carry BigInts, which JSON.stringify refuses with a TypeError.
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 120)}...` : text;
}

function isJobResult(v: unknown): v is JobResult {
  if (!isObject(v)) return false;
  if (v.kind === 'train') return isTrainResult(v);
  if (v.kind === 'generate') return isGenerateResult(v);
  if (v.kind === 'lutBuild') return isLutBuildResult(v);
  if (v.kind === 'frontierData') return frontierDataResultProblem(v) === undefined;
  return false;
}

const isJobErrorKind = oneOf<JobErrorKind>('input', 'cancelled', 'internal');

function isJobError(v: unknown): v is JobError {
  return isObject(v) && isJobErrorKind(v.kind) && isString(v.message) && optionalFieldsAre(v, ['field'], isString);
}

/** A host message, or undefined when it is not one. */
export function parseHostToWorker(v: unknown): HostToWorker | undefined {
  if (!isObject(v) || !isId(v.id)) return undefined;
  switch (v.type) {
    case 'train':
      return isTrainRequest(v.request) ? { type: 'train', id: v.id, request: v.request } : undefined;
    case 'generate':
      return isGenerateRequest(v.request) ? { type: 'generate', id: v.id, request: v.request } : undefined;
    case 'lutBuild':
      return isLutBuildRequest(v.request) ? { type: 'lutBuild', id: v.id, request: v.request } : undefined;
    case 'frontierData':
      return isFrontierDataRequest(v.request) ? { type: 'frontierData', id: v.id, request: v.request } : undefined;
    case 'cancel':
      return { type: 'cancel', id: v.id };
    default:
      return undefined;
  }
}

/** Why a worker message does not parse (for the error that reports it), naming the message type and job. */
export function workerMessageProblem(v: unknown): string {
  // The reason quotes values from the message; a line break in one must not split the one-line error.
  return describeWorkerMessageProblem(v).replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

function describeWorkerMessageProblem(v: unknown): string {
  if (!isObject(v)) return 'a worker message is not an object';
  const where = `worker message "${String(v.type)}"${isId(v.id) ? ` for job ${v.id}` : ''}`;
  if (v.type !== 'protocolError' && !isId(v.id)) return `${where}: id ${String(v.id)} is not a job id`;
  if (v.type === 'progress') return `${where}: ${progressProblem(v.progress) ?? 'unreadable'}`;
  if (v.type === 'result' && isObject(v.result) && v.result.kind === 'frontierData') return `${where}: ${frontierDataResultProblem(v.result) ?? 'unreadable'}`;
  return `${where}: does not follow the protocol`;
}

/** A worker message, or undefined when it is not one. */
export function parseWorkerToHost(v: unknown): WorkerToHost | undefined {
  if (!isObject(v)) return undefined;
  if (v.type === 'protocolError') return isString(v.message) ? { type: 'protocolError', message: v.message } : undefined;
  if (!isId(v.id)) return undefined;
  switch (v.type) {
    case 'progress':
      return isProgress(v.progress) ? { type: 'progress', id: v.id, progress: v.progress } : undefined;
    case 'lutProgress':
      return isLutProgress(v.progress) ? { type: 'lutProgress', id: v.id, progress: v.progress } : undefined;
    case 'note':
      return isString(v.text) ? { type: 'note', id: v.id, text: v.text } : undefined;
    case 'result':
      return isJobResult(v.result) ? { type: 'result', id: v.id, result: v.result } : undefined;
    case 'error':
      return isJobError(v.error) ? { type: 'error', id: v.id, error: v.error } : undefined;
    default:
      return undefined;
  }
}
