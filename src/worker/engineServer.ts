import type { MessagePort } from 'node:worker_threads';
import { isInputError, messageOf } from '../core/errors';
import { fileSystemProblem } from '../core/util/fileSystemError';
import { abbreviateJson } from '../shared/abbreviate';
import {
  type HostToWorker,
  type HooksOf,
  type JobError,
  type JobHandlers,
  type JobKind,
  type JobMessage,
  type JobProgress,
  type Jobs,
  type LutProgress,
  type WorkerToHost,
  parseHostToWorker,
} from '../shared/engineProtocol';

/** Progress messages at most this often per job (the last step of a phase always goes). */
export const PROGRESS_INTERVAL_MS = 200;

/** The port a worker talks on: `parentPort`, or a MessagePort in tests. */
export type Port = Pick<MessagePort, 'postMessage' | 'on'>;

/** Sorts a thrown value into the protocol's error kinds; never lets a stack trace reach the user. */
export function jobErrorOf(error: unknown, signal: AbortSignal): JobError {
  if (signal.aborted) return { kind: 'cancelled', message: 'cancelled' };
  // Subclasses (an architecture's LiteralSyntaxError) are bad input too; the name also covers another copy of the class.
  const name = error instanceof Error ? error.name : '';
  if (isInputError(error) || name === 'InputError') {
    const field = (error as { field?: unknown }).field;
    return { kind: 'input', message: messageOf(error), ...(typeof field === 'string' ? { field } : {}) };
  }
  // A full disk or a read-only folder is the user's to fix: one line naming the path, like bad input.
  const fileProblem = fileSystemProblem(error);
  if (fileProblem !== undefined) return { kind: 'input', message: fileProblem };
  return { kind: 'internal', message: messageOf(error) };
}

/**
 * Serves jobs on a port, one at a time in arrival order (TF.js state is per thread), except the short
 * jobs of RUNS_AT_ONCE, which start at once. A cancel aborts the job's signal; a job waiting in line is
 * dropped before it starts. Errors become typed replies.
 */
export function serveEngine(port: Port, handlers: JobHandlers): void {
  const controllers = new Map<number, AbortController>();
  let queue: Promise<void> = Promise.resolve();
  const send = (message: WorkerToHost): void => port.postMessage(message);

  const receive = (raw: unknown): void => {
    const message = parseHostToWorker(raw);
    if (!message) {
      send({ type: 'protocolError', message: `the engine worker could not read a message: ${abbreviateJson(raw, 203)}` });
      return;
    }
    if (message.type === 'cancel') {
      controllers.get(message.id)?.abort();
      return;
    }
    const controller = new AbortController();
    controllers.set(message.id, controller);
    if (RUNS_AT_ONCE[message.type]) void run(message, controller);
    else queue = queue.then(() => run(message, controller));
  };
  port.on('message', receive);

  async function run<K extends JobKind>(message: JobMessage<K>, controller: AbortController): Promise<void> {
    const { id } = message;
    const { signal } = controller;
    const reporter: ProgressReporter<K> = PROGRESS_REPORTERS[message.type];
    const hooks: Required<HooksOf<K>> = { signal, onProgress: reporter(id, send), onNote: (text) => send({ type: 'note', id, text }) };
    try {
      signal.throwIfAborted();
      const handler: JobHandlers[K] = handlers[message.type];
      const result = await handler(message.request, hooks);
      if (signal.aborted) send({ type: 'error', id, error: { kind: 'cancelled', message: 'cancelled' } });
      else send({ type: 'result', id, result });
    } catch (error) {
      const jobError = jobErrorOf(error, signal);
      // A stack helps with a bug; a user's evaluator failing is not one.
      if (jobError.kind === 'internal' && error instanceof Error && error.name !== 'EvaluatorError' && error.stack) {
        process.stderr.write(`pnag engine worker: ${error.stack}\n`);
      }
      send({ type: 'error', id, error: jobError });
    } finally {
      controllers.delete(id);
    }
  }
}

type Send = (message: WorkerToHost) => void;
/** Sends a job's progress, throttled to PROGRESS_INTERVAL_MS; the end of a phase always goes. */
type ProgressReporter<K extends JobKind> = (id: number, send: Send) => (progress: Jobs[K]['progress']) => void;

function trainingProgress(id: number, send: Send): (progress: JobProgress) => void {
  let last = 0;
  let lastPhase = '';
  let lastSpent: number | undefined;
  return (progress) => {
    const now = Date.now();
    // A new count of evaluations always goes: each is paid for, and a cancel's last word on them must arrive.
    const spent = progress.evaluations?.done;
    if (progress.phase === lastPhase && progress.step < progress.steps && now - last < PROGRESS_INTERVAL_MS && spent === lastSpent) return;
    last = now;
    lastPhase = progress.phase;
    lastSpent = spent;
    send({ type: 'progress', id, progress: finite(progress) });
  };
}

function lutProgress(id: number, send: Send): (progress: LutProgress) => void {
  let last = 0;
  return (progress) => {
    const now = Date.now();
    if (progress.done < progress.total && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    send({ type: 'lutProgress', id, progress: finite(progress) });
  };
}

/**
 * Jobs that start at once instead of waiting in line behind a training: short ones that hold no TF.js
 * state across their awaits, interleaving with a running job at its yields. Reading the archive lets the
 * Frontier view draw during training; a lens's top-1 and an import do not wait minutes (a proxy's forward
 * pass is synchronous TF.js work on the worker's backend).
 */
const RUNS_AT_ONCE: { readonly [K in JobKind]: boolean } = {
  train: false,
  generate: false,
  lutBuild: false,
  frontierData: true,
  predict: true,
  import: true,
};

const PROGRESS_REPORTERS: { readonly [K in JobKind]: ProgressReporter<K> } = {
  train: trainingProgress,
  generate: trainingProgress,
  lutBuild: lutProgress,
  frontierData: () => () => undefined,
  predict: () => () => undefined,
  import: () => () => undefined,
};

/** NaN and infinities do not survive JSON on the way to a webview; drop them. */
function finite<P extends JobProgress | LutProgress>(progress: P): P {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(progress)) {
    if (typeof value !== 'number' || Number.isFinite(value)) out[key] = value;
  }
  return out as P;
}
