import { basename } from 'node:path';
import { InputError, messageOf } from '../errors';
import { type Arch, checkResolution, checkWidth } from '../space/arch';
import { fromOfaDict } from '../space/ofaDict';
import { looksLikePnagString, parsePnagString } from '../space/pnagString';
import { type CsvRow, parseCsv } from '../util/csv';
import { type ArchiveEntry, type Metrics, checkPlausible } from './archiveRecord';
import type { ImportIssue, ImportOptions, ParsedImport } from './importTypes';

const PNAG_COLUMNS = ['pnag_string', 'pnag', 'arch', 'architecture'];
const RESOLUTION_COLUMNS = ['r', 'resolution', 'image_size'];
const WIDTH_COLUMNS = ['w', 'width', 'width_mult'];

/** How one CSV column becomes one metric. */
interface MetricColumn {
  readonly column: string;
  readonly metric: string;
  readonly scale: number;
  /** Latency columns write 0 for "not measured" (DyNAS-T does), so 0 is treated as missing. */
  readonly zeroIsMissing: boolean;
}

/**
 * Reads a CSV of evaluated architectures: the architecture in OFA-dict columns (`d`, `ks`, `e`,
 * optionally `r`, `w`) or in a PNAG-string column, and known metric columns (DyNAS-T's, HELP's, ours).
 * A CSV with no architecture column is refused; a row with a bad value is reported and skipped.
 */
export function parseCsvImport(text: string, file: string, options: ImportOptions = {}): ParsedImport {
  const table = parseCsv(text, file);
  const header = table.header;
  const notes: string[] = [];
  const hasDict = ['d', 'ks', 'e'].every((c) => header.includes(c));
  const pnagColumn = hasDict ? undefined : findPnagColumn(header, table.rows);
  if (!hasDict && pnagColumn === undefined) {
    throw new InputError(
      `${file}: not an architecture CSV: expected columns d, ks and e (OFA dict) or a PNAG-string column (${PNAG_COLUMNS.join(', ')}); its columns are ${header.join(', ').replace(/\r/g, '\\r').replace(/\n/g, '\\n')}`,
    );
  }
  const rColumn = RESOLUTION_COLUMNS.find((c) => header.includes(c));
  const wColumn = WIDTH_COLUMNS.find((c) => header.includes(c));
  const width = defaultWidth(file, options, wColumn, hasDict, notes);
  const metricColumns = mapMetricColumns(header, options.device ?? 'unknown');
  const used = new Set<string>([...(hasDict ? ['d', 'ks', 'e'] : []), pnagColumn ?? '', rColumn ?? '', wColumn ?? '', ...metricColumns.map((m) => m.column)]);
  const ignored = header.filter((c) => !used.has(c));
  if (ignored.length > 0) notes.push(`columns not imported: ${ignored.join(', ')}`);

  const entries: ArchiveEntry[] = [];
  const errors: ImportIssue[] = [];
  const source = `import:csv`;
  for (const row of table.rows) {
    let field = '';
    try {
      field = rColumn ?? 'r';
      const resolution = rColumn && row.values[rColumn].trim() !== '' ? checkResolution(numberCell(row.values[rColumn])) : options.resolution;
      field = wColumn ?? 'w';
      const w = wColumn && row.values[wColumn].trim() !== '' ? checkWidth(numberCell(row.values[wColumn])) : width;
      field = hasDict ? 'd, ks, e' : (pnagColumn as string);
      const arch = hasDict ? dictArch(row, w, resolution) : parsePnagString(row.values[pnagColumn as string], { width: w, resolution });
      const metrics: Metrics = {};
      for (const m of metricColumns) {
        field = m.column;
        const cell = row.values[m.column].trim();
        if (cell === '') continue;
        const value = numberCell(cell) * m.scale;
        if (!Number.isFinite(value)) throw new InputError(`"${cell}" is out of range`);
        if (value === 0 && m.zeroIsMissing) continue;
        checkPlausible(m.metric, value, m.metric);
        metrics[m.metric] = value;
      }
      entries.push({ arch, metrics, provenance: { source, file: basename(file), line: row.line } });
    } catch (error) {
      errors.push({ file, line: row.line, field, message: messageOf(error) });
    }
  }
  percentTop1(entries, notes);
  return { format: 'csv', entries, errors, notes };
}

function findPnagColumn(header: readonly string[], rows: readonly CsvRow[]): string | undefined {
  return PNAG_COLUMNS.find((c) => header.includes(c) && rows.some((r) => looksLikePnagString(r.values[c])));
}

