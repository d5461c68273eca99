import { extname } from 'node:path';
import { InputError } from '../errors';
import type { Archive } from './archive';
import { parseCsvImport } from './importCsv';
import { parseJsonlImport } from './importJsonl';
import { parsePnagJsonImport } from './importPnagJson';
import { IMPORT_FORMATS, type ImportFormat, type ImportOptions, type ImportResult, type ParsedImport } from './importTypes';
import { MAX_BYTES, readInputText } from '../fs/readInputFile';

/** The format a file claims by its extension, else by its first character. */
export function detectFormat(file: string, text: string): ImportFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') return 'pnag-json';
  const first = text.trimStart()[0];
  if (first === '[') return 'pnag-json';
  if (first === '{') return 'jsonl';
  return 'csv';
}

export function checkFormat(value: string): ImportFormat {
  if (!(IMPORT_FORMATS as readonly string[]).includes(value)) {
    throw new InputError(`format: "${value}" is not one of ${IMPORT_FORMATS.join(', ')}`);
  }
  return value as ImportFormat;
}

/** Reads and checks a whole file without touching any archive; refuses a file that is not what it claims. */
export function parseImportFile(file: string, options: ImportOptions & { format?: ImportFormat } = {}): ParsedImport {
  // A byte order mark (Windows editors add one) is accepted in every format.
  const text = readInputText(file, '', MAX_BYTES.importFile).replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new InputError(`${file}: empty file`);
  const format = options.format ?? detectFormat(file, text);
  switch (format) {
    case 'csv':
      return parseCsvImport(text, file, options);
    case 'pnag-json':
      return parsePnagJsonImport(text, file, options);
    case 'jsonl':
      return parseJsonlImport(text, file, options);
  }
}

/**
 * Imports a file into the archive: the file is read and checked in full first, then every good row is
 * added in one all-or-nothing batch. Bad rows are skipped and listed.
 */
export function importFile(archive: Archive, file: string, options: ImportOptions & { format?: ImportFormat } = {}): ImportResult {
  const parsed = parseImportFile(file, options);
  const { imported, merged } = archive.addMany(parsed.entries);
  return { file, format: parsed.format, imported, merged, skipped: parsed.errors.length, errors: parsed.errors, notes: parsed.notes };
}
