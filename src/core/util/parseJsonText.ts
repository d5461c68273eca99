import { InputError, messageOf } from '../errors';

/**
 * JSON.parse for user text, refusing with an InputError that stays on one line: V8's own message quotes the
 * text it failed on, line breaks and all, which broke the one-line error contract.
 */
export function parseJsonText(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${where}: not valid JSON (${jsonErrorReason(error)})`);
  }
}

/** V8's JSON.parse message without the quoted input, on one line. */
export function jsonErrorReason(error: unknown): string {
  return messageOf(error)
    .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '')
    .replace(/\s+/g, ' ')
    .trim();
}
