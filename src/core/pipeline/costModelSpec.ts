import type { CostModel } from '../cost/costModel';
import { MeasuredLatencyCostModel, type MeasureOptions } from '../cost/measuredLatency';
import type { CostModelSpec } from '../cost/registry/costModelKind';
import { openCostModel, parseCostModelSpec } from '../cost/registry/costModelRegistry';

// The kinds of cost model live in src/core/cost/registry/; this file keeps the engine's entry points.
export type { CostModelSpec } from '../cost/registry/costModelKind';
export { COST_MODEL_FORMS, absoluteCostSpec, costUnitOf, formatCostModelSpec, parseCostModelSpec } from '../cost/registry/costModelRegistry';

/** Timings for training data: fewer runs than `pnag latency --measure`, since hundreds are timed. */
export const TRAINING_MEASURE_OPTIONS: MeasureOptions = { warmup: 2, runs: 5 };

/** Opens the cost model a spec names. Bad paths and tables throw InputError naming them. */
export async function resolveCostModel(spec: CostModelSpec | string, measure: MeasureOptions = TRAINING_MEASURE_OPTIONS, device?: string): Promise<CostModel> {
  return openCostModel(typeof spec === 'string' ? parseCostModelSpec(spec) : spec, { measure, device, timeOnThisMachine: (options) => MeasuredLatencyCostModel.create(options) });
}
