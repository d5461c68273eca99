// What a training on an evaluation budget has spent, as the worker reports it and the CLI bar, the notification and
// the status bar show it.

/** Where a training on an evaluation budget stands, in what the user pays for. */
export interface EvaluationCount {
  /** Evaluations spent so far, what the archive held before included. */
  readonly done: number;
  /** What the training may spend (the budget less what generation keeps). */
  readonly total: number;
  /** Wall-clock seconds per evaluation as measured so far (the source's own concurrency included); absent before the first answer. */
  readonly secondsEach?: number;
  /** `secondsEach` times the evaluations still to make: most of the time left when each costs GPU minutes. */
  readonly secondsLeft?: number;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isSeconds = (v: unknown): boolean => v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0);

/** What is wrong with an evaluation count, or undefined when it is one. */
export function evaluationCountProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'evaluations is not an object';
  const c = v as Record<string, unknown>;
  if (!isCount(c.done) || !isCount(c.total)) return 'evaluations needs whole numbers done and total';
  if (!isSeconds(c.secondsEach) || !isSeconds(c.secondsLeft)) return 'evaluations: secondsEach and secondsLeft must be non-negative numbers when given';
  return undefined;
}

/** `evaluations 340/990 · 1 min 5 s each` (the time left is shown where the run's time left is). */
export function describeEvaluations(c: EvaluationCount, duration: (seconds: number) => string): string {
  const count = (n: number): string => n.toLocaleString('en-US');
  const each = c.secondsEach !== undefined ? ` · ${duration(c.secondsEach)} each` : '';
  return `evaluations ${count(c.done)}/${count(c.total)}${each}`;
}

/**
 * What a cancelled training on an evaluation budget has paid for: `64 evaluations spent so far; what they gave is
 * kept in <archive>, and <again> goes on from there without asking it again`. Undefined when nothing was spent.
 */
export function spentSoFar(c: EvaluationCount | undefined, archive: string, again: string): string | undefined {
  if (c === undefined || c.done === 0) return undefined;
  return `${c.done.toLocaleString('en-US')} evaluations spent so far; what they gave is kept in ${archive}, and ${again} goes on from there without asking it again`;
}
