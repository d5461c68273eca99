import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, writeFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { join, resolve } from 'node:path';
import type { Archive } from '../archive/archive';
import { InputError, messageOf } from '../errors';
import { type Arch, archKey } from '../space/arch';
import { toPnagString } from '../space/pnagString';
import { accuracyOfResults } from '../sources/batchAnswers';
import { EvaluatorError } from '../sources/evaluatorError';
import type { EvaluationResult, EvaluatorLogEntry } from '../sources/externalEvaluator';
import type { EvaluationRunner } from '../sources/evaluator/evaluationRunner';
import { EvaluatorDeclaration } from '../sources/evaluator/evaluatorDeclaration';
import { abbreviate, makeRequest, parseReplyLine } from '../sources/evaluator/protocol';
import { LineSplitter } from '../sources/evaluator/lineSplitter';
import type { ClusterProgress } from '../../shared/engineProtocol';
import { type ClusterBackend, type TaskStatus, endedByTheCluster } from './clusterBackend';
import { ownerOf, tryOwnerLock } from '../fs/ownerLock';
import { RUN_STATE_FILE, type RunBatch, type RunState, type RunWhat, loadRunState, saveRunState } from './runState';
import { DEFAULT_SLURM_POLL_SECONDS, DEFAULT_SLURM_RETRIES } from './runnerSettings';

export interface ClusterEvaluatorOptions {
  /** The configured evaluator command: the only thing a task runs (after `setup`). */
  readonly command: string;
  readonly setup?: string;
  /** Extra scheduler options, kept in the state to refuse reattaching a run that ran other ones. */
  readonly args?: readonly string[];
  /** Where tasks run and where `.pnag/cluster` is by default. */
  readonly cwd: string;
  readonly backend: ClusterBackend;
  readonly maxRunning: number;
  /** Folder of the runs (default `<cwd>/.pnag/cluster`), on a filesystem the nodes share. */
  readonly folder?: string;
  readonly retries?: number;
  readonly pollSeconds?: number;
  /** Every reply is appended here (fsynced) the moment it is read. */
  readonly archive?: Archive;
  /** Lifecycle events (`stream: 'event'`): submissions, task ends, resubmissions, reattach, cancel. */
  readonly log?: (entry: EvaluatorLogEntry) => void;
  readonly onProgress?: (progress: ClusterProgress) => void;
  /** Metric `accuracy()` returns (default `top1`). */
  readonly metric?: string;
}

/** How often reply files are read; the queue is asked every `pollSeconds`. */
const REPLY_READ_MS = 250;
/** After the last reply, tasks get this long to leave the queue before they are cancelled. */
const EXIT_GRACE_MS = 15_000;
/** Failed looks at the queue in a row before a call gives up (about a minute at the default poll). */
const QUEUE_FAILURES_TOLERATED = 12;

/** The run this evaluator drives now, which calls made meanwhile join. */
interface DrivenRun {
  /** Once opened (or reattached). */
  run?: LiveRun;
  /** Requests of the calls made while it was being opened. */
  readonly early: Arch[];
  /** Every request answered (or the run cancelled, or failed): calls from now on start a new run. */
  closed: boolean;
  /** The driving is over; `error` says why when it failed. */
  ended: boolean;
  /** The signal of the call that started it: its abort cancels the run. */
  readonly signal?: AbortSignal;
  error?: unknown;
  done: Promise<void>;
}

interface ReplyReader {
  offset: number;
  line: number;
  /** Text read so far, cut into lines as it comes; a line still being written stays inside until its newline. */
  readonly lines: LineSplitter;
  /** Bytes to text across reads: a character split by a read is not mangled. */
  readonly decoder: StringDecoder;
}

/** Most bytes of a reply file read in one step: a task that writes gigabytes is read in bounded pieces. */
const REPLY_READ_BYTES = 16 << 20;

/** One run being driven: its state plus what the reply files said so far. */
interface LiveRun {
  readonly folder: string;
  readonly state: RunState;
  readonly index: Map<string, number>;
  readonly results: Map<number, EvaluationResult>;
  readonly readers: Map<string, ReplyReader>;
  /** `<reply file>:<line>` already in the archive (a reattached run's earlier replies). */
  readonly archived: Set<string>;
  statuses: Map<string, TaskStatus[]>;
  /** Lets go of the run (its driver lock): another process may reattach to it from then on. */
  readonly release: () => void;
}

