import { InputError } from '../../errors';
import { quoteValue } from '../../util/quoteValue';
import type { AccuracySourceKind } from './accuracySourceKind';

/** `proxy[:<name>]`: a training-free estimate; no name: the default estimator. */
export interface ProxySourceSpec {
  readonly kind: 'proxy';
  readonly name?: string;
}

export const proxyKind: AccuracySourceKind<ProxySourceSpec> = {
  kind: 'proxy',
  forms: ['proxy[:<name>]'],
  settingsForms: ['proxy[:<name>]'],
  examples: ['proxy', 'proxy:zen', 'proxy:naswot', 'proxy:madds'],
  settingsPattern: 'proxy(:[\\w.-]+)?',
  picks: [
    { label: 'Training-free estimate (NASWOT)', description: 'offline; an estimate, not an accuracy', value: 'proxy:naswot' },
    { label: 'Training-free estimate (Zen-score)', description: 'offline; an estimate, not an accuracy', value: 'proxy:zen' },
  ],
  description: 'a training-free estimate of top-1 (offline; ranks, is not an accuracy)',
  capabilities: { runsCommand: false, measured: false, isEstimate: true },
  parse(rest, where) {
    if (rest !== '' && !/^[\w.-]+$/.test(rest)) throw new InputError(`${where}: proxy name ${quoteValue(rest)} may use letters, digits, '.', '-' and '_'`);
    return rest === '' ? { kind: 'proxy' } : { kind: 'proxy', name: rest };
  },
  format: (spec) => (spec.name === undefined ? 'proxy' : `proxy:${spec.name}`),
  // Scoring networks needs TensorFlow.js, which only the engine brings.
  open: (spec, context) => context.openProxy(spec.name),
};
