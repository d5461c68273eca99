import type { ArchiveEntry } from './archiveRecord';
import type { ImportIssue } from '../../shared/engineJobs';

export const IMPORT_FORMATS = ['csv', 'pnag-json', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  /** Width for files that do not say (required for OFA-dict CSVs without a width column). */
  width?: number;
  /** Resolution for files that do not say; 224 otherwise. */
  resolution?: number;
  /** Device name for a plain `latency_ms` column, stored as `latency_ms@<device>`. */
  device?: string;
}

// A skipped row crosses to the host in an import job's result: one definition, in the worker protocol.
export type { ImportIssue } from '../../shared/engineJobs';

/** A file read and checked in full, ready to be added in one batch. */
export interface ParsedImport {
  readonly format: ImportFormat;
  readonly entries: ArchiveEntry[];
  readonly errors: ImportIssue[];
  /** How the file was read, when it was not obvious (a unit conversion, an inferred width, ignored columns). */
  readonly notes: string[];
}

export interface ImportResult {
  readonly file: string;
  readonly format: ImportFormat;
  /** Rows that added an architecture the archive did not have. */
  imported: number;
  /** Rows whose architecture was already present (in the archive or earlier in the file); metrics merged. */
  merged: number;
  /** Bad rows, each described in `errors`. */
  skipped: number;
  errors: ImportIssue[];
  notes: string[];
}

export function formatIssue(issue: ImportIssue): string {
  return `${issue.file}, line ${issue.line}${issue.field ? `, ${issue.field}` : ''}: ${issue.message}`;
}