/**
 * One process drives a run at a time: two (a training and a generation of the same workspace, or two trainings)
 * would both submit its unanswered requests and overwrite each other's state. A run's driver holds this lock
 * (ownerLock.ts); one left by a killed process is taken over at once, as reattaching needs.
 */
const DRIVER_LOCK = 'driver.lock';
const DRIVER_LOCK_STALE_MS = 120_000;

/**
 * The user's evaluator run as cluster tasks (docs/cluster.md): the requests of a call are split into shards,
 * one per array task; each task speaks the JSON Lines protocol with its shard on stdin and a reply file on
 * stdout. Replies are archived as they are read; tasks that end without answering everything have the rest
 * resubmitted (at most `retries` times); the run's state is saved so a later process reattaches to it.
 */
export class ClusterEvaluator extends EvaluatorDeclaration implements EvaluationRunner {
  /** The whole sample in one call: one array job, not a job per eight architectures. */
  readonly batchSize = 100_000;
  /** Array tasks running at once (--slurm-max-running). */
  readonly concurrency: number;

  private readonly folder: string;
  private readonly retries: number;
  private readonly pollMs: number;
  private readonly what: RunWhat;
  private checked: Promise<void> | undefined;
  private queueFailures = 0;
  private driven: DrivenRun | undefined;

  constructor(private readonly options: ClusterEvaluatorOptions) {
    super(options);
    this.concurrency = options.maxRunning;
    this.folder = resolve(options.cwd, options.folder ?? join('.pnag', 'cluster'));
    this.retries = options.retries ?? DEFAULT_SLURM_RETRIES;
    this.pollMs = Math.round((options.pollSeconds ?? DEFAULT_SLURM_POLL_SECONDS) * 1000);
    this.what = { command: options.command, setup: options.setup ?? '', args: [...(options.args ?? [])] };
  }

  async accuracy(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]> {
    const results = await this.evaluate(archs, signal);
    return accuracyOfResults(results, this.metric, (failed, first) =>
      new InputError(`${this.name}: ${failed} of ${results.length} evaluations failed on ${this.options.backend.name}; first: ${first}`));
  }

  /**
   * Evaluates every architecture on the cluster. An unfinished run of the same command in the folder is
   * reattached first (its queued and running tasks are waited for, its replies collected); only requests no
   * task holds are submitted. A call made while this evaluator drives a run joins it (the rounds of an evaluation
   * budget keep a network per task out and send the next as each is answered): its requests go out at the drive
   * loop's next pass (0.25 s), and it returns once they are answered. The run ends when every request of every call is answered. On an
   * abort of the call that started the run, every job of it is cancelled before the calls reject; a joined call's
   * own abort rejects that call alone.
   */
  async evaluate(archs: readonly Arch[], signal?: AbortSignal): Promise<EvaluationResult[]> {
    signal?.throwIfAborted();
    if (archs.length === 0) return [];
    this.checked ??= this.options.backend.check();
    try {
      await this.checked;
    } catch (error) {
      this.checked = undefined;
      throw error;
    }
    const joined = this.driven !== undefined && !this.driven.closed ? this.driven : undefined;
    if (joined?.run) this.addRequests(joined.run, archs);
    else joined?.early.push(...archs);
    const driven = joined ?? this.startDriving(archs, signal);
    const run = await this.answered(driven, archs, signal);
    return archs.map((arch): EvaluationResult => {
      const i = run.index.get(archKey(arch)) as number;
      const answered = run.results.get(i);
      if (answered) return answered;
      return { arch, error: run.state.failed[String(i)] ?? 'no answer', ...(this.lostToTheCluster(run, i) ? { lost: true as const } : {}) };
    });
  }

