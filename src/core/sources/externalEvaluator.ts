import type { Archive } from '../archive/archive';
import type { ArchiveEntry, Metrics } from '../archive/archiveRecord';
import { messageOf } from '../errors';
import { accuracyOfResults } from './batchAnswers';
import { StoreWriteError } from '../fs/writeError';
import type { Arch } from '../space/arch';
import { toPnagString } from '../space/pnagString';
import type { AccuracySource } from './accuracySource';
import { EvaluatorError } from './evaluatorError';
import { EvaluatorDeclaration } from './evaluator/evaluatorDeclaration';
import { EvaluatorProcess } from './evaluator/evaluatorProcess';
import { MAX_LINE_CHARS } from './evaluator/lineSplitter';
import { abbreviate, makeRequest, parseReplyLine } from './evaluator/protocol';
import { UnsavedResults } from './evaluator/unsavedResults';

/** What the evaluator keeps results in: the workspace archive (a test may give a store that fails). */
export type ResultStore = Pick<Archive, 'add' | 'path'>;

export interface ExternalEvaluatorOptions {
  /** A command line, run through the shell, e.g. `python eval_subnet.py --gpu 0`. */
  command: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Requests in flight at once (default 1). */
  concurrency?: number;
  /** Time a request may take before the evaluator is taken as hung and restarted (default 10 minutes). */
  timeoutMs?: number;
  /** How many times a request is resent after the evaluator died, hung or garbled its output (default 2). */
  retries?: number;
  /**
   * Every result is appended here the moment it arrives. When a write fails, the evaluation stops (queued
   * requests are not sent) and results still arriving go to a file in the OS temp folder the error names.
   */
  archive?: ResultStore;
  /** Evaluator stderr lines and lifecycle events. */
  log?: (entry: EvaluatorLogEntry) => void;
  /** Metric `accuracy()` returns (default `top1`). */
  metric?: string;
  /** While requests are outstanding, a "waiting for the evaluator" event this often (default 15 s). */
  waitingNoteMs?: number;
}

export interface EvaluatorLogEntry {
  readonly stream: 'stderr' | 'event';
  readonly text: string;
}

export type EvaluationResult =
  | { readonly arch: Arch; readonly metrics: Metrics; readonly error?: undefined; readonly lost?: undefined }
  | {
    readonly arch: Arch;
    readonly error: string;
    readonly metrics?: undefined;
    /** The evaluation was lost to the infrastructure (every attempt ended by a node failure, a preemption...): it says nothing about the network. */
    readonly lost?: true;
  };

interface Job {
  readonly seq: number;
  readonly arch: Arch;
  attempts: number;
  id?: string;
  timer?: ReturnType<typeof setTimeout>;
  settled: boolean;
  readonly settle: (result: EvaluationResult) => void;
}

/**
 * A user's evaluator command spoken to in JSON Lines (docs/evaluator-protocol.md). One long-lived
 * process; a process that dies, hangs past the timeout or prints non-replies on stdout is killed and
 * restarted, and the requests it held are resent up to `retries` times.
 */
export class ExternalEvaluator extends EvaluatorDeclaration implements AccuracySource {

  /** Requests in flight at once (--evaluator-concurrency). */
  readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly waitingNoteMs: number;
  private readonly queue: Job[] = [];
  private readonly inFlight = new Map<string, Job>();
  private process: EvaluatorProcess | undefined;
  private stderrTail: string[] = [];
  private stdoutLines = 0;
  private seq = 0;
  private disposed = false;
  /** Results with metrics, and how many of them the archive took. */
  private received = 0;
  private kept = 0;
  /** Set when the archive refused a write; from then on nothing new is sent. */
  private storeFailure: { readonly error: StoreWriteError; readonly unsaved: UnsavedResults; lost: number; notSent: number } | undefined;
  private waitingTimer: ReturnType<typeof setInterval> | undefined;
  /** When a request was last sent or answered: what the waiting note counts from. */
  private lastActivity = Date.now();

  constructor(private readonly options: ExternalEvaluatorOptions) {
    super(options);
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
    this.timeoutMs = options.timeoutMs ?? 600_000;
    this.retries = Math.max(0, Math.floor(options.retries ?? 2));
    this.waitingNoteMs = options.waitingNoteMs ?? 15_000;
  }

  /**
   * Evaluates every architecture; each result is archived as it arrives. Failed requests come back with
   * an `error`. On abort the promise rejects at once; replies still in flight are archived when they come.
   */
  evaluate(archs: readonly Arch[], signal?: AbortSignal): Promise<EvaluationResult[]> {
    if (this.disposed) return Promise.reject(new EvaluatorError(`${this.name}: disposed`));
    if (this.storeFailure) return Promise.reject(this.storeError());
    signal?.throwIfAborted();
    return new Promise<EvaluationResult[]>((resolve, reject) => {
      const results = new Array<EvaluationResult>(archs.length);
      let remaining = archs.length;
      const jobs: Job[] = archs.map((arch, i) => ({
        seq: ++this.seq,
        arch,
        attempts: 0,
        settled: false,
        settle: (result) => {
          results[i] = result;
          if (--remaining === 0) {
            signal?.removeEventListener('abort', onAbort);
            if (this.storeFailure) reject(this.storeError());
            else resolve(results);
          }
        },
      }));
      const onAbort = () => {
        for (const job of jobs) {
          // Settled without a result: not retried, but a reply still on its way is archived.
          job.settled = true;
          const at = this.queue.indexOf(job);
          if (at !== -1) this.queue.splice(at, 1);
        }
        reject(signal?.reason ?? new Error('aborted'));
      };
      if (jobs.length === 0) return resolve([]);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(...jobs);
      this.pump();
    });
  }

