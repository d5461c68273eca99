import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { InputError } from '../core/errors';
import { releaseAbandonedTrainingLock } from '../core/fs/trainingLock';
import { trainingOutputOf } from '../core/pipeline/checkpointPaths';
import {
  DEFAULT_ENGINE_BACKEND,
  type EngineBackend,
  type HooksOf,
  type HostToWorker,
  JOB_CHECKS,
  type JobError,
  type JobKind,
  type JobMessage,
  type JobResult,
  type Jobs,
  type ProgressMessage,
  backendProblem,
  parseWorkerToHost,
  workerMessageProblem,
} from '../shared/engineProtocol';

/** The job was cancelled through its AbortSignal; the last good checkpoint is untouched. */
export class JobCancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortError';
  }
}

/** The engine failed (a bug, the worker crashed or sent something unreadable); not the user's input. */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

export interface EngineClientOptions {
  /** The worker script (`.js`, or `.ts` loaded through tsx); default: `worker.js` beside the bundle, or engineWorker.ts under tsx. */
  readonly workerFile?: string;
  readonly execArgv?: string[];
}

/** A job in flight, its kind's types closed over so the message handler needs none. */
interface Pending {
  readonly kind: JobKind;
  /** A training's checkpoint: its lock is released here if the worker ends before the training does. */
  readonly trainingOutput?: string;
  readonly onProgress: (message: ProgressMessage) => void;
  readonly onNote: (text: string) => void;
  /** Resolves with the result when it is this kind of job's, else rejects with an EngineError. */
  readonly settle: (result: JobResult) => void;
  readonly reject: (error: Error) => void;
  readonly detach: () => void;
}

/** Where the worker is: bundled beside dist/cli.js and dist/extension.js, or this folder's .ts under tsx. */
export function defaultWorkerScript(): string {
  if (!__filename.endsWith('.ts')) {
    const bundled = join(__dirname, 'worker.js');
    if (existsSync(bundled)) return bundled;
  }
  return join(__dirname, 'engineWorker.ts');
}

/**
 * A worker for a script; a `.ts` one (running from sources, in tests) is loaded through tsx's require
 * hook, registered inside the worker, since loader flags in a worker's execArgv are not applied to its entry.
 */
export function startWorker(file: string, execArgv: string[] = []): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, { execArgv });
  const code = `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(file)});\n`;
  return new Worker(code, { eval: true, execArgv });
}

/** The error a host throws for a typed error reply: InputError for bad input, so front ends exit 2. */
export function errorOfReply(error: JobError): Error {
  switch (error.kind) {
    case 'input':
      return new InputError(error.message, error.field);
    case 'cancelled':
      return new JobCancelledError();
    case 'internal':
      return new EngineError(error.message);
  }
}

/**
 * The TF.js backend each kind of job asks for, as sent (undefined: the default); `none`: the job uses no
 * TF.js, so it runs on whichever worker is up.
 */
const REQUESTED_BACKEND: { readonly [K in JobKind]: ((request: Jobs[K]['request']) => EngineBackend | undefined) | 'none' } = {
  train: (request) => request.backend,
  // Generation trains first when it must, on its training settings' backend unless it names one.
  generate: (request) => request.backend ?? request.train?.backend,
  lutBuild: (request) => request.backend,
  frontierData: 'none',
  // A proxy builds its networks on it; hosts send the backend their training jobs use, so the worker stays.
  predict: (request) => request.backend,
  import: 'none',
};

/** The backend a job asks for; undefined: the default, or `none` for a job without TF.js. */
function requestedBackend<K extends JobKind>(message: JobMessage<K>): EngineBackend | undefined | 'none' {
  const asked: (typeof REQUESTED_BACKEND)[K] = REQUESTED_BACKEND[message.type];
  return asked === 'none' ? 'none' : asked(message.request);
}