  /** Opens (or reattaches) a run and drives it until every request is answered; calls made meanwhile join it. */
  private startDriving(archs: readonly Arch[], signal: AbortSignal | undefined): DrivenRun {
    const driven: DrivenRun = { early: [...archs], closed: false, ended: false, done: Promise.resolve(), ...(signal ? { signal } : {}) };
    this.driven = driven;
    const close = (): void => {
      driven.closed = true;
      if (this.driven === driven) this.driven = undefined;
    };
    driven.done = (async () => {
      try {
        const run = await this.openRun(driven.early.splice(0));
        driven.run = run;
        // Calls that joined while a reattached run's jobs were looked up.
        this.addRequests(run, driven.early.splice(0));
        try {
          await this.drive(run, signal, close);
        } finally {
          run.release();
        }
      } catch (error) {
        // Kept before `ended` is seen, so that every call waiting on the run rejects with it.
        driven.error = error ?? new Error('the cluster run failed');
        throw error;
      } finally {
        close();
        driven.ended = true;
      }
    })();
    driven.done.catch(() => undefined);
    return driven;
  }

  /** Adds requests of a call to the run (saved, so that a reattach knows them; submitted by the drive loop); how many were new. */
  private addRequests(run: LiveRun, archs: readonly Arch[]): number {
    let added = 0;
    for (const arch of archs) {
      const key = archKey(arch);
      if (run.index.has(key)) continue;
      run.index.set(key, run.state.requests.length);
      run.state.requests.push(arch);
      added++;
    }
    if (added > 0) saveRunState(run.folder, run.state);
    return added;
  }

  /**
   * Waits until every request of `archs` is answered or failed while other requests of the run are still out (they go
   * on), or until the run ends (the last call waits for the tasks to leave the queue and the run to be marked done),
   * fails, or `signal` aborts.
   */
  private async answered(driven: DrivenRun, archs: readonly Arch[], signal: AbortSignal | undefined): Promise<LiveRun> {
    const settled = (run: LiveRun): boolean => archs.every((arch) => {
      const i = run.index.get(archKey(arch));
      return i !== undefined && (run.results.has(i) || run.state.failed[String(i)] !== undefined);
    });
    for (;;) {
      if (driven.ended) {
        if (driven.error !== undefined) throw driven.error;
        if (!driven.run) throw new Error('the cluster run did not start');
        return driven.run;
      }
      // Others' requests still out: the run goes on without this call. Nothing out: it ends, and this call with it.
      if (driven.run && !driven.closed && settled(driven.run) && !this.isComplete(driven.run)) return driven.run;
      // The run's own signal: the drive loop cancels every job first, then the run ends with the abort.
      if (signal?.aborted && signal !== driven.signal) throw signal.reason ?? new Error('aborted');
      await Promise.race([driven.done.catch(() => undefined), sleep(REPLY_READ_MS, signal)]);
    }
  }

  /** Whether every task that held the request was ended by the cluster (a node failure, a preemption...), not by its networks. */
  private lostToTheCluster(run: LiveRun, request: number): boolean {
    const ends = run.state.batches.flatMap((b) =>
      b.shards.flatMap((shard, task) => (shard.includes(request) && b.ended[String(task)] ? [b.ended[String(task)]] : [])));
    return ends.length > 0 && ends.every(endedByTheCluster);
  }

  /** `close` is called the moment every request is answered, in the same step: a call after it starts a new run. */
  private async drive(run: LiveRun, signal: AbortSignal | undefined, close: () => void): Promise<void> {
    let nextLook = 0;
    for (;;) {
      if (signal?.aborted) {
        close();
        await this.cancelRun(run);
        throw signal.reason ?? new Error('aborted');
      }
      this.readReplies(run);
      if (Date.now() >= nextLook) {
        await this.lookTolerantly(run);
        nextLook = Date.now() + this.pollMs;
      }
      if (this.isComplete(run)) {
        close();
        break;
      }
      await this.submitMissing(run);
      this.report(run);
      await sleep(REPLY_READ_MS, signal);
    }
    this.report(run);
    await this.finishRun(run, signal);
  }

