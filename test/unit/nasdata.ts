import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCsv, type CsvTable } from '../../src/core/util/csv';

/**
 * The public reference data the tests check against, carried in the repository (test/fixtures/README.md
 * gives each file's source, licence and how it was made). No override: a test must pass in a bare clone.
 */
export const NASDATA_DIR = resolve(__dirname, '..', 'fixtures', 'nasdata');

/** The HELP latency file is a subset: its first 500 rows (test/fixtures/README.md). */
export const HELP_LATENCY_CSV = 'help_ofa_w1.2_latency_first500.csv';

export function nasdataPath(name: string): string {
  const path = join(NASDATA_DIR, name);
  if (!existsSync(path)) throw new Error(`test fixture missing: ${path}`);
  return path;
}

export function readNasdataCsv(name: string): CsvTable {
  return parseCsv(readFileSync(nasdataPath(name), 'utf8'), name);
}
