import { InputError } from '../../errors';
import { LATENCY_UNIT } from './latencyUnit';
import type { CostModelKind } from './costModelKind';

/** `measure`: each network built and timed on this machine (TensorFlow.js). */
export const measureKind: CostModelKind = {
  kind: 'measure',
  forms: ['measure'],
  examples: ['measure'],
  settingsPattern: 'measure',
  picks: [{ label: 'Latency measured here', description: 'times each network on this machine (slow)', value: 'measure' }],
  capabilities: { exact: false, measured: true, cheap: false, needsTensorFlow: true },
  parse(rest, where) {
    if (rest !== '') throw new InputError(`${where}: "measure" takes no argument`);
    return { kind: 'measure' };
  },
  format: () => 'measure',
  unit: LATENCY_UNIT,
  describe: () => 'latency measured on this machine',
  metricOf: () => undefined,
  open: (_spec, context) => context.timeOnThisMachine(context.measure),
};
