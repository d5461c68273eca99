import { computedCostOf, costAxisLabel, costMetricOf, costUnitOf, parseCostModelSpec } from '../cost/registry/costModelRegistry';
import type { Arch } from '../space/arch';
import type { CostUnit } from '../../shared/protocol';
import type { CheckpointMeta } from './checkpointMeta';

// The cost axis a frontier is drawn or listed on: the Frontier view's and `pnag frontier`'s.

/** The plot's cost axis: the generator's cost model, or PNAG's MAdds count without a generator. */
export interface CostAxis {
  readonly unit: CostUnit;
  readonly label: string;
  readonly costModel: string;
  /** Our cost for an architecture, or undefined when we cannot compute it on the host (latency). */
  readonly costOf: (arch: Arch) => number | undefined;
  /** The archive metric that holds this cost, when the pipeline stored one. */
  readonly metric?: string;
}

/** Without a generator the axis is PNAG's MAdds count, as the paper plots it. */
const DEFAULT_AXIS_COST_MODEL = 'madds:pnag';

/** The axis the cost model's kind declares; a recorded name no kind parses keeps its unit and has no computed costs. */
export function costAxisOf(info: Pick<CheckpointMeta, 'costModel' | 'unit'> | undefined): CostAxis {
  const costModel = info?.costModel ?? DEFAULT_AXIS_COST_MODEL;
  const unit = info?.unit ?? costUnitOf(parseCostModelSpec(DEFAULT_AXIS_COST_MODEL));
  const computed = computedCostOf(costModel);
  const metric = costMetricOf(costModel);
  return { unit, label: costAxisLabel(costModel, unit), costModel, costOf: (arch) => computed?.(arch), ...(metric ? { metric } : {}) };
}

