import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCsv, CsvTable } from '../../src/core/util/csv';

/** The shared public data beside the clone (`../shared/nasdata`), or where PNAG_NASDATA points. */
export const NASDATA_DIR = process.env.PNAG_NASDATA ?? resolve(__dirname, '..', '..', '..', 'shared', 'nasdata');

export function nasdataPath(name: string): string {
  const path = join(NASDATA_DIR, name);
  if (!existsSync(path)) throw new Error(`nasdata file missing: ${path} (set PNAG_NASDATA to the folder)`);
  return path;
}

export function readNasdataCsv(name: string): CsvTable {
  return parseCsv(readFileSync(nasdataPath(name), 'utf8'), name);
}
