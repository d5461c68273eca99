import { InputError } from '../errors';

/** One parsed CSV record with the 1-based line it started on, for error messages. */
export interface CsvRow {
  readonly line: number;
  readonly values: Record<string, string>;
}

export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
}

/**
 * RFC 4180 CSV: comma-separated, fields may be quoted with `"` and contain commas, newlines and `""`.
 * A row with a different number of fields than the header is an error naming its line.
 */
export function parseCsv(text: string, where = 'CSV'): CsvTable {
  const records = splitRecords(text.replace(/^\uFEFF/, ''), where);
  if (records.length === 0) throw new InputError(`${where}: empty file, expected a header row`);
  const header = records[0].fields.map((h) => h.trim());
  // A repeated column would be read as its last copy: `pnag,top1,top1` imported the second top-1 over the first.
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    const first = seen.get(name);
    if (name !== '' && first !== undefined) throw new InputError(`${where}: column ${JSON.stringify(name)} appears twice in the header (columns ${first + 1} and ${i + 1}); keep one`);
    seen.set(name, i);
  });
  const rows: CsvRow[] = [];
  for (const record of records.slice(1)) {
    if (record.fields.length === 1 && record.fields[0] === '') continue;
    if (record.fields.length !== header.length) {
      throw new InputError(`${where}, line ${record.line}: ${record.fields.length} fields, the header has ${header.length}`);
    }
    const values: Record<string, string> = {};
    header.forEach((name, i) => (values[name] = record.fields[i]));
    rows.push({ line: record.line, values });
  }
  return { header, rows };
}

interface RawRecord {
  line: number;
  fields: string[];
}

function splitRecords(text: string, where: string): RawRecord[] {
  const records: RawRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += c;
  }
  if (quoted) throw new InputError(`${where}, line ${recordLine}: a quoted field is never closed`);
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}
