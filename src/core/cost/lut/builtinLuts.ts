import { isAbsolute, resolve } from 'node:path';
import { packageDataPath } from '../../data/packageData';

/**
 * Latency tables shipped in the package (data/NOTICE.md: sources and licences), named as cost models:
 * `lut:note10` (OFA's Samsung Note10 tables, w1.2) and `lut:i7-8700k` (nsganetv2's i7-8700K CPU table).
 * A folder of the user's with the same name is written with a path, `lut:./note10`.
 */
const BUILTIN_LUTS: Readonly<Record<string, { readonly parts: readonly string[]; readonly device: string }>> = {
  note10: { parts: ['lut', 'ofa_note10_lut'], device: 'note10' },
  'i7-8700k': { parts: ['lut', 'nsganetv2_i7-8700K_lut.yaml'], device: 'i7-8700K' },
};

export const BUILTIN_LUT_NAMES = Object.keys(BUILTIN_LUTS);

/** The tables' path and device name when `name` is a built-in table (case-insensitive), else undefined. */
export function builtinLut(name: string): { readonly path: string; readonly device: string } | undefined {
  const entry = BUILTIN_LUTS[name.trim().toLowerCase()];
  return entry ? { path: packageDataPath(...entry.parts), device: entry.device } : undefined;
}

/** Where a `lut:` spec's tables are: a shipped table by name (with its device), else the user's file or folder, relative to `base`. */
export function lutTablesAt(name: string, base?: string): { readonly path: string; readonly device?: string } {
  return builtinLut(name) ?? { path: base === undefined || isAbsolute(name) ? name : resolve(base, name) };
}
