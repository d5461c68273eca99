import { InputError } from '../errors';

/** Deeper than any form PNAG reads (a network config nests about 5 levels); more is hostile or broken. */
export const MAX_JSON_DEPTH = 64;

/**
 * Refuses JSON text nested deeper than `max` before it is parsed, so no reader or error message walking
 * the value recursively can overflow the stack. Counts brackets outside strings; cheap and linear.
 */
export function checkJsonDepth(text: string, where: string, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (++depth > max) throw new InputError(`${where}: JSON nested more than ${max} levels deep`, where);
    } else if (c === ']' || c === '}') depth--;
  }
}
