import { resolve } from 'node:path';
import { InputError } from '../../errors';
import { builtinLut, lutTablesAt } from '../lut/builtinLuts';
import { LutCostModel } from '../lut/lutCostModel';
import { LATENCY_UNIT } from './latencyUnit';
import type { CostModelKind, CostModelSpec } from './costModelKind';

function pathOf(spec: CostModelSpec): string {
  return spec.path ?? '';
}

/** `lut:<dir|file>`: latency look-up tables; `lut:note10` and `lut:i7-8700k` are shipped. */
export const lutKind: CostModelKind = {
  kind: 'lut',
  forms: ['lut:note10', 'lut:i7-8700k', 'lut:<dir|file>'],
  examples: ['lut:note10', 'lut:i7-8700k', 'lut:/tables/note10', 'lut:C:\\tables'],
  settingsPattern: 'lut:.+',
  picks: [
    { label: 'Latency look-up tables (Note10, shipped)', description: "OFA's Samsung Note10 tables", value: 'lut:note10' },
    { label: 'Latency look-up tables (i7-8700K, shipped)', description: "nsganetv2's Intel i7-8700K table", value: 'lut:i7-8700k' },
    { label: 'Latency look-up tables', description: "a folder or file of OFA's latency tables", value: { prefix: 'lut:', pickLabel: 'Latency tables', folders: true } },
  ],
  capabilities: { exact: true, measured: true, cheap: true, needsTensorFlow: false },
  parse(rest, where) {
    if (rest === '') throw new InputError(`${where}: "lut" needs the folder or file of latency tables, as in lut:<dir>`);
    return { kind: 'lut', path: rest };
  },
  format: (spec) => `lut:${pathOf(spec)}`,
  unit: LATENCY_UNIT,
  describe: (spec) => `latency from the look-up tables ${pathOf(spec)}`,
  metricOf: (spec) => `latency_ms@${pathOf(spec)}`,
  async open(spec, context) {
    const at = lutTablesAt(pathOf(spec));
    return LutCostModel.load(at.path, { device: context.device ?? at.device });
  },
  // A shipped table's name stays a name; a folder or file becomes absolute.
  absolute: (spec, base) => (builtinLut(pathOf(spec)) ? spec : { ...spec, path: resolve(base, pathOf(spec)) }),
};
