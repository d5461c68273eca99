import { InputError } from '../errors';
import { type Arch, archKey } from '../space/arch';
import { parseArchValue } from '../space/parseArch';
import { parsePnagString, toPnagString } from '../space/pnagString';

/**
 * Metric values by name, e.g. `top1` (percent), `madds_M`, `params_M`, `latency_ms@<device>`.
 * Names follow `<quantity>_<unit>[@<device>]` so a reader knows the unit without a schema.
 */
export type Metrics = Record<string, number>;

/** Where an observation came from: an import (file, line) or an evaluator (command). */
export interface Provenance {
  readonly source: string;
  readonly file?: string;
  readonly line?: number;
  readonly command?: string;
  /** Why the evaluation failed, on the line that records a failure (`failed` metrics: pipeline/failedEvaluations.ts). */
  readonly error?: string;
  /** ISO 8601 time the observation was recorded. */
  readonly time: string;
}

/** Provenance as given when adding; the time defaults to now. */
export type ProvenanceInput = Omit<Provenance, 'time'> & { time?: string };

/**
 * One observation to add: an architecture, some of its metrics, and where they came from (a list when
 * re-importing a record that already merged several origins).
 */
export interface ArchiveEntry {
  readonly arch: Arch;
  readonly metrics: Metrics;
  readonly provenance: ProvenanceInput | readonly ProvenanceInput[];
}

/** Everything known about one architecture: its observations merged, later values winning per metric. */
export interface ArchiveRecord {
  readonly key: string;
  readonly arch: Arch;
  readonly metrics: Readonly<Metrics>;
  /** Oldest first; one per observation merged into this record. */
  readonly provenance: readonly Provenance[];
  /** Time of the latest observation. */
  readonly timestamp: string;
}

/** The JSON written for one observation, one per line of the archive file. */
export interface ArchiveLine {
  pnag: string;
  width: number;
  resolution: number;
  metrics: Metrics;
  provenance: Provenance | Provenance[];
}

const METRIC_NAME = /^[A-Za-z][\w.]*(@[\w.\-+]+)?$/;

/** A metric value that is wrong; `metric` names it, so an import can report the field. */
export class MetricError extends InputError {
  constructor(
    message: string,
    readonly metric: string,
  ) {
    super(message);
  }
}

/** Accuracies in percent: a top-1 of 150, -75 or 1e308 is not a measurement. */
const PERCENT_METRICS: ReadonlySet<string> = new Set(['top1', 'top5']);

/**
 * Refuses a value its metric cannot have (a percentage outside [0, 100]); `where` names the field. Imports
 * check every row with it; evaluator replies are checked by the protocol.
 */
export function checkPlausible(name: string, value: number, where: string): void {
  if (PERCENT_METRICS.has(name) && !(value >= 0 && value <= 100)) {
    throw new MetricError(`${where} must be a percentage in [0, 100], got ${value}`, name);
  }
}

/** Checks a metrics map: names like `top1` or `latency_ms@note10`, finite numeric values. */
/** The same, and every measured percentage in [0, 100]: what an archive line may hold. */
function checkStoredMetrics(value: unknown, where: string): Metrics {
  const metrics = checkMetrics(value, where);
  // A measured top-1 of 150 or 1e308 in a hand-edited archive would train a checkpoint PNAG then refuses to load.
  for (const [name, v] of Object.entries(metrics)) checkPlausible(name, v, `${where}: metric ${name}`);
  return metrics;
}

export function checkMetrics(value: unknown, where: string): Metrics {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${where}: metrics must be an object of name -> number, got ${JSON.stringify(value)}`);
  }
  const out: Metrics = {};
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (!METRIC_NAME.test(name)) {
      throw new InputError(`${where}: metric name ${JSON.stringify(name)} must look like top1, madds_M or latency_ms@<device>`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      // String() for numbers: JSON would print a 1e999 that parsed to Infinity as null.
      throw new MetricError(`${where}: metric ${name} must be a finite number, got ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`, name);
    }
    out[name] = v;
  }
  return out;
}

export function toArchiveLine(entry: ArchiveEntry, now: () => string = isoNow): ArchiveLine {
  const stamp = (p: ProvenanceInput): Provenance => ({ ...p, time: p.time ?? now() });
  const given = entry.provenance;
  const provenance = isProvenanceList(given) ? given.map(stamp) : stamp(given);
  return {
    pnag: toPnagString(entry.arch),
    width: entry.arch.width,
    resolution: entry.arch.resolution,
    metrics: checkStoredMetrics(entry.metrics, `metrics of ${toPnagString(entry.arch)}`),
    provenance,
  };
}

/**
 * Reads one line of our JSONL. Accepts our own format and, for hand-written files, `arch` in any
 * architecture notation instead of `pnag`, and provenance as one object or a list.
 */
export function parseArchiveLine(value: unknown, where: string): { arch: Arch; metrics: Metrics; provenance: Provenance[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${where}: expected a JSON object with pnag (or arch), width, resolution and metrics`);
  }
  const v = value as Record<string, unknown>;
  const width = optionalNumber(v.width, `${where}: width`);
  const resolution = optionalNumber(v.resolution, `${where}: resolution`);
  let arch: Arch;
  try {
    if (typeof v.pnag === 'string') arch = parsePnagString(v.pnag, { width, resolution });
    else if (v.arch !== undefined) arch = parseArchValue(v.arch, { width, resolution });
    else throw new InputError('no "pnag" or "arch" field');
  } catch (error) {
    throw new InputError(`${where}: architecture: ${(error as Error).message}`);
  }
  const metrics = checkStoredMetrics(v.metrics ?? {}, where);
  const provenance = parseProvenance(v.provenance, where);
  return { arch, metrics, provenance };
}

function isProvenanceList(p: ProvenanceInput | readonly ProvenanceInput[]): p is readonly ProvenanceInput[] {
  return Array.isArray(p);
}

function parseProvenance(value: unknown, where: string): Provenance[] {
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, i) => {
    if (typeof item !== 'object' || item === null || typeof (item as { source?: unknown }).source !== 'string') {
      throw new InputError(`${where}: provenance[${i}] must be an object with a "source" string`);
    }
    const p = item as Record<string, unknown>;
    return {
      source: p.source as string,
      ...(typeof p.file === 'string' ? { file: p.file } : {}),
      ...(typeof p.line === 'number' ? { line: p.line } : {}),
      ...(typeof p.command === 'string' ? { command: p.command } : {}),
      ...(typeof p.error === 'string' ? { error: p.error } : {}),
      time: typeof p.time === 'string' ? p.time : '',
    };
  });
}

function optionalNumber(value: unknown, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw new InputError(`${where} must be a number, got ${JSON.stringify(value)}`);
  return value;
}

/** A fresh record holding one observation. */
export function newRecord(arch: Arch, metrics: Metrics, provenance: readonly Provenance[]): ArchiveRecord {
  return {
    key: archKey(arch),
    arch,
    metrics: { ...metrics },
    provenance: provenance.slice(),
    timestamp: latestTime(provenance),
  };
}

/** Merges a later observation into a record: its metric values win, its provenance is appended. */
export function mergeRecord(record: ArchiveRecord, metrics: Metrics, provenance: readonly Provenance[]): ArchiveRecord {
  const all = [...record.provenance, ...provenance];
  return { ...record, metrics: { ...record.metrics, ...metrics }, provenance: all, timestamp: latestTime(all) };
}

function latestTime(provenance: readonly Provenance[]): string {
  let latest = '';
  for (const p of provenance) if (p.time > latest) latest = p.time;
  return latest;
}

export function isoNow(): string {
  return new Date().toISOString();
}
