import { InputError } from '../errors';
import { checkJsonDepth } from '../util/jsonDepth';
import { type Arch, type ArchOptions, withOptions } from './arch';
import { looksLikeBlockMapping, parseBlockMapping } from './blockMapping';
import { fromNetworkConfig } from './networkConfig';
import { fromOfaDict } from './ofaDict';
import { looksLikePnagString, parsePnagString } from './pnagString';
import { LiteralSyntaxError, parseLiteral } from './pythonLiteral';
import { looksLikeSetActiveSubnet, readSetActiveSubnet } from './setActiveSubnetCall';

export const ARCH_FORMS =
  'a PNAG string "d1,..,d5:k1,..,k20:e1,..,e20", an OFA dict {ks, e, d} (JSON, Python or YAML), a set_active_subnet(ks=..., e=..., d=...) call or an OFA network config';

/** The `--arch` help of every CLI verb. */
export const ARCH_OPTION_HELP =
  'PNAG string "d1,..,d5:k1,..,k20:e1,..,e20", OFA dict (JSON or Python, as sample_active_subnet() prints it), set_active_subnet(...) call, or OFA network config';

/**
 * What PNAG inserts around an architecture: a comment line (`# PNAG: ...`, `// PNAG: ...`) and, in
 * Markdown, a fenced block. Whole comment lines go; the first fenced block's body is the text.
 */
function unwrap(text: string): string {
  const fence = /```[\w-]*[ \t]*\r?\n([\s\S]*?)```/.exec(text);
  const body = fence ? fence[1] : text;
  return body
    .split('\n')
    .filter((line) => !/^\s*(#|\/\/)/.test(line))
    .join('\n')
    .trim();
}

/**
 * Reads an architecture written any way PNAG writes or prints one, or OFA does: a PNAG string; an OFA
 * dict as JSON, as Python (`{'ks': [...], 'r': [224]}`, what `sample_active_subnet()` returns and
 * prints), as a JavaScript object or as YAML; a `set_active_subnet(...)` call; or OFA's network config
 * (`subnet.config`) as JSON or Python. Explicit options override what the text says.
 `defaults` fill in only what the text leaves out (a PNAG string has no width or resolution).
 * A `LiteralSyntaxError` means the text is no literal at all; other `InputError`s, wrong values.
 */
export function parseArchText(text: string, options: ArchOptions = {}, defaults: ArchOptions = {}): Arch {
  const body = unwrap(text);
  if (body === '') throw new InputError('architecture: empty text');
  const both = { ...defaults, ...definedOnly(options) };
  if (looksLikePnagString(body)) return parsePnagString(body, both);
  if (looksLikeSetActiveSubnet(body)) return fromOfaDict(readSetActiveSubnet(body), both, 'set_active_subnet');
  if (/^[{[]/.test(body)) return parseArchValue(readLiteralText(body), options, defaults);
  if (looksLikeBlockMapping(body)) return parseArchValue(parseBlockMapping(body, 'architecture'), options, defaults);
  throw new LiteralSyntaxError(`architecture: expected ${ARCH_FORMS}`);
}

/** JSON first (exact and fast); a Python or JavaScript literal otherwise, refused with the reader's message. */
function readLiteralText(body: string): unknown {
  checkJsonDepth(body, 'architecture');
  try {
    return JSON.parse(body) as unknown;
  } catch {
    try {
      return parseLiteral(body, 'architecture');
    } catch (error) {
      if (error instanceof LiteralSyntaxError) {
        throw new LiteralSyntaxError(`${error.message.replace(/^architecture: /, 'architecture: not valid JSON or a Python literal: ')}`);
      }
      throw error;
    }
  }
}

function definedOnly(options: ArchOptions): ArchOptions {
  const out: ArchOptions = {};
  if (options.width !== undefined) out.width = options.width;
  if (options.resolution !== undefined) out.resolution = options.resolution;
  return out;
}

/** The same, from an already-parsed value. */
export function parseArchValue(value: unknown, options: ArchOptions = {}, defaults: ArchOptions = {}): Arch {
  if (typeof value === 'string') return parseArchText(value, options, defaults);
  if (typeof value === 'object' && value !== null && 'blocks' in value) {
    const arch = fromNetworkConfig(value, options.resolution, defaults.resolution);
    return options.width !== undefined ? withOptions(arch, { width: options.width }) : arch;
  }
  const arch = fromOfaDict(value, definedOnly(defaults));
  return withOptions(arch, options);
}
