/**
 * The checks both sides of the engine worker run on what they receive (the types are engineJobs.ts):
 * a message that does not parse is a bug on the other side and is reported, never acted on.
 */
import { abbreviateJson } from './abbreviate';
import { evaluationCountProblem } from './evaluationCount';
import { type Fields, isObject } from './isObject';
import { isCostUnit, parseFrontierPoint } from './protocol';
import {
  ENGINE_BACKENDS,
  PROGRESS_PHASES,
  type EngineBackend,
  type FrontierDataRequest,
  type GenerateRequest,
  type HostToWorker,
  type ImportRequest,
  type JobError,
  type JobErrorKind,
  type JobProgress,
  type JobKind,
  type JobMessage,
  type JobResult,
  type Jobs,
  type LutBuildRequest,
  type LutProgress,
  type PredictRequest,
  type ProgressPhase,
  type TimingClock,
  type TrainRequest,
  type WorkerToHost,
} from './engineJobs';

export function isEngineBackend(v: unknown): v is EngineBackend {
  return typeof v === 'string' && (ENGINE_BACKENDS as readonly string[]).includes(v);
}

/** Why a request's backend is wrong (for an InputError), or undefined when it is fine or omitted. */
export function backendProblem(v: unknown, where = 'backend'): string | undefined {
  return v === undefined || isEngineBackend(v) ? undefined : `${where}: "${String(v)}" is not one of ${ENGINE_BACKENDS.join(', ')}`;
}

/** What is wrong with a cluster progress report, or undefined when it is one. */
export function clusterProgressProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'cluster progress is not an object';
  if (!isString(v.runner)) return 'cluster progress needs a runner name';
  if (!fieldsAre(v, ['queued', 'running', 'answered', 'failed', 'total'], isCount)) return 'cluster progress needs whole numbers queued, running, answered, failed and total';
  if (!isStringArray(v.reasons)) return 'cluster progress needs a list of reasons';
  return undefined;
}

type Check<T> = (v: unknown) => v is T;

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
const isClock = oneOf<TimingClock>('wall', 'cpu');

/** Every named field passes `check`; `optional`: or is absent. */
const fieldsAre = <T>(v: Fields, fields: readonly string[], check: Check<T>): boolean => fields.every((f) => check(v[f]));
const optionalFieldsAre = <T>(v: Fields, fields: readonly string[], check: Check<T>): boolean =>
  fields.every((f) => v[f] === undefined || check(v[f]));

const TRAIN_STRINGS = ['accuracy', 'cost', 'budgets', 'archive', 'out', 'runner', 'device'] as const;
const TRAIN_NUMBERS = [
  'k',
  'seed',
  'archiveSize',
  'evaluatorEpochs',
  'generatorSteps',
  'frontierQueries',
  'evaluations',
  'width',
  'resolution',
  'evaluatorTimeout',
  'evaluatorConcurrency',
] as const;

function isTrainOptions(v: unknown): v is Omit<TrainRequest, 'workspace'> {
  return (
    isObject(v) &&
    optionalFieldsAre(v, TRAIN_STRINGS, isString) &&
    optionalFieldsAre(v, TRAIN_NUMBERS, isNumber) &&
    optionalFieldsAre(v, ['backend'], isEngineBackend) &&
    optionalFieldsAre(v, ['forgetFailures', 'asynchronousRounds'], isBoolean) &&
    optionalFieldsAre(v, ['slurm'], isObject)
  );
}

export function isTrainRequest(v: unknown): v is TrainRequest {
  return isTrainOptions(v) && isString((v as Fields).workspace);
}

export function isGenerateRequest(v: unknown): v is GenerateRequest {
  return (
    isObject(v) &&
    fieldsAre(v, ['workspace', 'budget'], isString) &&
    optionalFieldsAre(v, ['checkpoint', 'accuracy'], isString) &&
    optionalFieldsAre(v, ['backend'], isEngineBackend) &&
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
    optionalFieldsAre(v, ['outDir', 'device'], isString) &&
    optionalFieldsAre(v, ['backend'], isEngineBackend) &&
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
    optionalFieldsAre(v, ['costMetric', 'accuracySource', 'costModel', 'costSpec', 'costDevice'], isString) &&
    isCount(v.maxMarks)
  );
}

export function isPredictRequest(v: unknown): v is PredictRequest {
  return (
    isObject(v) &&
    fieldsAre(v, ['workspace', 'source', 'arch'], isString) &&
    optionalFieldsAre(v, ['width', 'resolution', 'evaluatorTimeout'], isNumber) &&
    optionalFieldsAre(v, ['backend'], isEngineBackend)
  );
}

