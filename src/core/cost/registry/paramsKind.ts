import { InputError } from '../../errors';
import type { Arch } from '../../space/arch';
import type { ExactCostModel } from '../costModel';
import type { CostUnitDescriptor } from '../costUnit';
import { paramsM } from '../params';
import type { CostModelKind } from './costModelKind';

/** Millions of parameters: what a flash-limited device has room for. `5.2M params`, `5200K params`. */
export const PARAMS_UNIT: CostUnitDescriptor = {
  unit: 'M params',
  quantity: 'parameters',
  suffixes: { mparams: 1, mparam: 1, kparams: 0.001, kparam: 0.001 },
  writeAs: 'parameters in M params, e.g. 5.2M params (the cost model counts parameters)',
  hint: 'M params',
  costOptions: 'params',
  suffix: 'M params',
  decimals: 2,
  // After a range the quantity is named once: `5M to 8M parameters`.
  amount: (number) => `${number}M`,
  longAmount: (number) => `${number}M params`,
  step: 0.1,
};

/** Parameters in millions as PyTorch counts them on OFA's subnet; exact and cheap like MAdds. */
class ParamsCostModel implements ExactCostModel {
  readonly name = 'params';
  readonly unit = PARAMS_UNIT.unit;
  readonly metric = 'params_M';
  readonly exact = true as const;

  costOf(arch: Arch): number {
    return paramsM(arch);
  }

  async costs(archs: readonly Arch[]): Promise<number[]> {
    return archs.map((a) => this.costOf(a));
  }
}

/** `params`: budgets in millions of parameters. */
export const paramsKind: CostModelKind = {
  kind: 'params',
  forms: ['params'],
  examples: ['params'],
  settingsPattern: 'params',
  picks: [{ label: 'Parameters', description: 'millions of parameters, for devices limited by flash', value: 'params' }],
  capabilities: { exact: true, measured: false, cheap: true, needsTensorFlow: false },
  parse(rest, where) {
    if (rest !== '') throw new InputError(`${where}: "params" takes no argument`);
    return { kind: 'params' };
  },
  format: () => 'params',
  unit: PARAMS_UNIT,
  describe: () => 'parameters in millions (PyTorch count of the OFA subnet)',
  axisLabel: () => 'parameters (M, computed)',
  computedCost: () => paramsM,
  metricOf: () => 'params_M',
  open: async () => new ParamsCostModel(),
};
