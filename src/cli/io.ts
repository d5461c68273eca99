import { InputError, messageOf } from '../core/errors';

/** Exit codes: 0 success, 1 failure of the tool, 2 bad input (usage, arguments, files). */
export const EXIT_BAD_INPUT = 2;
export const EXIT_FAILURE = 1;

/** Prints exactly one JSON object on stdout, as `--json` promises. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Wraps a command's action: bad input becomes one line on stderr and exit 2, anything else exit 1. */
export function action<A extends unknown[]>(run: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (error) {
      const line = messageOf(error).split('\n')[0];
      process.stderr.write(`pnag: ${line}\n`);
      process.exitCode = error instanceof InputError ? EXIT_BAD_INPUT : EXIT_FAILURE;
    }
  };
}

/** Parses a number option, naming the option when it is not one. */
export function numberOption(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InputError(`${name}: "${value}" is not a number`);
    return n;
  };
}

/** Formats a number with fixed decimals for tables. */
export function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}
