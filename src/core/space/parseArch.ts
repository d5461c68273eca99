import { InputError } from '../errors';
import { checkJsonDepth } from '../util/jsonDepth';
import { Arch, ArchOptions, withOptions } from './arch';
import { fromNetworkConfig } from './networkConfig';
import { fromOfaDict } from './ofaDict';
import { looksLikePnagString, parsePnagString } from './pnagString';

/**
 * Reads an architecture written any way a user may have it: a PNAG string, an OFA dict as JSON, or an
 * OFA network config as JSON. Explicit options override what the text says.
 */
export function parseArchText(text: string, options: ArchOptions = {}): Arch {
  const trimmed = text.trim();
  if (trimmed === '') throw new InputError('architecture: empty text');
  if (looksLikePnagString(trimmed)) return parsePnagString(trimmed, options);
  if (trimmed.startsWith('{')) {
    checkJsonDepth(trimmed, 'architecture');
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw new InputError(`architecture: not valid JSON (${(error as Error).message})`);
    }
    return parseArchValue(value, options);
  }
  throw new InputError(
    'architecture: expected a PNAG string "d1,..,d5:k1,..,k20:e1,..,e20", an OFA dict {"ks", "e", "d"} or an OFA network config JSON',
  );
}

/** The same, from an already-parsed JSON value. */
export function parseArchValue(value: unknown, options: ArchOptions = {}): Arch {
  if (typeof value === 'string') return parseArchText(value, options);
  if (typeof value === 'object' && value !== null && 'blocks' in value) {
    const arch = fromNetworkConfig(value, options.resolution);
    return options.width !== undefined ? withOptions(arch, { width: options.width }) : arch;
  }
  const arch = fromOfaDict(value);
  return withOptions(arch, options);
}
