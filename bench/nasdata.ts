// Where the benchmarks read public reference data: the repository's copy (test/fixtures/nasdata, its
// README gives sources and licences), or a folder named by PNAG_NASDATA (e.g. a full copy of the HELP file).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const NASDATA = process.env.PNAG_NASDATA ?? resolve(__dirname, '..', 'test', 'fixtures', 'nasdata');

/**
 * The HELP latency file: all 5,000 rows where PNAG_NASDATA holds them, else the repository's first-500-row
 * subset. Says which, because the published latency-MLP figures need the full file.
 */
export function helpLatencyFile(): string {
  const full = 'help_ofa_w1.2_latency.csv';
  if (existsSync(join(NASDATA, full))) return full;
  console.log(`note: ${full} is not in ${NASDATA}; using the 500-row subset (set PNAG_NASDATA to a folder with the full file)`);
  return 'help_ofa_w1.2_latency_first500.csv';
}