/** OFA dicts carry no width; a wrong default would silently mislabel every row, so it must be known. */
function defaultWidth(file: string, options: ImportOptions, wColumn: string | undefined, hasDict: boolean, notes: string[]): number | undefined {
  if (options.width !== undefined || wColumn !== undefined) return options.width;
  const fromName = /(?:^|[^\w.])w(1\.[02])(?![\d])/.exec(basename(file).replace(/_/g, ' '));
  if (fromName) {
    notes.push(`width ${fromName[1]} taken from the file name`);
    return Number(fromName[1]);
  }
  if (hasDict) {
    throw new InputError(`${file}: no width column (${WIDTH_COLUMNS.join(', ')}) and no width given; pass the width the architectures were evaluated at (1.0 or 1.2)`);
  }
  notes.push('no width column: PNAG strings mean width 1.2');
  return undefined;
}

function dictArch(row: CsvRow, width: number | undefined, resolution: number | undefined): Arch {
  const list = (name: string) => row.values[name].split(/[,\s]+/).filter((s) => s !== '').map(Number);
  const dict: Record<string, unknown> = { d: list('d'), ks: list('ks'), e: list('e') };
  if (width !== undefined) dict.w = width;
  if (resolution !== undefined) dict.r = resolution;
  return fromOfaDict(dict, {}, 'OFA dict');
}

/** Known metric columns; anything else is listed as not imported. */
function mapMetricColumns(header: readonly string[], device: string): MetricColumn[] {
  const out: MetricColumn[] = [];
  const taken = new Set<string>();
  const add = (column: string, metric: string, scale = 1, zeroIsMissing = false) => {
    if (!header.includes(column) || taken.has(metric)) return;
    taken.add(metric);
    out.push({ column, metric, scale, zeroIsMissing });
  };
  for (const c of ['top1', 'top1_acc', 'acc', 'accuracy']) add(c, 'top1');
  for (const c of ['top5', 'top5_acc']) add(c, 'top5');
  add('madds_M', 'madds_M');
  add('macs', 'madds_M', 1e-6);
  add('flops', 'madds_M', 1e-6);
  // Only OFA-count MAdds (classifier included) go to madds_M, so one metric means one thing.
  for (const c of header) if (/^madds_ofa.*_M$/.test(c)) add(c, 'madds_M');
  add('params_M', 'params_M');
  add('params', 'params_M', 1e-6);
  for (const c of header) {
    const help = /^lat_ms_(.+)_(\d+)$/.exec(c);
    if (help) add(c, `latency_ms@${help[1]}_b${help[2]}`, 1, true);
    else if (/^latency_ms@[\w.\-+]+$/.test(c)) add(c, c, 1, true);
  }
  add('latency_ms', `latency_ms@${device}`, 1, true);
  return out;
}

/** A number, or a count with an `M` or `G` suffix (OFA writes params as "5.0M"). */
function numberCell(cell: string): number {
  const match = /^\s*([-+]?\d*\.?\d+(?:e[-+]?\d+)?)\s*([MG]?)\s*$/i.exec(cell);
  if (!match) throw new InputError(`${JSON.stringify(cell)} is not a number`);
  const scale = match[2].toUpperCase() === 'M' ? 1e6 : match[2].toUpperCase() === 'G' ? 1e9 : 1;
  const value = Number(match[1]) * scale;
  // 1e999 reads as Infinity: this row's error, not the whole file's when the batch is written.
  if (!Number.isFinite(value)) throw new InputError(`"${cell}" is out of range`);
  return value;
}

/** Accuracy written as a fraction (0.79) is stored in percent, as every source reports it. */
export function percentTop1(entries: ArchiveEntry[], notes: string[]): void {
  for (const metric of ['top1', 'top5']) {
    const values = entries.map((e) => e.metrics[metric]).filter((v) => v !== undefined);
    if (values.length > 0 && values.every((v) => v >= 0 && v <= 1)) {
      for (const e of entries) if (e.metrics[metric] !== undefined) e.metrics[metric] *= 100;
      notes.push(`${metric} was a fraction; stored in percent`);
    } else {
      // A fraction among percentages is stored as given (0.78 %), but said: it is more likely a slip than a result.
      const low = values.filter((v) => v <= 1).length;
      if (low > 0) notes.push(`${metric}: ${low} of ${values.length} values are at most 1 among percentages; stored as given (a fraction in a column of percentages?)`);
    }
  }
}