  /** The newest unfinished run of the same command that no other process drives is reattached; otherwise a new run starts. */
  private async openRun(archs: readonly Arch[]): Promise<LiveRun> {
    const adopted = this.findUnfinishedRun();
    const live = adopted ? this.liveRun(adopted.folder, adopted.state, adopted.release) : this.newRun();
    try {
      if (adopted) {
        for (const batch of live.state.batches) {
          if (batch.job !== null) continue;
          // Saved before sbatch answered: the scheduler may have it under its name.
          batch.job = (await this.options.backend.find(batch.name)) ?? null;
          if (batch.job === null) for (let t = 0; t < batch.shards.length; t++) batch.ended[String(t)] ??= { state: 'UNKNOWN', description: 'never seen in the queue' };
        }
      }
      const added = this.addRequests(live, archs);
      // Saved even with nothing new: a reattached run's jobs were looked up above.
      saveRunState(live.folder, live.state);
      if (adopted) {
        this.readReplies(live);
        const jobs = live.state.batches.filter((b) => b.job !== null && Object.keys(b.ended).length < b.shards.length).map((b) => b.job);
        this.event(
          `reattached to run ${live.state.run} (${live.folder}): ${live.results.size} of ${live.state.requests.length - added} requests already answered, jobs still listed: ${jobs.join(', ') || 'none'}; ${added} new requests`,
        );
      } else this.event(`run ${live.state.run}: ${added} requests, state in ${join(live.folder, RUN_STATE_FILE)}`);
      return live;
    } catch (error) {
      live.release();
      throw error;
    }
  }

