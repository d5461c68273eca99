import type { Arch } from '../space/arch';

import type { CostUnit } from './costUnit';

export type { CostUnit };

/**
 * Architectures in, costs out. The engine never knows which model it has; `exact` models (MAdds,
 * look-up tables) are deterministic and cheap, so budgets can be checked and guaranteed with them.
 */
export interface CostModel {
  /** Shown to the user and stored in checkpoints, e.g. `madds:pnag`, `lut:note10`. */
  readonly name: string;
  readonly unit: CostUnit;
  /** The archive metric this model fills, e.g. `madds_M` or `latency_ms@note10`. */
  readonly metric: string;
  readonly exact: boolean;
  costs(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]>;
}

/** A deterministic, synchronous cost model. */
export interface ExactCostModel extends CostModel {
  readonly exact: true;
  costOf(arch: Arch): number;
}

export function isExact(model: CostModel): model is ExactCostModel {
  return model.exact && typeof (model as ExactCostModel).costOf === 'function';
}
