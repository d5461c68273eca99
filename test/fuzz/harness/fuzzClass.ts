import type fc from 'fast-check';

/**
 * One class of input the fuzz suite drives (budget strings, architectures, checkpoints, ...). The property
 * every class shares: the reader returns a valid value or throws an `InputError` whose one-line message names
 * where the input was wrong; never another exception, never a hang, never a change to stored files.
 */
export interface FuzzClass<T> {
  readonly name: string;
  /** Runs in the bounded run of `npm test` (tuned so all classes take about a minute on 2 cores). */
  readonly ciRuns: number;
  /** Random inputs and mutations of valid ones, so generated inputs reach deep paths. */
  readonly inputs: fc.Arbitrary<T>;
  /**
   * Feeds one input to the reader(s) and checks what came back. Returns normally for a valid value, throws the
   * reader's `InputError` for refused input, or throws a `Violation` when the value or the files are wrong.
   */
  check(input: T): void | Promise<void>;
  /** Text every `InputError` message must contain for this input (the file name, the field's owner). */
  whereOf(input: T): readonly string[];
  /** Short printable form of an input for reports. */
  show?(input: T): string;
  /**
   * Failures that belong to another engineer's open work: the property stays strict, these are counted apart
   * and do not fail the run. Each is removed once the fix is merged.
   */
  readonly knownFailures?: readonly KnownFailure[];
  setUp?(): void | Promise<void>;
  tearDown?(): void | Promise<void>;
}

export interface KnownFailure {
  /** Who fixes it (the engineer's area). */
  readonly owner: string;
  readonly what: string;
  matches(signature: string): boolean;
}

/**
 * A broken property that is not an exception of the reader: a wrong value, a changed file. `kind` is stable
 * (failures are counted by it); `detail` says what this input did.
 */
export class Violation extends Error {
  constructor(
    readonly kind: string,
    readonly detail = '',
  ) {
    super(detail ? `${kind}: ${detail}` : kind);
    this.name = 'Violation';
  }
}

export function violation(condition: boolean, kind: string, detail?: string): void {
  if (!condition) throw new Violation(kind, detail);
}

export function defineFuzzClass<T>(fuzzClass: FuzzClass<T>): FuzzClass<T> {
  return fuzzClass;
}
