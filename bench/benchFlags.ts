// Command-line flags of the benches: `--name value` pairs read from argv. A numeric flag whose value is not a
// finite number stops the bench with exit 2 naming the flag, as the CLI does with bad input.

/** The word after `name` in `argv` (undefined when the flag is absent or last). */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** The value of numeric flag `name` in `argv`: undefined when absent; throws naming the flag when it is not a finite number. */
export function numberFlag(argv: readonly string[], name: string): number | undefined {
  if (!argv.includes(name)) return undefined;
  const text = flagValue(argv, name) ?? '';
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new RangeError(`bench: ${name} takes a number, got ${JSON.stringify(text)}`);
  return value;
}

export function argValue(name: string): string | undefined {
  return flagValue(process.argv, name);
}

/** A numeric flag's value (undefined when the flag is absent); a value that is not a finite number stops the bench. */
export function numberArg(name: string): number | undefined {
  try {
    return numberFlag(process.argv, name);
  } catch (error) {
    // Exit here: an error thrown from a bench's async main is printed with a screen of the wasm backend's source.
    console.error((error as Error).message);
    process.exit(2);
  }
}

/** `{ [key]: value }` of a numeric flag to spread into settings, `{}` when the flag is absent. */
export function numberSetting<K extends string>(name: string, key: K): Partial<Record<K, number>> {
  const value = numberArg(name);
  return value === undefined ? {} : ({ [key]: value } as Partial<Record<K, number>>);
}

/** The flags every diagnosis bench of the rounds takes: `--oracle`, `--total`, `--seeds a,b,…`, `--offset`. */
export function diagnosisFlags(defaultTotal: number): { readonly oracleName: string; readonly total: number; readonly seeds: number[];
  readonly offset: number; } {
  return {
    oracleName: argValue('--oracle') ?? 'madds',
    total: numberArg('--total') ?? defaultTotal,
    seeds: (argValue('--seeds') ?? '12,13').split(',').map(Number),
    offset: numberArg('--offset') ?? 0.25,
  };
}
