import { closeSync, fsyncSync, openSync, renameSync } from 'node:fs';
import { writeAll } from '../fs/writeAll';
import { join } from 'node:path';
import { InputError, messageOf } from '../errors';
import { type Arch, checkResolution, checkWidth } from '../space/arch';
import { parsePnagString, toPnagString } from '../space/pnagString';
import type { TaskEnd } from './clusterBackend';
import { MAX_BYTES, readInputText } from '../fs/readInputFile';

/**
 * A cluster run's state, saved atomically in `<run folder>/state.json` after every change: what was asked,
 * which batches went where, how their tasks ended, which requests failed for good. What was answered is not
 * here: the reply files are the record of that. It is data only: nothing in it is ever run (the command is
 * kept to refuse reattaching a run started with another one).
 */
export interface RunState {
  readonly format: typeof RUN_STATE_FORMAT;
  readonly version: 1;
  readonly run: string;
  readonly runner: string;
  status: 'active' | 'done' | 'cancelled';
  /** What each task runs, as configured when the run started. */
  readonly what: RunWhat;
  readonly created: string;
  /** Request `i` is `requests[i]`; its id in shards and replies is `String(i)`. */
  readonly requests: Arch[];
  readonly batches: RunBatch[];
  /** Requests out of attempts: index → the reason. */
  readonly failed: Record<string, string>;
}

export interface RunWhat {
  readonly command: string;
  readonly setup: string;
  readonly args: readonly string[];
}

export interface RunBatch {
  /** 1-based, in submission order. */
  readonly n: number;
  readonly name: string;
  /** The scheduler's job id; null between saving the shards and sbatch answering. */
  job: string | null;
  /** Request indices of each task. */
  readonly shards: number[][];
  /** Ended tasks: task index → how it ended. */
  readonly ended: Record<string, TaskEnd>;
}

export const RUN_STATE_FORMAT = 'pnag-cluster-run';
export const RUN_STATE_FILE = 'state.json';

interface StoredState extends Omit<RunState, 'requests'> {
  readonly requests: { pnag: string; width: number; resolution: number }[];
}

/** Writes the state beside itself, fsyncs and renames: a reader (or a crash) never sees half a state. */
export function saveRunState(folder: string, state: RunState): void {
  const stored: StoredState = { ...state, requests: state.requests.map((a) => ({ pnag: toPnagString(a), width: a.width, resolution: a.resolution })) };
  const path = join(folder, RUN_STATE_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeAll(fd, `${JSON.stringify(stored)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** Reads and checks a run's state; anything off is an InputError naming the file and the field. */
export function loadRunState(folder: string): RunState {
  const path = join(folder, RUN_STATE_FILE);
  let value: unknown;
  try {
    value = JSON.parse(readInputText(path, '', MAX_BYTES.smallJson));
  } catch (error) {
    throw new InputError(`${path}: not a readable run state (${messageOf(error)})`);
  }
  return checkRunState(value, path);
}

export function checkRunState(value: unknown, where: string): RunState {
  const fail = (what: string): never => {
    throw new InputError(`${where}: ${what}`);
  };
  const v = record(value) ?? fail('not a JSON object');
  if (v.format !== RUN_STATE_FORMAT || v.version !== 1) fail(`not a version 1 ${RUN_STATE_FORMAT} state`);
  if (typeof v.run !== 'string' || !/^[\w.-]{1,100}$/.test(v.run)) fail('"run" is not a run name');
  if (typeof v.runner !== 'string' || !/^[a-z][a-z-]{0,19}$/.test(v.runner)) fail('"runner" is not a runner name');
  if (v.status !== 'active' && v.status !== 'done' && v.status !== 'cancelled') fail('"status" is not active, done or cancelled');
  if (typeof v.created !== 'string') fail('"created" is not a time');
  const what = record(v.what) ?? fail('"what" is not an object');
  if (typeof what.command !== 'string' || typeof what.setup !== 'string' || !isStringList(what.args)) fail('"what" needs command, setup and args');
  if (!Array.isArray(v.requests) || v.requests.length > 10_000_000) fail('"requests" is not a list');
  const requests = (v.requests as unknown[]).map((r, i) => {
    const fields = record(r) ?? fail(`requests[${i}] is not an object`);
    if (typeof fields.pnag !== 'string' || typeof fields.width !== 'number' || typeof fields.resolution !== 'number') fail(`requests[${i}] needs pnag, width and resolution`);
    try {
      const options = { width: checkWidth(fields.width as number), resolution: checkResolution(fields.resolution as number) };
      return parsePnagString(fields.pnag as string, options);
    } catch (error) {
      return fail(`requests[${i}]: ${messageOf(error)}`);
    }
  });
  if (!Array.isArray(v.batches)) fail('"batches" is not a list');
  const batches = (v.batches as unknown[]).map((b, i): RunBatch => {
    const fields = record(b) ?? fail(`batches[${i}] is not an object`);
    if (fields.n !== i + 1) fail(`batches[${i}].n is not ${i + 1}`);
    if (typeof fields.name !== 'string' || !/^[\w.-]{1,200}$/.test(fields.name)) fail(`batches[${i}].name is not a job name`);
    // Job ids go to squeue and scancel: digits only.
    if (fields.job !== null && (typeof fields.job !== 'string' || !/^\d{1,20}$/.test(fields.job))) fail(`batches[${i}].job is not a job id`);
    if (!Array.isArray(fields.shards) || fields.shards.length === 0) fail(`batches[${i}].shards is not a list of shards`);
    const shards = (fields.shards as unknown[]).map((shard, t) => {
      if (!Array.isArray(shard) || !shard.every((x) => Number.isSafeInteger(x) && x >= 0 && x < requests.length)) fail(`batches[${i}].shards[${t}] is not a list of request numbers`);
      return shard as number[];
    });
    const endedFields = record(fields.ended) ?? fail(`batches[${i}].ended is not an object`);
    const ended: Record<string, TaskEnd> = {};
    for (const [task, end] of Object.entries(endedFields)) {
      const e = record(end);
      if (!/^\d+$/.test(task) || Number(task) >= shards.length || !e || typeof e.state !== 'string' || typeof e.description !== 'string') fail(`batches[${i}].ended["${task}"] is not a task end`);
      ended[task] = { state: e?.state as string, description: e?.description as string };
    }
    return { n: i + 1, name: fields.name as string, job: fields.job as string | null, shards, ended };
  });
  const failedFields = record(v.failed) ?? fail('"failed" is not an object');
  const failed: Record<string, string> = {};
  for (const [index, reason] of Object.entries(failedFields)) {
    if (!/^\d+$/.test(index) || Number(index) >= requests.length || typeof reason !== 'string') fail(`failed["${index}"] is not a request's reason`);
    failed[index] = reason as string;
  }
  return {
    format: RUN_STATE_FORMAT,
    version: 1,
    run: v.run as string,
    runner: v.runner as string,
    status: v.status as RunState['status'],
    what: { command: what.command as string, setup: what.setup as string, args: what.args as string[] },
    created: v.created as string,
    requests,
    batches,
    failed,
  };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((x) => typeof x === 'string');
}
