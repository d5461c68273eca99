import { InputError } from '../errors';
import { quoteValue } from '../util/quoteValue';

/**
 * The allowed values of every numeric option, in one table shared by the CLI (checked while parsing, so
 * before any work), the engine's job validation (so a worker refuses them from any host) and the docs.
 * The VS Code settings in package.json carry the same bounds (a test keeps them equal). Upper bounds keep
 * a typo such as `--k 100000` from running until killed or exhausting the heap.
 */
export interface OptionRange {
  /** The CLI flag, used to name the option in error lines. */
  readonly flag: string;
  readonly min: number;
  readonly max: number;
  /** Whole numbers only. */
  readonly integer: boolean;
  /** The VS Code setting with the same meaning and bounds, if any. */
  readonly setting?: string;
}

export const OPTION_RANGES = {
  k: { flag: '--k', min: 2, max: 50, integer: true, setting: 'pnag.k' },
  seed: { flag: '--seed', min: 0, max: 2_147_483_647, integer: true, setting: 'pnag.seed' },
  archiveSize: { flag: '--archive-size', min: 4, max: 100_000, integer: true },
  evaluatorEpochs: { flag: '--evaluator-epochs', min: 1, max: 100, integer: true, setting: 'pnag.evaluatorEpochs' },
  generatorSteps: { flag: '--generator-steps', min: 1, max: 10_000, integer: true, setting: 'pnag.trainingSteps' },
  frontierQueries: { flag: '--frontier-queries', min: 0, max: 100_000, integer: true, setting: 'pnag.frontierQueries' },
  evaluations: { flag: '--evaluations', min: 32, max: 1_000_000, integer: true, setting: 'pnag.evaluations' },
  bestOf: { flag: '--best-of', min: 0, max: 4096, integer: true, setting: 'pnag.bestOf' },
  sourceQueries: { flag: '--source-queries', min: 0, max: 5000, integer: true, setting: 'pnag.sourceQueries' },
  evaluatorTimeout: { flag: '--evaluator-timeout', min: 1, max: 86_400, integer: false },
  evaluatorConcurrency: { flag: '--evaluator-concurrency', min: 1, max: 64, integer: true },
  repeats: { flag: '--repeats', min: 1, max: 200, integer: true, setting: 'pnag.lut.repeats' },
  warmup: { flag: '--warmup', min: 0, max: 100, integer: true },
  runs: { flag: '--runs', min: 1, max: 10_000, integer: true },
  threads: { flag: '--threads', min: 1, max: 256, integer: true },
} as const satisfies Record<string, OptionRange>;

export type RangedOption = keyof typeof OPTION_RANGES;

/** `2..50 (whole numbers)`, for error lines and the docs. */
export function rangeText(range: OptionRange): string {
  return `${range.min.toLocaleString('en-US')}..${range.max.toLocaleString('en-US')}${range.integer ? ' (whole numbers)' : ''}`;
}

/** The value when it lies in the option's range; else an InputError naming the option, the value and the range. */
export function checkInRange(value: unknown, option: RangedOption, flag: string = OPTION_RANGES[option].flag): number {
  const range: OptionRange = OPTION_RANGES[option];
  const ok = typeof value === 'number' && Number.isFinite(value) && (!range.integer || Number.isInteger(value)) && value >= range.min && value <= range.max;
  if (!ok) throw new InputError(`${flag}: ${quoteValue(value)} is not in ${rangeText(range)}`, flag);
  return value as number;
}

/** The same for an optional value: undefined stays undefined. */
export function checkOptionalInRange(value: unknown, option: RangedOption, flag?: string): number | undefined {
  return value === undefined ? undefined : checkInRange(value, option, flag);
}