  async accuracy(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]> {
    const results = await this.evaluate(archs, signal);
    return accuracyOfResults(results, this.metric, (failed, first) => new EvaluatorError(
      `${this.name}: ${failed} of ${results.length} evaluations failed (${results.length - failed} finished${this.options.archive ? ' and archived' : ''}); first: ${first}`,
    ));
  }

  /** Fails what is queued, closes stdin and waits (briefly) for the evaluator to exit. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.stopWaitingNotes();
    for (const job of this.queue.splice(0)) this.finish(job, { arch: job.arch, error: 'the evaluator was disposed' });
    const proc = this.process;
    this.process = undefined;
    for (const job of this.inFlight.values()) this.finish(job, { arch: job.arch, error: 'the evaluator was disposed' });
    this.inFlight.clear();
    await proc?.close();
  }

  private pump(): void {
    while (!this.disposed && this.inFlight.size < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift() as Job;
      if (job.settled) continue;
      const proc = this.ensureProcess();
      job.attempts++;
      job.id = `${job.seq}.${job.attempts}`;
      this.inFlight.set(job.id, job);
      job.timer = setTimeout(() => this.onTimeout(job), this.timeoutMs);
      proc.send(makeRequest(job.id, job.arch));
      this.lastActivity = Date.now();
    }
    this.updateWaitingNotes();
  }

  /**
   * A slow or hung evaluator is otherwise silent for up to the whole timeout: while requests are
   * outstanding, say how many and how long since the evaluator last answered or was asked.
   */
  private updateWaitingNotes(): void {
    const waiting = !this.disposed && this.inFlight.size > 0;
    if (!waiting) return this.stopWaitingNotes();
    if (this.waitingTimer !== undefined) return;
    this.waitingTimer = setInterval(() => {
      const live = [...this.inFlight.values()].filter((job) => !job.settled).length;
      const queued = this.queue.filter((job) => !job.settled).length;
      if (live === 0) return;
      const seconds = Math.round((Date.now() - this.lastActivity) / 1000);
      this.log(
        'event',
        `waiting for the evaluator: ${live} request${live === 1 ? '' : 's'} outstanding${queued > 0 ? ` (${queued} queued)` : ''}, ` +
          `${seconds} s since the last reply or request (timeout ${formatSeconds(this.timeoutMs)})`,
      );
    }, this.waitingNoteMs);
    // A note timer alone never keeps the process alive.
    this.waitingTimer.unref?.();
  }

  private stopWaitingNotes(): void {
    clearInterval(this.waitingTimer);
    this.waitingTimer = undefined;
  }

  private ensureProcess(): EvaluatorProcess {
    if (this.process && !this.process.closed) return this.process;
    this.stderrTail = [];
    this.stdoutLines = 0;
    const started: EvaluatorProcess = new EvaluatorProcess(this.options.command, { cwd: this.options.cwd, env: this.options.env }, {
      line: (text, overlongChars) => this.process === started && this.onLine(text, overlongChars),
      stderr: (text) => {
        if (this.process === started) this.stderrTail = [...this.stderrTail.slice(-9), text];
        this.log('stderr', text);
      },
      closed: (description) => {
        if (this.process === started) this.onProcessGone(`the evaluator ${description}`);
      },
    });
    this.process = started;
    this.log('event', `started ${this.options.command} (pid ${started.pid ?? '?'})`);
    return started;
  }

  private onLine(text: string, overlongChars?: number): void {
    this.stdoutLines++;
    if (overlongChars !== undefined) {
      this.restart(`the evaluator broke the protocol: stdout line ${this.stdoutLines} is ${overlongChars} characters long, more than a reply can be ` +
        `(${MAX_LINE_CHARS} at most; it starts ${JSON.stringify(abbreviate(text))}; stdout is for replies only; print logs to stderr)`);
      return;
    }
    const parsed = parseReplyLine(text);
    if (parsed.kind === 'blank') return;
    if (parsed.kind === 'garbage') {
      this.restart(`the evaluator broke the protocol: stdout line ${this.stdoutLines} is ${parsed.message} (stdout is for replies only; print logs to stderr)`);
      return;
    }
    const id = parsed.kind === 'reply' ? parsed.reply.id : parsed.id;
    const job = this.inFlight.get(id);
    if (!job) {
      // Waiting on would cost the whole timeout: the reply it meant is lost, so start over like after garbage.
      this.restart(
        `the evaluator broke the protocol: stdout line ${this.stdoutLines} answers unknown request id "${abbreviate(id)}" ` +
          `(outstanding: ${[...this.inFlight.keys()].map((k) => `"${k}"`).join(', ') || 'none'}; reply with the id of the request)`,
      );
      return;
    }
    this.inFlight.delete(id);
    this.lastActivity = Date.now();
    if (parsed.kind === 'bad-reply') {
      this.finish(job, { arch: job.arch, error: `bad reply: ${parsed.message}` });
    } else if ('error' in parsed.reply) {
      this.finish(job, { arch: job.arch, error: `the evaluator reported: ${parsed.reply.error}` });
    } else {
      this.record(job.arch, parsed.reply.metrics);
      this.finish(job, { arch: job.arch, metrics: parsed.reply.metrics });
    }
    this.pump();
  }

