import { statSync } from 'node:fs';
import { parse } from 'yaml';
import { InputError } from '../../errors';
import { InputFileError, MAX_BYTES, readInputText } from '../../fs/readInputFile';

/**
 * A latency look-up table: layer key -> mean latency in ms. Two key formats exist for this space:
 * OFA's MobileNetV3 tables (`Conv`, `expanded_conv`, `Conv_1`, `AvgPool2D`, `Conv_2`, `Logits`; one file
 * per resolution) and nsganetv2's (`first_conv`, `MBConv`, `final_expand_layer`, `feature_mix_layer`,
 * `classifier`; every resolution in one file).
 */
export type LutFormat = 'ofa-mbv3' | 'nsganetv2';

export interface LatencyTable {
  readonly format: LutFormat;
  /** The file it was read from. */
  readonly source: string;
  readonly entries: ReadonlyMap<string, number>;
  /** Input resolutions it has a first-conv entry for, ascending. */
  readonly resolutions: readonly number[];
  /** From a `# device: <name>` comment at the top of the file, if there is one. */
  readonly device?: string;
}

const FIRST_LAYER_TYPE: Readonly<Record<LutFormat, string>> = { 'ofa-mbv3': 'Conv', nsganetv2: 'first_conv' };
const DEVICE_COMMENT = /^#\s*device:\s*(\S.*?)\s*$/m;

/** Parses YAML text; `source` names the file in errors. */
export function parseLatencyTable(text: string, source: string): LatencyTable {
  let value: unknown;
  try {
    // uniqueKeys is O(n^2) in the yaml package (1 s on the 4,050-entry nsganetv2 file); duplicates are
    // caught below by counting top-level keys instead. logLevel 'error': the package's warnings (an unknown
    // tag or directive) would otherwise be printed by Node around our one-line error.
    value = parse(text, { uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
  } catch (error) {
    throw new InputError(`${source}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${source}: expected a mapping of layer keys to {mean, ...}`);
  }
  const entries = new Map<string, number>();
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    const mean = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).mean : undefined;
    if (typeof mean !== 'number' || !Number.isFinite(mean) || mean < 0) {
      throw new InputError(`${source}: entry ${JSON.stringify(key)} has no non-negative numeric mean`);
    }
    entries.set(key, mean);
  }
  // Block-style tables have one unindented line per key; more such lines than entries means duplicates.
  const topLevelKeys = text.split('\n').filter((line) => /^(?!---|\.\.\.)[^\s#]/.test(line)).length;
  if (topLevelKeys > entries.size) throw new InputError(`${source}: ${topLevelKeys - entries.size} duplicate layer keys`);
  const format = detectFormat(entries, source);
  return { format, source, entries, resolutions: resolutionsOf(entries, format), device: DEVICE_COMMENT.exec(text.slice(0, 2000))?.[1] };
}

function detectFormat(entries: ReadonlyMap<string, number>, source: string): LutFormat {
  let ofa = 0;
  let nsga = 0;
  for (const key of entries.keys()) {
    if (key.startsWith('expanded_conv-')) ofa++;
    else if (key.startsWith('MBConv-')) nsga++;
  }
  if (ofa > 0 && nsga === 0) return 'ofa-mbv3';
  if (nsga > 0 && ofa === 0) return 'nsganetv2';
  throw new InputError(
    `${source}: not a latency table for this space (expected OFA's "expanded_conv-input:..." or nsganetv2's "MBConv-input:..." keys)`,
  );
}

function resolutionsOf(entries: ReadonlyMap<string, number>, format: LutFormat): number[] {
  const pattern = new RegExp(`^${FIRST_LAYER_TYPE[format]}-input:(\\d+)x\\1x3-`);
  const out = new Set<number>();
  for (const key of entries.keys()) {
    const match = pattern.exec(key);
    if (match) out.add(Number(match[1]));
  }
  return [...out].sort((a, b) => a - b);
}

/** The mean latency of one layer; a missing key is an error naming it, never a silent zero. */
export function lookUp(table: LatencyTable, key: string): number {
  const mean = table.entries.get(key);
  if (mean === undefined) throw new InputError(`${table.source}: no entry for layer "${key}"`);
  return mean;
}

const cache = new Map<string, { readonly stamp: string; readonly table: LatencyTable }>();

/** Reads and parses a table file, reusing the parsed table while the file is unchanged. */
export function readLatencyTable(path: string): LatencyTable {
  let stamp: string;
  let text: string;
  try {
    const stat = statSync(path);
    stamp = `${stat.size}:${stat.mtimeMs}`;
    const hit = cache.get(path);
    if (hit && hit.stamp === stamp) return hit.table;
    text = readInputText(path, '', MAX_BYTES.latencyTable);
  } catch (error) {
    if (error instanceof InputFileError) throw new InputError(`${path}: cannot read the latency table (${error.reason})`);
    throw new InputError(`${path}: cannot read the latency table (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const table = parseLatencyTable(text, path);
  cache.set(path, { stamp, table });
  return table;
}
