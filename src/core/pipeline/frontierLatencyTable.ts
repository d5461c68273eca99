import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isExact } from '../cost/costModel';
import { builtinLut } from '../cost/lut/builtinLuts';
import { openCostModel, parseCostModelSpec } from '../cost/registry/costModelRegistry';
import { messageOf } from '../errors';
import type { Arch } from '../space/arch';

// A generator trained on a latency table (`lut:`) costs networks exactly, but the archive keeps no latency for an
// exact cost, so the Frontier marks and `pnag frontier` cost them with the same table, as generation does.

/** Tables opened so far, by spec and device, with the files' signature then: the view asks on every change of the archive. */
const opened = new Map<string, { readonly signature: string; readonly table: Promise<(arch: Arch) => number> }>();

/** What changes when tables are rebuilt (`pnag lut build` into the same folder): the table files' names and times. */
function tablesSignature(path: string): string {
  if (builtinLut(path)) return 'shipped';
  try {
    const info = statSync(path);
    if (!info.isDirectory()) return String(info.mtimeMs);
    return readdirSync(path).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `${f}@${statSync(join(path, f)).mtimeMs}`).join(',');
  } catch {
    return 'unreadable';
  }
}

/**
 * The table's cost function for a recorded `lut:` spec, or undefined for another kind; `problem` when the table
 * cannot be opened (a moved folder), so the caller can say why and fall back to latencies in the archive.
 */
export async function latencyTableCost(costSpec: string | undefined, device?: string): Promise<{ costOf?: (arch: Arch) => number; problem?: string }> {
  if (costSpec === undefined) return {};
  let spec;
  try {
    spec = parseCostModelSpec(costSpec);
  } catch {
    return {};
  }
  if (spec.kind !== 'lut') return {};
  const key = `${costSpec}\n${device ?? ''}`;
  const signature = tablesSignature(spec.path ?? '');
  const cached = opened.get(key);
  let table = cached?.signature === signature ? cached.table : undefined;
  if (!table) {
    // Only a table is opened here: the context's timing hook is never reached for `lut:`.
    table = openCostModel(spec, { measure: { warmup: 0, runs: 1 }, device, timeOnThisMachine: () => Promise.reject(new Error('not a table')) }).then((model) => {
      if (!isExact(model)) throw new Error(`${costSpec} is not an exact cost model`);
      return (arch: Arch) => model.costOf(arch);
    });
    const entry = { signature, table };
    opened.set(key, entry);
    table.catch(() => {
      if (opened.get(key) === entry) opened.delete(key);
    });
  }
  try {
    return { costOf: await table };
  } catch (error) {
    return { problem: `the generator's latency table (${costSpec}) could not be opened: ${messageOf(error)}` };
  }
}