  private record(arch: Arch, metrics: Metrics): void {
    const store = this.options.archive;
    if (!store) return;
    const entry: ArchiveEntry = { arch, metrics, provenance: { source: this.name, command: this.options.command } };
    if (!this.storeFailure) {
      try {
        store.add(entry);
        this.received++;
        this.kept++;
        return;
      } catch (error) {
        if (!(error instanceof StoreWriteError)) {
          // A reply the archive refuses (a top-1 outside [0, 100]) is the reply's fault, not the disk's.
          this.log('event', `could not archive a result for ${toPnagString(arch)}: ${messageOf(error)}`);
          return;
        }
        this.storeFailure = { error, unsaved: new UnsavedResults(), lost: 0, notSent: 0 };
        this.log('event', `could not archive a result for ${toPnagString(arch)}: ${messageOf(error)}; stopping`);
        // Stop paying for evaluations whose results could not be kept.
        for (const job of this.queue.splice(0)) {
          this.storeFailure.notSent++;
          this.finish(job, { arch: job.arch, error: `not evaluated: ${messageOf(error)}` });
        }
      }
    }
    this.received++;
    if (!this.storeFailure.unsaved.keep(entry)) this.storeFailure.lost++;
  }

  /** `8 of 9 results kept; <archive>: no space left on device; the other 1 is in <file> ...`: true counts. */
  private storeError(): StoreWriteError {
    const failure = this.storeFailure as NonNullable<typeof this.storeFailure>;
    const where = failure.unsaved.size > 0 ? `; the other ${failure.unsaved.size} ${failure.unsaved.size === 1 ? 'is' : 'are'} in ${failure.unsaved.path} (pnag import it when there is room)` : '';
    const lost = failure.lost > 0 ? `; ${failure.lost} could not be written anywhere and are lost` : '';
    const stopped = failure.notSent > 0 ? `; ${failure.notSent} queued evaluations were not started` : '';
    return new StoreWriteError(`${this.name}: ${this.kept} of ${this.received} results kept; ${failure.error.message}${where}${lost}${stopped}`, failure.error.path, failure.error.code);
  }

  private onTimeout(job: Job): void {
    if (job.settled || job.id === undefined || !this.inFlight.has(job.id)) return;
    this.restart(`no reply within ${formatSeconds(this.timeoutMs)}`, job);
  }

  /** Kills the process; the requests it held are resent, or failed with `reason` once out of retries. */
  private restart(reason: string, culprit?: Job): void {
    const proc = this.process;
    this.process = undefined;
    proc?.kill();
    this.log('event', `restarting: ${reason}`);
    this.requeueInFlight(reason, culprit);
  }

  private onProcessGone(description: string): void {
    this.process = undefined;
    const tail = this.stderrTail.length > 0 ? `; last stderr: ${this.stderrTail.slice(-3).join(' | ')}` : '';
    // The exit alone says little; its last stderr lines are usually the reason (CUDA out of memory, a traceback).
    this.log('event', `${description}${tail}`);
    this.requeueInFlight(`${description} before replying${tail}`);
  }

  /** With a culprit (a timeout) only it is charged an attempt; the others were innocent bystanders. */
  private requeueInFlight(reason: string, culprit?: Job): void {
    const jobs = [...this.inFlight.values()].sort((a, b) => a.seq - b.seq);
    this.inFlight.clear();
    const retry: Job[] = [];
    for (const job of jobs) {
      clearTimeout(job.timer);
      if (job.settled) continue;
      const charged = culprit === undefined || job === culprit;
      if (!charged) job.attempts--;
      if (charged && job.attempts > this.retries) {
        this.finish(job, { arch: job.arch, error: `${reason} (tried ${job.attempts} times)` });
      } else retry.push(job);
    }
    this.queue.unshift(...retry);
    this.pump();
  }

  private finish(job: Job, result: EvaluationResult): void {
    clearTimeout(job.timer);
    if (job.settled) return;
    job.settled = true;
    job.settle(result);
  }

  private log(stream: EvaluatorLogEntry['stream'], text: string): void {
    this.options.log?.({ stream, text });
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
