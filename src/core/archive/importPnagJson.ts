import { basename } from 'node:path';
import { InputError, messageOf } from '../errors';
import { parsePnagString } from '../space/pnagString';
import { parseJsonText } from '../util/parseJsonText';
import { type ArchiveEntry, type Metrics, checkPlausible } from './archiveRecord';
import { percentTop1 } from './importCsv';
import type { ImportIssue, ImportOptions, ParsedImport } from './importTypes';

/** PNAG's per-width fields and what they become; its latencies are in seconds. */
const FIELDS: Record<string, { metric: string; scale: number }> = {
  top1_acc: { metric: 'top1', scale: 1 },
  top5_acc: { metric: 'top5', scale: 1 },
  mobile_latency: { metric: 'latency_ms@mobile', scale: 1000 },
  cpu_latency: { metric: 'latency_ms@cpu', scale: 1000 },
  gpu_latency: { metric: 'latency_ms@gpu', scale: 1000 },
};

const WIDTH_KEY = /^w(\d+(?:\.\d+)?)$/;

/**
 * Reads PNAG's `architectures.json` (guoyongcs/PNAG `core/dataset.py`): a list of
 * `{"arch": "<PNAG string>", "w1.2": {"top1_acc", "mobile_latency", "cpu_latency", "gpu_latency"}}`.
 * Each width block becomes one record at that width (resolution 224 unless given).
 */
export function parsePnagJsonImport(text: string, file: string, options: ImportOptions = {}): ParsedImport {
  const value = parseJsonText(text, file);
  const layout = 'expected PNAG\'s architectures.json layout: a list of {"arch": "<PNAG string>", "w1.2": {"top1_acc", ...}}';
  if (!Array.isArray(value)) throw new InputError(`${file}: ${layout}; got ${value === null ? 'null' : typeof value}`);
  const looksRight = (item: unknown) =>
    typeof item === 'object' && item !== null && typeof (item as Record<string, unknown>).arch === 'string' &&
    Object.keys(item).some((k) => WIDTH_KEY.test(k));
  if (value.length > 0 && !value.some(looksRight)) throw new InputError(`${file}: ${layout}; no entry has "arch" and a width key`);

  const lines = elementLines(text);
  const entries: ArchiveEntry[] = [];
  const errors: ImportIssue[] = [];
  const notes: string[] = [];
  value.forEach((item, i) => {
    const line = lines[i] ?? 1;
    let field = `entry ${i + 1}`;
    try {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new InputError('not an object');
      const record = item as Record<string, unknown>;
      field = 'arch';
      if (typeof record.arch !== 'string' || record.arch.trim() === '') throw new InputError('missing or empty PNAG string');
      const widthKeys = Object.keys(record).filter((k) => WIDTH_KEY.test(k));
      if (widthKeys.length === 0) throw new InputError('no width block such as "w1.2"');
      for (const key of widthKeys) {
        field = key;
        const width = Number(WIDTH_KEY.exec(key)?.[1]);
        const arch = parsePnagString(record.arch as string, { width, resolution: options.resolution });
        entries.push({ arch, metrics: blockMetrics(record[key], key), provenance: { source: 'import:pnag-json', file: basename(file), line } });
      }
    } catch (error) {
      errors.push({ file, line, field, message: messageOf(error) });
    }
  });
  percentTop1(entries, notes);
  notes.push('latencies were in seconds; stored in ms as latency_ms@mobile, @cpu, @gpu');
  return { format: 'pnag-json', entries, errors, notes };
}

function blockMetrics(block: unknown, key: string): Metrics {
  if (typeof block !== 'object' || block === null || Array.isArray(block)) throw new InputError(`"${key}" must be an object of metrics`);
  const metrics: Metrics = {};
  for (const [name, v] of Object.entries(block as Record<string, unknown>)) {
    const field = FIELDS[name];
    if (!field) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${key}.${name}: expected a number, got ${JSON.stringify(v)}`);
    checkPlausible(field.metric, v * field.scale, `${key}.${name}`);
    metrics[field.metric] = v * field.scale;
  }
  if (Object.keys(metrics).length === 0) throw new InputError(`"${key}" has none of ${Object.keys(FIELDS).join(', ')}`);
  return metrics;
}

/** The 1-based line where each element of a top-level JSON array starts, for error messages. */
function elementLines(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectElement && !/\s/.test(c) && c !== ']') {
      out.push(line);
      expectElement = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectElement = true;
  }
  return out;
}
