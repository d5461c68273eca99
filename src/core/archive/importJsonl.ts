import { basename } from 'node:path';
import { InputError, messageOf } from '../errors';
import { jsonErrorReason } from '../util/parseJsonText';
import { type ArchiveEntry, MetricError, checkPlausible, parseArchiveLine } from './archiveRecord';
import type { ImportIssue, ImportOptions, ParsedImport } from './importTypes';

/**
 * Reads our own archive format (or any JSON Lines of `{pnag|arch, width, resolution, metrics}`), e.g. an
 * archive from another machine. Provenance is kept; a line without it is credited to the file.
 */
export function parseJsonlImport(text: string, file: string, options: ImportOptions = {}): ParsedImport {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first === -1) throw new InputError(`${file}: empty file, expected JSON Lines of {pnag, width, resolution, metrics}`);
  if (!lines[first].trim().startsWith('{')) {
    throw new InputError(`${file}, line ${first + 1}: not JSON Lines: expected one JSON object per line such as {"pnag": ..., "metrics": {...}}`);
  }
  const entries: ArchiveEntry[] = [];
  const errors: ImportIssue[] = [];
  lines.forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const line = i + 1;
    try {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new InputError(`not valid JSON (${jsonErrorReason(error)})`);
      }
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const v = value as Record<string, unknown>;
        value = { ...v, width: v.width ?? options.width, resolution: v.resolution ?? options.resolution };
      }
      const parsed = parseArchiveLine(value, `line ${line}`);
      for (const [name, v] of Object.entries(parsed.metrics)) checkPlausible(name, v, `metric ${name}`);
      const provenance = parsed.provenance.map(({ time, ...rest }) => (time ? { ...rest, time } : rest));
      entries.push({ arch: parsed.arch, metrics: parsed.metrics, provenance: provenance.length > 0 ? provenance : { source: 'import:jsonl', file: basename(file), line } });
    } catch (error) {
      const message = messageOf(error).replace(/^line \d+: /, '');
      errors.push({ file, line, ...(error instanceof MetricError ? { field: `metrics.${error.metric}` } : {}), message });
    }
  });
  return { format: 'jsonl', entries, errors, notes: [] };
}
