import type { Arch } from '../space/arch';
import { toPnagString } from '../space/pnagString';

/**
 * What a source said about one architecture of a batch: its accuracy, or why its evaluation failed (`lost`: the
 * infrastructure lost it, e.g. a cluster node failed on every attempt, so it says nothing about the network).
 */
export type BatchAnswer = { readonly accuracy: number } | { readonly failure: string; readonly lost?: true };

/** One reply of a runner (an evaluator process, a cluster task) for one architecture. */
export interface RunnerResult {
  readonly arch: Arch;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly error?: string;
  readonly lost?: true;
}

const ANSWERS = Symbol('batch answers');

/**
 * The accuracies of a batch a runner evaluated in full, in request order; when some failed, the error made by
 * `errorOf` with every answer attached (`answersOf`), so a caller keeps the finished ones instead of paying for
 * them again (each is GPU minutes).
 */
export function accuracyOfResults(results: readonly RunnerResult[], metric: string, errorOf: (failed: number, first: string) => Error): number[] {
  const answers: BatchAnswer[] = results.map((r) => {
    const value = r.metrics?.[metric];
    if (r.error !== undefined) return { failure: `${toPnagString(r.arch)}: ${r.error}`, ...(r.lost ? { lost: true as const } : {}) };
    if (value === undefined) return { failure: `${toPnagString(r.arch)}: the reply has no metrics.${metric}` };
    return { accuracy: value };
  });
  const failures = answers.flatMap((a) => ('failure' in a ? [a.failure] : []));
  if (failures.length === 0) return answers.map((a) => (a as { accuracy: number }).accuracy);
  const error = errorOf(failures.length, failures[0]);
  Object.defineProperty(error, ANSWERS, { value: answers, enumerable: false });
  throw error;
}

/** The answers an error of `accuracyOfResults` carries, when they are one per architecture asked (else undefined). */
export function answersOf(error: unknown, asked: number): readonly BatchAnswer[] | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const answers = (error as { [ANSWERS]?: unknown })[ANSWERS];
  return Array.isArray(answers) && answers.length === asked ? (answers as BatchAnswer[]) : undefined;
}
