import fc from 'fast-check';
import { isInputError, messageOf } from '../../../src/core/errors';
import { type FuzzClass, type KnownFailure, Violation } from './fuzzClass';

export interface ClassReport {
  readonly name: string;
  readonly runs: number;
  readonly valid: number;
  readonly refused: number;
  /** Distinct failure signatures (error kind and message shape) with a count and the first input. */
  readonly failures: ReadonlyMap<string, { count: number; example: string; detail: string; known?: KnownFailure }>;
  readonly seconds: number;
}

export interface RunOptions {
  readonly runs: number;
  readonly seed: number;
  /** A single input taking longer than this counts as a hang. */
  readonly hangMs: number;
}

/** Runs one class: every input is fed to its reader, and every broken property is recorded (none stops the run). */
export async function runClass<T>(fuzzClass: FuzzClass<T>, options: RunOptions): Promise<ClassReport> {
  const failures = new Map<string, { count: number; example: string; detail: string; known?: KnownFailure }>();
  let valid = 0;
  let refused = 0;
  let runs = 0;
  const show = (input: T): string => abbreviate(fuzzClass.show ? fuzzClass.show(input) : safeJson(input), 400);
  const record = (signature: string, input: T, error?: unknown): void => {
    const seen = failures.get(signature);
    if (seen) seen.count++;
    else {
      const detail = error === undefined ? '' : abbreviate(messageOf(error), 300);
      failures.set(signature, { count: 1, example: show(input), detail, known: fuzzClass.knownFailures?.find((k) => k.matches(signature)) });
    }
  };
  const started = performance.now();
  await fuzzClass.setUp?.();
  try {
    await fc.check(
      fc.asyncProperty(fuzzClass.inputs, async (input) => {
        runs++;
        const t0 = performance.now();
        try {
          await fuzzClass.check(input);
          valid++;
        } catch (error) {
          if (isInputError(error)) {
            refused++;
            const problem = messageProblem(error.message, fuzzClass.whereOf(input));
            if (problem) record(`InputError ${problem}`.replace(/\d+/g, 'N'), input, error);
          } else {
            record(signatureOf(error, fuzzClass.whereOf(input)), input, error);
          }
        }
        const ms = performance.now() - t0;
        if (ms > options.hangMs) record(`hang: one input took over ${options.hangMs} ms`, input);
        return true;
      }),
      { numRuns: options.runs, seed: options.seed, endOnFailure: true },
    );
  } finally {
    await fuzzClass.tearDown?.();
  }
  return { name: fuzzClass.name, runs, valid, refused, failures, seconds: (performance.now() - started) / 1000 };
}

/** What is wrong with an InputError message, if anything: it must be one line and say where. */
function messageProblem(message: string, where: readonly string[]): string | undefined {
  if (message.trim() === '') return 'with an empty message';
  if (/[\r\n]/.test(message)) return 'message spans several lines';
  if (where.length > 0 && !where.some((w) => message.includes(w))) return `message names none of: ${where.join(' | ')}`;
  return undefined;
}

/** The kind of a failure without the parts that change with every input, so one bug counts once. */
function signatureOf(error: unknown, where: readonly string[]): string {
  if (error instanceof Violation) return `Violation: ${error.kind}`;
  const name = error instanceof Error ? error.name : typeof error;
  const message = where
    .reduce((text, w) => text.split(w).join('<where>'), messageOf(error).split('\n')[0])
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, 'N');
  return `${name}: ${abbreviate(message, 160)}`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `<${v.length} bytes>` : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

function abbreviate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
