/**
 * An error caused by input the user gave (an architecture string, a budget, a file, a message).
 * Its message names what was wrong and where; front ends print it without a stack trace. `field` names
 * the option, setting or file the input came from when one is known (`--k`, `--arch`), for machine readers.
 */
export class InputError extends Error {
  readonly field?: string;

  constructor(message: string, field?: string) {
    super(message);
    this.name = 'InputError';
    if (field !== undefined) this.field = field;
  }
}

export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}

/** The message of any thrown value, for logs and one-line reports. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