/**
 * Runs engine jobs in a worker thread, started on the first job. Progress streams to the hooks; an
 * aborted signal sends a cancel; a crashed worker fails its jobs with EngineError and the next job
 * starts a fresh one. A worker keeps the TF.js backend it started with, so a job asking for another
 * waits until the worker is idle and gets a new worker. `dispose()` terminates the worker.
 */
export class EngineClient {
  private worker: Worker | undefined;
  /** The backend the current worker's jobs asked for (it initialises TF.js once); undefined before its first TF.js job. */
  private workerBackend: EngineBackend | undefined;
  /** Jobs waiting to replace the worker for another backend go through here one after another. */
  private switching: Promise<void> = Promise.resolve();
  private idleWaiters: (() => void)[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;
  /** Workers started so far (a backend switch starts another). */
  workersStarted = 0;

  constructor(private readonly options: EngineClientOptions = {}) {}

  train(request: Jobs['train']['request'], hooks: HooksOf<'train'> = {}): Promise<Jobs['train']['result']> {
    return this.run('train', request, hooks);
  }

  generate(request: Jobs['generate']['request'], hooks: HooksOf<'generate'> = {}): Promise<Jobs['generate']['result']> {
    return this.run('generate', request, hooks);
  }

  /** Times every operator of the space in the worker and writes latency tables (resumes an interrupted build). */
  lutBuild(request: Jobs['lutBuild']['request'], hooks: HooksOf<'lutBuild'> = {}): Promise<Jobs['lutBuild']['result']> {
    return this.run('lutBuild', request, hooks);
  }

  /**
   * Reads the archive and builds the Frontier view's marks in the worker. It needs no TF.js backend, so it
   * runs on the worker that is up (whatever its backend) and never waits for training to finish.
   */
  frontierData(request: Jobs['frontierData']['request'], hooks: HooksOf<'frontierData'> = {}): Promise<Jobs['frontierData']['result']> {
    return this.run('frontierData', request, hooks);
  }

  /** One architecture's top-1 from the source the request names (the editor lens, `pnag predict`). */
  predict(request: Jobs['predict']['request'], hooks: HooksOf<'predict'> = {}): Promise<Jobs['predict']['result']> {
    return this.run('predict', request, hooks);
  }

  /** Adds a file's evaluated architectures to an archive, off the caller's thread. */
  import(request: Jobs['import']['request'], hooks: HooksOf<'import'> = {}): Promise<Jobs['import']['result']> {
    return this.run('import', request, hooks);
  }

  /** Runs a job of any kind of the map in the worker; the named methods above are this with the kind filled in. */
  run<K extends JobKind>(kind: K, request: Jobs[K]['request'], hooks: HooksOf<K> = {}): Promise<Jobs[K]['result']> {
    const message: JobMessage<K> = { type: kind, id: this.nextId++, request };
    return this.start(message, hooks);
  }

  /** True while a worker thread is alive. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    const abandoned = this.trainingOutputs();
    this.failAll(new EngineError('the engine was shut down'));
    if (worker) await worker.terminate();
    abandoned.forEach(releaseAbandonedTrainingLock);
  }

  /** Checkpoints of the trainings in flight. */
  private trainingOutputs(): string[] {
    return [...this.pending.values()].flatMap((job) => (job.trainingOutput !== undefined ? [job.trainingOutput] : []));
  }

  private async start<K extends JobKind>(message: JobMessage<K>, hooks: HooksOf<K>): Promise<Jobs[K]['result']> {
    if (this.disposed) throw new EngineError('the engine client is disposed');
    const asked = requestedBackend(message);
    const problem = asked === 'none' ? undefined : backendProblem(asked, '--backend');
    if (problem) throw new InputError(problem);
    if (hooks.signal?.aborted) throw new JobCancelledError();
    // A job without TF.js takes the worker as it is and leaves the backend to the next TF.js job.
    const backend = asked === 'none' ? undefined : (asked ?? DEFAULT_ENGINE_BACKEND);
    if (this.worker && backend !== undefined && this.workerBackend !== undefined && this.workerBackend !== backend) {
      // One backend per worker: let its jobs finish, then start a worker for this one.
      const turn = this.switching.then(async () => {
        await this.whenIdle();
        if (this.worker && this.workerBackend !== undefined && this.workerBackend !== backend) await this.stopWorker();
      });
      this.switching = turn.catch(() => undefined);
      await turn;
      if (this.disposed) throw new EngineError('the engine client is disposed');
      if (hooks.signal?.aborted) throw new JobCancelledError();
    }
    const worker = this.ensureWorker(backend);
    const checks = JOB_CHECKS[message.type];
    return new Promise<Jobs[K]['result']>((resolve, reject) => {
      const onAbort = () => worker.postMessage({ type: 'cancel', id: message.id } satisfies HostToWorker);
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(message.id, {
        kind: message.type,
        ...(message.type === 'train' ? { trainingOutput: trainingOutputOf(message.request as Jobs['train']['request']) } : {}),
        onProgress: (progressMessage) => {
          const progress = checks.progress(progressMessage);
          if (progress !== undefined) hooks.onProgress?.(progress);
        },
        onNote: (text) => hooks.onNote?.(text),
        settle: (result) => {
          if (isResultOf(message.type, result)) resolve(result);
          else reject(new EngineError(`the engine answered a ${message.type} job with a ${result.kind} result`));
        },
        reject,
        detach: () => hooks.signal?.removeEventListener('abort', onAbort),
      });
      worker.ref();
      worker.postMessage(message);
    });
  }

  private ensureWorker(backend: EngineBackend | undefined): Worker {
    if (this.worker) {
      this.workerBackend ??= backend;
      return this.worker;
    }
    const worker = startWorker(this.options.workerFile ?? defaultWorkerScript(), this.options.execArgv);
    this.workersStarted++;
    worker.on('message', (raw: unknown) => this.onMessage(raw));
    worker.on('error', (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      // The worker is gone: the trainings it ran cannot release their locks themselves.
      this.trainingOutputs().forEach(releaseAbandonedTrainingLock);
      this.failAll(new EngineError(`the engine worker crashed: ${error.message}`));
    });
    worker.on('exit', (code) => {
      // A worker retired for a backend switch (or by dispose) had no jobs left.
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.trainingOutputs().forEach(releaseAbandonedTrainingLock);
      if (!this.disposed) this.failAll(new EngineError(`the engine worker stopped (exit code ${code})`));
    });
    // An idle worker must not keep a CLI process alive.
    worker.unref();
    this.worker = worker;
    this.workerBackend = backend;
    return worker;
  }

  /** Resolves when no job is in flight. */
  private whenIdle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.workerBackend = undefined;
    if (worker) await worker.terminate();
  }

