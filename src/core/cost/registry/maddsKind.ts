import { quoteValue } from '../../util/quoteValue';
import { InputError } from '../../errors';
import type { CostUnitDescriptor } from '../costUnit';
import { type MaddsCount, maddsM } from '../madds';
import { MaddsCostModel } from '../maddsCostModel';
import type { CostModelKind, CostModelSpec } from './costModelKind';

function countOf(spec: CostModelSpec): MaddsCount {
  return spec.count === 'ofa' ? 'ofa' : 'pnag';
}

/** Millions of multiply-adds; FLOPs and MACs mean the same here, as mobile NAS papers use the words. */
export const MADDS_UNIT: CostUnitDescriptor = {
  unit: 'M',
  quantity: 'MAdds',
  suffixes: { m: 1, mflops: 1, mmacs: 1, mmadds: 1, madds: 1, g: 1000, gflops: 1000, gmacs: 1000, gmadds: 1000 },
  writeAs: 'multiply-adds in M or G (the cost model counts MAdds)',
  hint: 'M or G MAdds',
  costOptions: 'madds or madds:ofa',
  suffix: 'M',
  decimals: 1,
  amount: (number) => `${number}M`,
  longAmount: (number) => `${number}M MAdds`,
  step: 5,
  // The range of PNAG's MAdds task.
  standardBudgets: '250:700',
};

/** `madds` (PNAG's count, classifier left out) and `madds:ofa` (OFA's count, classifier included). */
export const maddsKind: CostModelKind = {
  kind: 'madds',
  forms: ['madds', 'madds:ofa'],
  examples: ['madds', 'madds:pnag', 'madds:ofa'],
  settingsPattern: 'madds(:(pnag|ofa))?',
  picks: [
    { label: 'MAdds (PNAG count)', description: 'classifier left out, as the PNAG paper counts', value: 'madds' },
    { label: "MAdds (OFA's count)", description: 'classifier included', value: 'madds:ofa' },
  ],
  capabilities: { exact: true, measured: false, cheap: true, needsTensorFlow: false },
  parse(rest, where, text) {
    if (rest === '' || rest === 'pnag') return { kind: 'madds', count: 'pnag' };
    if (rest === 'ofa') return { kind: 'madds', count: 'ofa' };
    throw new InputError(`${where}: ${quoteValue(text)}: the MAdds count is "pnag" (default) or "ofa"`);
  },
  format: (spec) => (countOf(spec) === 'pnag' ? 'madds' : 'madds:ofa'),
  unit: MADDS_UNIT,
  describe: (spec) => (countOf(spec) === 'pnag' ? 'MAdds (PNAG count)' : "MAdds (OFA's count)"),
  axisLabel: (spec) => (countOf(spec) === 'ofa' ? 'MAdds (M, OFA count, computed)' : 'MAdds (M, PNAG count, computed)'),
  computedCost: (spec) => (arch) => maddsM(arch, countOf(spec)),
  metricOf: (spec) => (countOf(spec) === 'ofa' ? 'madds_M' : 'madds_pnag_M'),
  open: async (spec) => new MaddsCostModel(countOf(spec)),
};
