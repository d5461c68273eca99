import { quoteValue } from '../../util/quoteValue';
import { InputError } from '../../errors';
import type { MaddsCount } from '../madds';
import { MaddsCostModel } from '../maddsCostModel';
import type { CostModelKind, CostModelSpec } from './costModelKind';

function countOf(spec: CostModelSpec): MaddsCount {
  return spec.count === 'ofa' ? 'ofa' : 'pnag';
}

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
  unitOf: () => 'M',
  describe: (spec) => (countOf(spec) === 'pnag' ? 'MAdds (PNAG count)' : "MAdds (OFA's count)"),
  metricOf: (spec) => (countOf(spec) === 'ofa' ? 'madds_M' : 'madds_pnag_M'),
  open: async (spec) => new MaddsCostModel(countOf(spec)),
};
