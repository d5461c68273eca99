import { InputError } from '../errors';
import { quoteValue } from '../util/quoteValue';

/**
 * Where accuracy comes from, as a user writes it on the command line or in settings:
 * `ofa` (the copy of OFA's predictor shipped in the package, also written `ofa:builtin`),
 * `ofa:<path.pth|path.json>`, `archive:<path>`, `proxy[:<name>]`, `eval:<command>`.
 */
export type AccuracySourceSpec =
  /** No path: the built-in copy. */
  | { readonly kind: 'ofa'; readonly path?: string }
  | { readonly kind: 'archive'; readonly path: string }
  | { readonly kind: 'proxy'; readonly name?: string }
  | { readonly kind: 'eval'; readonly command: string };

export type AccuracySourceKind = AccuracySourceSpec['kind'];

/** How the built-in predictor is written in checkpoints and settings; a file named so is `ofa:./builtin`. */
export const BUILTIN_OFA_SPEC = 'ofa:builtin';

export const ACCURACY_SOURCE_FORMS = ['ofa', 'ofa:<path.pth|path.json>', 'archive:<path>', 'proxy[:<name>]', 'eval:<command>'] as const;

/** Splits at the first `:` only, so Windows paths (`ofa:C:\x.pth`) and commands with colons survive. */
export function parseAccuracySourceSpec(spec: string, where = '--source'): AccuracySourceSpec {
  const text = spec.trim();
  const colon = text.indexOf(':');
  const kind = (colon < 0 ? text : text.slice(0, colon)).toLowerCase();
  const rest = colon < 0 ? '' : text.slice(colon + 1).trim();
  const required = (what: string): string => {
    if (rest === '') throw new InputError(`${where}: "${kind}" needs ${what}, as in ${kind}:<${what}>`);
    return rest;
  };
  switch (kind) {
    case 'ofa':
      return rest === '' || rest.toLowerCase() === 'builtin' ? { kind } : { kind, path: rest };
    case 'archive':
      return { kind, path: required('path') };
    case 'proxy':
      if (rest !== '' && !/^[\w.-]+$/.test(rest)) throw new InputError(`${where}: proxy name ${quoteValue(rest)} may use letters, digits, '.', '-' and '_'`);
      return rest === '' ? { kind } : { kind, name: rest };
    case 'eval':
      return { kind, command: required('command') };
    default:
      throw new InputError(`${where}: ${quoteValue(spec)} is not a source; use one of ${ACCURACY_SOURCE_FORMS.join(', ')}`);
  }
}

/** The inverse of `parseAccuracySourceSpec`, for settings and checkpoints. */
export function formatAccuracySourceSpec(spec: AccuracySourceSpec): string {
  switch (spec.kind) {
    case 'ofa':
      return spec.path === undefined ? BUILTIN_OFA_SPEC : `ofa:${spec.path}`;
    case 'archive':
      return `archive:${spec.path}`;
    case 'proxy':
      return spec.name === undefined ? 'proxy' : `proxy:${spec.name}`;
    case 'eval':
      return `eval:${spec.command}`;
  }
}
