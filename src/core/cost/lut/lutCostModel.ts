import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../../errors';
import type { Arch } from '../../space/arch';
import type { ExactCostModel } from '../costModel';
import { type LatencyTable, lookUp, readLatencyTable } from './latencyTable';
import { lutKeys } from './lutKeys';

export interface LutTerm {
  readonly key: string;
  readonly ms: number;
}

export interface LutCostModelOptions {
  /** Overrides the device name found in the tables' `# device:` comment or the folder / file name. */
  readonly device?: string;
}

/**
 * Latency from look-up tables: the sum of the network's layer entries, from the table for its resolution.
 * Exact (deterministic and synchronous) so budgets can be checked with it.
 */
export class LutCostModel implements ExactCostModel {
  readonly exact = true as const;
  readonly unit = 'ms' as const;
  readonly name: string;
  readonly metric: string;

  constructor(
    readonly device: string,
    /** Resolution -> the table that covers it (nsganetv2's single table covers many). */
    private readonly tables: ReadonlyMap<number, LatencyTable>,
    /** The file or folder loaded, for messages. */
    readonly source: string,
  ) {
    this.name = `lut:${device}`;
    this.metric = `latency_ms@${device}`;
  }

  /** A folder of tables (OFA's `<r>_lookup_table.yaml`, one per resolution) or one table file. */
  static load(path: string, options: LutCostModelOptions = {}): LutCostModel {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      throw new InputError(`${path}: cannot read the latency table (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    const files = isDirectory
      ? readdirSync(path)
          .filter((name) => /\.ya?ml$/i.test(name))
          .sort()
          .map((name) => join(path, name))
      : [path];
    if (files.length === 0) throw new InputError(`${path}: no .yaml latency tables in this folder`);
    const tables = new Map<number, LatencyTable>();
    for (const file of files) {
      const table = readLatencyTable(file);
      checkFileResolution(table);
      for (const r of table.resolutions) {
        const other = tables.get(r);
        if (other) throw new InputError(`${path}: both ${basename(other.source)} and ${basename(table.source)} have entries for resolution ${r}`);
        tables.set(r, table);
      }
    }
    const comments = new Set([...tables.values()].map((t) => t.device).filter((d): d is string => d !== undefined));
    if (comments.size > 1) throw new InputError(`${path}: the tables name different devices (${[...comments].join(', ')})`);
    // A name taken from the folder becomes a safe metric name (`latency_ms@<device>`) whatever the folder is called.
    const device = options.device ?? [...comments][0] ?? safeDeviceName(deviceFromFileName(path));
    if (!/^[\w.+-]+$/.test(device)) throw new InputError(`device name "${device}": use letters, digits, '.', '+', '-' or '_'`);
    return new LutCostModel(device, tables, path);
  }

  /** Resolutions this model has a table for, ascending. */
  get resolutions(): number[] {
    return [...this.tables.keys()].sort((a, b) => a - b);
  }

  tableFor(resolution: number): LatencyTable {
    const table = this.tables.get(resolution);
    if (!table) {
      throw new InputError(`${this.source}: no latency table for resolution ${resolution} (tables cover ${formatResolutions(this.resolutions)})`);
    }
    return table;
  }

  /** Each timed layer's key and latency, in network order. */
  breakdown(arch: Arch): LutTerm[] {
    const table = this.tableFor(arch.resolution);
    return lutKeys(arch, table.format).map((key) => ({ key, ms: lookUp(table, key) }));
  }

  costOf(arch: Arch): number {
    const table = this.tableFor(arch.resolution);
    let sum = 0;
    for (const key of lutKeys(arch, table.format)) sum += lookUp(table, key);
    return sum;
  }

  async costs(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]> {
    signal?.throwIfAborted();
    return archs.map((arch) => this.costOf(arch));
  }
}

/** An OFA table must time one resolution, and agree with a `<r>_` file-name prefix if it has one. */
function checkFileResolution(table: LatencyTable): void {
  if (table.resolutions.length === 0) throw new InputError(`${table.source}: no first-conv entry, so no resolution is covered`);
  if (table.format !== 'ofa-mbv3') return;
  if (table.resolutions.length > 1) {
    throw new InputError(`${table.source}: an OFA table should time one resolution, this one has ${formatResolutions(table.resolutions)}`);
  }
  const named = /^(\d+)_/.exec(basename(table.source));
  if (named && Number(named[1]) !== table.resolutions[0]) {
    throw new InputError(`${table.source}: the file name says resolution ${named[1]}, its first conv says ${table.resolutions[0]}`);
  }
}

/**
 * `ofa_note10_lut` -> `note10`, `nsganetv2_i7-8700K_lut.yaml` -> `i7-8700K`; a per-resolution file such as
 * `ofa_note10_lut/224_lookup_table.yaml` takes its folder's name.
 */
export function deviceFromFileName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const name = basename(trimmed)
    .replace(/\.ya?ml$/i, '')
    .replace(/(^|_)lookup_table$/, '')
    .replace(/^\d+(_|$)/, '')
    .replace(/^(ofa|nsganetv2)_/, '')
    .replace(/_lut$|^lut_/, '');
  if (name !== '') return name;
  const parent = dirname(trimmed);
  return parent !== trimmed && basename(parent) !== '' && basename(parent) !== '.' ? deviceFromFileName(parent) : 'device';
}

/** `my tables (é)` -> `my-tables`: letters, digits, '.', '+', '-' and '_' only; `device` when nothing is left. */
export function safeDeviceName(name: string): string {
  const safe = name.replace(/[^\w.+-]+/g, '-').replace(/^-+|-+$/g, '');
  return safe === '' ? 'device' : safe;
}

function formatResolutions(values: readonly number[]): string {
  return values.length > 6 ? `${values[0]}..${values[values.length - 1]} (${values.length} sizes)` : values.join(', ');
}
