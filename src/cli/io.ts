import { Command } from 'commander';
import { InputError, messageOf } from '../core/errors';
import { OPTION_RANGES, type RangedOption, checkInRange } from '../core/pipeline/optionRanges';
import { fileSystemProblem } from '../core/util/fileSystemError';
import { quoteValue } from '../core/util/quoteValue';

/** Exit codes: 0 success, 1 failure of the tool, 2 bad input (usage, arguments, files). */
export const EXIT_BAD_INPUT = 2;
export const EXIT_FAILURE = 1;

/** Prints exactly one JSON object on stdout, as `--json` promises. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/**
 * Reports a failure on stderr: one line, or under `--json` one JSON object `{"error", "field"}` (field:
 * the option or file at fault, null when unknown), so scripts read errors the way they read results.
 */
export function reportError(message: string, field: string | undefined, json: boolean): void {
  const line = message.split('\n')[0];
  if (json) process.stderr.write(`${JSON.stringify({ error: line, field: field ?? null })}\n`);
  else process.stderr.write(`pnag: ${line}\n`);
}

/**
 * Wraps a command's action: bad input (and a failed file-system call, which names its path) becomes one
 * line on stderr and exit 2, anything else exit 1.
 */
export function action<A extends unknown[]>(run: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (error) {
      const command = args[args.length - 1];
      const json = command instanceof Command && command.opts().json === true;
      const fileProblem = fileSystemProblem(error);
      const bad = error instanceof InputError || fileProblem !== undefined;
      reportError(fileProblem ?? messageOf(error), error instanceof InputError ? error.field : undefined, json);
      process.exitCode = bad ? EXIT_BAD_INPUT : EXIT_FAILURE;
    }
  };
}

/** Reads an option's text as a number, naming the option when it is not one. */
function parseNumber(name: string, value: string): number {
  const n = Number(value);
  // Decimal only: Number() also reads 0x10 as 16 and 0b11 as 3, which nobody means on a command line.
  if (!DECIMAL.test(value.trim()) || !Number.isFinite(n)) throw new InputError(`${name}: ${quoteValue(value)} is not a number`, name);
  return n;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parses a number option, naming the option when it is not one (its range is checked elsewhere). */
export function numberOption(name: string): (value: string) => number {
  return (value: string) => parseNumber(name, value);
}

/** Parses a numeric option against its documented range (optionRanges.ts), before any work starts. */
export function rangedOption(option: RangedOption, flag?: string): (value: string) => number {
  return (value: string) => {
    const name = flag ?? OPTION_RANGES[option].flag;
    return checkInRange(parseNumber(name, value), option, name);
  };
}

/** Formats a number with fixed decimals for tables. */
export function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}