  private onMessage(raw: unknown): void {
    const message = parseWorkerToHost(raw);
    if (!message) {
      this.failAll(new EngineError(`the engine worker sent a message that does not follow the protocol: ${workerMessageProblem(raw)}`));
      return;
    }
    if (message.type === 'protocolError') {
      this.failAll(new EngineError(message.message));
      return;
    }
    const job = this.pending.get(message.id);
    if (!job) return;
    switch (message.type) {
      case 'progress':
      case 'lutProgress':
        job.onProgress(message);
        return;
      case 'note':
        job.onNote(message.text);
        return;
      case 'result':
        this.settle(message.id);
        job.settle(message.result);
        return;
      case 'error':
        this.settle(message.id);
        job.reject(errorOfReply(message.error));
        return;
    }
  }

  private settle(id: number): void {
    this.pending.get(id)?.detach();
    this.pending.delete(id);
    // Keep the process alive only while jobs are in flight.
    if (this.pending.size === 0) {
      this.worker?.unref();
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach((resolve) => resolve());
    }
  }

  private failAll(error: Error): void {
    for (const [id, job] of [...this.pending]) {
      this.settle(id);
      job.reject(error);
    }
  }
}

/** A result of the job kind asked for (the worker answers each job with its own kind). */
function isResultOf<K extends JobKind>(kind: K, result: JobResult): result is Jobs[K]['result'] {
  return result.kind === kind;
}