export function isImportRequest(v: unknown): v is ImportRequest {
  return (
    isObject(v) &&
    fieldsAre(v, ['workspace', 'file'], isString) &&
    optionalFieldsAre(v, ['archive', 'format', 'device'], isString) &&
    optionalFieldsAre(v, ['width', 'resolution'], isNumber)
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
  if (v.evaluations !== undefined) {
    const problem = evaluationCountProblem(v.evaluations);
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
    optionalFieldsAre(v, ['backend'], isString) &&
    optionalFieldsAre(v, ['frontierArchs'], isNumber) &&
    (v.frontierRise === undefined || (isObject(v.frontierRise) && fieldsAre(v.frontierRise, ['evaluations', 'last', 'before'], isNumber)))
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
    (v.partial === undefined || (isObject(v.partial) && fieldsAre(v.partial, ['generatorStep', 'generatorSteps'], isNumber))) &&
    (v.predictedTop1 === undefined || isPredictedTop1(v.predictedTop1))
  );
}

/** A top-1 the training says of the answer: a finite percentage, where it comes from, and the training's source. */
function isPredictedTop1(v: unknown): boolean {
  return isObject(v) && isNumber(v.top1) && v.top1 >= 0 && v.top1 <= 100 && (v.from === 'memory' || v.from === 'model') && isString(v.source);
}

function isLutBuildResult(v: Fields): boolean {
  return (
    fieldsAre(v, ['outDir', 'costSpec', 'device', 'backend'], isString) &&
    isStringArray(v.files) &&
    fieldsAre(v, ['measured', 'kept', 'seconds'], isNumber) &&
    isClock(v.clock)
  );
}

function isPredictResult(v: Fields): boolean {
  return isNumber(v.top1) && isString(v.source) && fieldsAre(v, ['estimate', 'measured'], isBoolean);
}

const isImportIssue = (v: unknown): boolean =>
  isObject(v) && fieldsAre(v, ['file', 'message'], isString) && isCount(v.line) && optionalFieldsAre(v, ['field'], isString);

function isImportResult(v: Fields): boolean {
  return (
    fieldsAre(v, ['file', 'format', 'archive'], isString) &&
    fieldsAre(v, ['imported', 'merged', 'skipped', 'archiveSize'], isCount) &&
    Array.isArray(v.errors) &&
    v.errors.every(isImportIssue) &&
    isStringArray(v.notes)
  );
}

/** What is wrong with a frontierData result, or undefined when it is one. */
export function frontierDataResultProblem(v: Fields): string | undefined {
  if (!Array.isArray(v.points)) return 'frontierData result: points is not a list';
  const bad = v.points.findIndex((p) => parseFrontierPoint(p) === undefined);
  if (bad !== -1) return `frontierData result: points[${bad}] is not a plot point (${abbreviateJson(v.points[bad], 123)})`;
  if (!isStringArray(v.notes)) return 'frontierData result: notes is not a list of strings';
  if (!isCount(v.records)) return `frontierData result: records ${String(v.records)} is not a count`;
  if (!isCount(v.skippedCount)) return `frontierData result: skippedCount ${String(v.skippedCount)} is not a count`;
  const isSkipped = (s: unknown) => isObject(s) && isString(s.file) && isCount(s.line) && isString(s.message);
  if (!Array.isArray(v.skipped) || !v.skipped.every(isSkipped)) return 'frontierData result: skipped must list { file, line, message }';
  return undefined;
}

/** A worker message that carries a job's progress. */
export type ProgressMessage = Extract<WorkerToHost, { readonly type: 'progress' | 'lutProgress' }>;

/** The checks of one kind of job: its request (host to worker), its progress and its result (worker to host). */
export interface JobChecks<K extends JobKind> {
  readonly request: (v: unknown) => v is Jobs[K]['request'];
  /** The progress a message carries when it is this kind of job's progress, else undefined. */
  readonly progress: (message: ProgressMessage) => Jobs[K]['progress'] | undefined;
  readonly result: (v: Fields) => boolean;
}

const trainingProgress = (message: ProgressMessage): JobProgress | undefined => (message.type === 'progress' ? message.progress : undefined);

/** One entry per job of the map: a job without its checks does not compile. */
export const JOB_CHECKS: { readonly [K in JobKind]: JobChecks<K> } = {
  train: { request: isTrainRequest, progress: trainingProgress, result: isTrainResult },
  generate: { request: isGenerateRequest, progress: trainingProgress, result: isGenerateResult },
  lutBuild: { request: isLutBuildRequest, progress: (message) => (message.type === 'lutProgress' ? message.progress : undefined), result: isLutBuildResult },
  frontierData: { request: isFrontierDataRequest, progress: () => undefined, result: (v) => frontierDataResultProblem(v) === undefined },
  predict: { request: isPredictRequest, progress: () => undefined, result: isPredictResult },
  import: { request: isImportRequest, progress: () => undefined, result: isImportResult },
};

export function isJobKind(v: unknown): v is JobKind {
  return typeof v === 'string' && Object.hasOwn(JOB_CHECKS, v);
}

function isJobResult(v: unknown): v is JobResult {
  return isObject(v) && isJobKind(v.kind) && JOB_CHECKS[v.kind].result(v);
}

/** A request of one kind of job, or undefined when the request is not one. */
function jobMessageOf<K extends JobKind>(type: K, id: number, request: unknown): { readonly [P in K]: JobMessage<P> }[K] | undefined {
  const checks: JobChecks<K> = JOB_CHECKS[type];
  return checks.request(request) ? { type, id, request } : undefined;
}

const isJobErrorKind = oneOf<JobErrorKind>('input', 'cancelled', 'internal');

function isJobError(v: unknown): v is JobError {
  return isObject(v) && isJobErrorKind(v.kind) && isString(v.message) && optionalFieldsAre(v, ['field'], isString);
}

/** A host message, or undefined when it is not one. */
export function parseHostToWorker(v: unknown): HostToWorker | undefined {
  if (!isObject(v) || !isId(v.id)) return undefined;
  if (v.type === 'cancel') return { type: 'cancel', id: v.id };
  return isJobKind(v.type) ? jobMessageOf(v.type, v.id, v.request) : undefined;
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