  /** A run of its own folder, held by this process. */
  private newRun(): LiveRun {
    const run = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${Math.random().toString(36).slice(2, 6)}`;
    const folder = join(this.folder, run);
    mkdirSync(folder, { recursive: true });
    // A new folder: nobody else holds it.
    const release = tryOwnerLock(join(folder, DRIVER_LOCK), DRIVER_LOCK_STALE_MS) ?? (() => undefined);
    return this.liveRun(folder, {
      format: 'pnag-cluster-run',
      version: 1,
      run,
      runner: this.options.backend.name,
      status: 'active',
      what: this.what,
      created: new Date().toISOString(),
      requests: [],
      batches: [],
      failed: {},
    }, release);
  }

  private findUnfinishedRun(): { folder: string; state: RunState; release: () => void } | undefined {
    if (!existsSync(this.folder)) return undefined;
    const names = readdirSync(this.folder, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort().reverse();
    for (const name of names) {
      const folder = join(this.folder, name);
      if (!existsSync(join(folder, RUN_STATE_FILE))) continue;
      let state: RunState;
      try {
        state = loadRunState(folder);
      } catch (error) {
        this.event(`${messageOf(error)}; that run is not reattached`);
        continue;
      }
      if (state.status !== 'active' || state.runner !== this.options.backend.name) continue;
      const same = state.what.command === this.what.command && state.what.setup === this.what.setup && state.what.args.join('\u0000') === this.what.args.join('\u0000');
      if (!same) {
        this.event(`run ${state.run} was started with another command or setup ("${abbreviate(state.what.command)}"); it is not reattached and its jobs, if any, are left alone`);
        continue;
      }
      const release = tryOwnerLock(join(folder, DRIVER_LOCK), DRIVER_LOCK_STALE_MS);
      if (!release) {
        const driver = ownerOf(join(folder, DRIVER_LOCK));
        this.event(`run ${state.run} is being driven by another PNAG process${driver ? ` (pid ${driver.pid} on ${driver.host})` : ''}; it is not reattached`);
        continue;
      }
      // Read again under the lock: the previous driver may have saved (or finished) it after the read above.
      try {
        const held = loadRunState(folder);
        if (held.status === 'active') return { folder, state: held, release };
      } catch (error) {
        this.event(`${messageOf(error)}; that run is not reattached`);
      }
      release();
    }
    return undefined;
  }

  private liveRun(folder: string, state: RunState, release: () => void): LiveRun {
    const archived = new Set<string>();
    for (const record of this.options.archive?.records() ?? []) {
      for (const p of record.provenance) if (p.file?.startsWith(folder) && p.line !== undefined) archived.add(`${p.file}:${p.line}`);
    }
    const index = new Map<string, number>();
    state.requests.forEach((arch, i) => index.set(archKey(arch), i));
    return { folder, state, index, results: new Map(), readers: new Map(), archived, statuses: new Map(), release };
  }

  private replyFile(run: LiveRun, batch: number, task: string): string {
    return join(run.folder, 'replies', `b${batch}_${task}.jsonl`);
  }

  /** Reads what each task appended since the last read; every new answer is archived at once. */
  private readReplies(run: LiveRun, only?: { batch: RunBatch; task: number }): void {
    for (const batch of run.state.batches) {
      if (only && batch !== only.batch) continue;
      batch.shards.forEach((shard, task) => {
        if (only && task !== only.task) return;
        const ended = batch.ended[String(task)] !== undefined;
        if (!only && ended && run.readers.has(this.replyFile(run, batch.n, String(task)))) return;
        this.readReplyFile(run, this.replyFile(run, batch.n, String(task)), new Set(shard), ended);
      });
    }
  }

  private readReplyFile(run: LiveRun, file: string, shard: ReadonlySet<number>, final: boolean): void {
    let reader = run.readers.get(file);
    if (!reader) {
      const made: ReplyReader = {
        offset: 0,
        line: 0,
        decoder: new StringDecoder('utf8'),
        lines: new LineSplitter((text, overlongChars) => {
          made.line++;
          if (overlongChars === undefined) this.takeReply(run, file, made.line, text, shard);
          else this.event(`${file}:${made.line}: ignored, a line of ${overlongChars} characters, more than a reply can be (stdout is for replies only; print logs to stderr)`);
        }),
      };
      reader = made;
      run.readers.set(file, reader);
    }
    if (!existsSync(file)) return;
    // Not blocking: a reply file is the task's stdout, and nothing but a regular file is read.
    const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const status = fstatSync(fd);
      if (!status.isFile()) {
        this.event(`${file}: ignored, not a regular file`);
        return;
      }
      const buffer = Buffer.alloc(Math.min(REPLY_READ_BYTES, Math.max(0, status.size - reader.offset)));
      while (reader.offset < status.size) {
        const read = readSync(fd, buffer, 0, Math.min(buffer.length, status.size - reader.offset), reader.offset);
        if (read === 0) break;
        reader.offset += read;
        reader.lines.push(reader.decoder.write(buffer.subarray(0, read)));
      }
    } finally {
      closeSync(fd);
    }
    // A line without its newline yet is still being written, unless the task has ended.
    if (final) {
      reader.lines.push(reader.decoder.end());
      reader.lines.end();
    }
  }

  private takeReply(run: LiveRun, file: string, line: number, text: string, shard: ReadonlySet<number>): void {
    const parsed = parseReplyLine(text);
    if (parsed.kind === 'blank') return;
    if (parsed.kind === 'garbage') {
      this.event(`${file}:${line}: ignored, ${parsed.message} (stdout is for replies only; print logs to stderr)`);
      return;
    }
    const id = parsed.kind === 'reply' ? parsed.reply.id : parsed.id;
    const index = /^\d+$/.test(id) ? Number(id) : -1;
    if (!shard.has(index)) {
      this.event(`${file}:${line}: ignored a reply for request id "${abbreviate(id)}", which this task was not given`);
      return;
    }
    if (run.results.has(index)) return;
    const arch = run.state.requests[index];
    if (parsed.kind === 'bad-reply') {
      run.results.set(index, { arch, error: `bad reply: ${parsed.message}` });
    } else if ('error' in parsed.reply) {
      run.results.set(index, { arch, error: `the evaluator reported: ${parsed.reply.error}` });
    } else {
      const metrics = parsed.reply.metrics;
      if (!run.archived.has(`${file}:${line}`)) {
        try {
          this.options.archive?.add({ arch, metrics, provenance: { source: this.name, command: this.options.command, file, line } });
          run.archived.add(`${file}:${line}`);
        } catch (error) {
          this.event(`could not archive a result for ${toPnagString(arch)}: ${messageOf(error)}`);
        }
      }
      run.results.set(index, { arch, metrics });
    }
    delete run.state.failed[String(index)];
  }

  /**
   * A scheduler that does not answer for a moment (a busy slurmctld times out) is asked again at the next
   * poll; after QUEUE_FAILURES_TOLERATED failures in a row the call fails, and the run stays for reattaching.
   */
  private async lookTolerantly(run: LiveRun): Promise<void> {
    try {
      await this.look(run);
      this.queueFailures = 0;
    } catch (error) {
      if (error instanceof InputError) throw error;
      if (++this.queueFailures > QUEUE_FAILURES_TOLERATED) {
        // The cluster's trouble, not a bug: its reason without a stack.
        throw new EvaluatorError(`${this.options.backend.name} did not answer ${this.queueFailures} times in a row (${messageOf(error)}); run ${run.state.run} is kept in ${run.folder}: run again to reattach to it`);
      }
      this.event(`${this.options.backend.name} did not answer (${messageOf(error)}); asking again in ${this.pollMs / 1000} s`);
    }
  }

  /** Asks the scheduler about every task still out; a task that ended has its unanswered requests resubmitted or failed. */
  private async look(run: LiveRun): Promise<void> {
    const out = run.state.batches.filter((b) => b.job !== null && Object.keys(b.ended).length < b.shards.length);
    if (out.length === 0) return;
    const statuses = await this.options.backend.status(out.map((b) => ({ job: b.job as string, name: b.name, tasks: b.shards.length })));
    let changed = false;
    for (const batch of out) {
      const tasks = statuses.get(batch.job as string) ?? [];
      run.statuses.set(batch.job as string, tasks);
      for (const status of tasks) {
        if (status.phase !== 'ended' || batch.ended[String(status.task)] !== undefined) continue;
        batch.ended[String(status.task)] = status.end;
        changed = true;
        // Whatever the task wrote before it ended counts.
        this.readReplies(run, { batch, task: status.task });
        const missing = batch.shards[status.task].filter((i) => !run.results.has(i) && run.state.failed[String(i)] === undefined);
        if (missing.length === 0) continue;
        const where = `task ${status.task} of job ${batch.job}: ${status.end.description}`;
        let resubmit = 0;
        for (const i of missing) {
          const tried = this.attempts(run, i);
          if (tried > this.retries) run.state.failed[String(i)] = `${where} (tried ${tried} times)`;
          else resubmit++;
        }
        const gaveUp = missing.length - resubmit;
        this.event(`${where}; ${missing.length} requests unanswered: ${resubmit} to resubmit${gaveUp > 0 ? `, ${gaveUp} failed after ${this.retries + 1} tries` : ''}`);
      }
    }
    if (changed) saveRunState(run.folder, run.state);
  }

  private attempts(run: LiveRun, request: number): number {
    return run.state.batches.filter((b) => b.shards.some((s) => s.includes(request))).length;
  }

  private isComplete(run: LiveRun): boolean {
    for (let i = 0; i < run.state.requests.length; i++) if (!run.results.has(i) && run.state.failed[String(i)] === undefined) return false;
    return true;
  }

  /** Requests no live task holds go out as one new array of at most `maxRunning` shards. */
  private async submitMissing(run: LiveRun): Promise<void> {
    const held = new Set<number>();
    let liveTasks = 0;
    for (const batch of run.state.batches) {
      batch.shards.forEach((shard, task) => {
        if (batch.ended[String(task)] !== undefined) return;
        shard.forEach((i) => held.add(i));
        // A task that answered its whole shard is leaving the queue: its place is the next request's.
        if (shard.some((i) => !run.results.has(i))) liveTasks++;
      });
    }
    const missing: number[] = [];
    for (let i = 0; i < run.state.requests.length; i++) {
      if (!run.results.has(i) && run.state.failed[String(i)] === undefined && !held.has(i)) missing.push(i);
    }
    if (missing.length === 0) return;
    const max = this.options.maxRunning;
    const taskCount = Math.min(missing.length, max);
    const shards = Array.from({ length: taskCount }, (_, t) =>
      missing.slice(Math.floor((t * missing.length) / taskCount), Math.floor(((t + 1) * missing.length) / taskCount)),
    );
    const n = run.state.batches.length + 1;
    const batch: RunBatch = { n, name: `pnag-${run.state.run}-b${n}`, job: null, shards, ended: {} };
    for (const sub of ['shards', 'replies', 'logs']) mkdirSync(join(run.folder, sub), { recursive: true });
    const shardFile = (task: string) => join(run.folder, 'shards', `b${n}_${task}.jsonl`);
    shards.forEach((shard, t) => {
      const lines = shard.map((i) => `${JSON.stringify(makeRequest(String(i), run.state.requests[i]))}\n`).join('');
      writeFileSync(shardFile(String(t)), lines);
    });
    run.state.batches.push(batch);
    saveRunState(run.folder, run.state);
    const atOnce = Math.max(1, max - liveTasks);
    try {
      batch.job = await this.options.backend.submit({
        name: batch.name,
        tasks: taskCount,
        maxRunning: atOnce,
        command: this.options.command,
        setup: this.options.setup,
        cwd: this.options.cwd,
        shardFile,
        replyFile: (task) => this.replyFile(run, n, task),
        logFile: (task, stream) => join(run.folder, 'logs', `b${n}_${task}.${stream}`),
      });
    } catch (error) {
      // Nothing went out: forget the batch so its requests are not charged an attempt.
      run.state.batches.pop();
      saveRunState(run.folder, run.state);
      throw error;
    }
    saveRunState(run.folder, run.state);
    this.event(`submitted job ${batch.job} to ${this.options.backend.name}: ${taskCount} tasks for ${missing.length} requests, at most ${atOnce} running at once`);
  }

  /** All answered: tasks get a grace to leave the queue (they exit at the end of their shard), then are cancelled. */
  private async finishRun(run: LiveRun, signal: AbortSignal | undefined): Promise<void> {
    const deadline = Date.now() + EXIT_GRACE_MS;
    for (;;) {
      // The scheduler may fail a moment here too (the run can finish before the loop's first look).
      await this.lookTolerantly(run);
      const out = this.jobsOut(run);
      if (out.length === 0) break;
      if (Date.now() >= deadline || signal?.aborted) {
        await this.options.backend.cancel(out);
        this.event(`every request is answered; cancelled jobs still in the queue: ${out.join(', ')}`);
        break;
      }
      await sleep(REPLY_READ_MS, signal);
    }
    run.state.status = 'done';
    saveRunState(run.folder, run.state);
    const failed = Object.keys(run.state.failed).length;
    this.event(`run ${run.state.run} done: ${run.results.size} answered, ${failed} failed, ${run.state.batches.length} jobs`);
  }

  private jobsOut(run: LiveRun): string[] {
    return run.state.batches.filter((b) => b.job !== null && Object.keys(b.ended).length < b.shards.length).map((b) => b.job as string);
  }

  /** scancel on every job of the run, then the run is marked cancelled (its answers are archived already). */
  private async cancelRun(run: LiveRun): Promise<void> {
    const jobs = this.jobsOut(run);
    for (const batch of run.state.batches) if (batch.job === null) batch.job = (await this.options.backend.find(batch.name)) ?? null;
    const all = [...new Set([...jobs, ...this.jobsOut(run)])];
    await this.options.backend.cancel(all);
    run.state.status = 'cancelled';
    saveRunState(run.folder, run.state);
    this.event(
      all.length > 0
        ? `cancelled: ${this.options.backend.name} jobs ${all.join(', ')} of run ${run.state.run} cancelled (scancel); ${run.results.size} answers were archived`
        : `cancelled run ${run.state.run}: no job of it was in the queue; ${run.results.size} answers were archived`,
    );
  }

  private report(run: LiveRun): void {
    if (!this.options.onProgress) return;
    let queued = 0;
    let running = 0;
    const reasons = new Set<string>();
    for (const batch of run.state.batches) {
      for (const status of run.statuses.get(batch.job ?? '') ?? []) {
        if (batch.ended[String(status.task)] !== undefined) continue;
        if (status.phase === 'queued') {
          queued++;
          if (status.reason) reasons.add(status.reason);
        } else if (status.phase === 'running') running++;
      }
    }
    this.options.onProgress({
      runner: this.options.backend.name,
      queued,
      running,
      answered: run.results.size,
      failed: Object.keys(run.state.failed).length,
      total: run.state.requests.length,
      reasons: [...reasons].sort(),
    });
  }

  private event(text: string): void {
    this.options.log?.({ stream: 'event', text });
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
