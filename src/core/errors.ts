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

/**
 * Runs `parse` on input that came from one option or setting, so an InputError that names no field names that one
 * (`"field": "--arch"` under --json, for scripts). Other errors pass through.
 */
export function fromField<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InputError && error.field === undefined) throw new InputError(error.message, field);
    throw error;
  }
}

export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}

/** The message of any thrown value, for logs and one-line reports. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
