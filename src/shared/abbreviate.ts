/** Longest stretch of a user's value an error line quotes; longer values are cut with "...". */
export const QUOTED_MAX = 100;

/** `text` cut to at most `max` characters, ending in `...` when cut: what an error message quotes of bad input. */
export function abbreviate(text: string, max = QUOTED_MAX): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * A value as JSON, cut to `max` characters. A structured clone may carry BigInts (JSON.stringify refuses
 * them) or cycles; neither may turn a report of bad input into a crash.
 */
export function abbreviateJson(value: unknown, max: number): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    text = String(value);
  }
  return abbreviate(text, max);
}
