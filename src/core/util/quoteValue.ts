import { QUOTED_MAX, abbreviate } from '../../shared/abbreviate';

/**
 * A bad value as an error line quotes it: strings in quotes, anything else as JSON, at most `max`
 * characters. Never throws, so a hostile value (nested thousands deep, cyclic) cannot replace the
 * error it is reported in with a stack overflow.
 */
export function quoteValue(value: unknown, max = QUOTED_MAX): string {
  // JSON quoting escapes line breaks and control characters: an error stays one line.
  if (typeof value === 'string') return JSON.stringify(abbreviate(value, max));
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? '[a list nested too deep to show]' : '{an object nested too deep to show}';
  }
  return abbreviate(text, max);
}
