import type { CostModel, CostUnit } from '../cost/costModel';
import { MaddsCostModel } from '../cost/maddsCostModel';
import type { MaddsCount } from '../cost/madds';
import { LutCostModel } from '../cost/lut/lutCostModel';
import { builtinLut } from '../cost/lut/builtinLuts';
import { MeasuredLatencyCostModel, type MeasureOptions } from '../cost/measuredLatency';
import { InputError } from '../errors';

/**
 * Which cost model, as a user writes it: `madds` (PNAG's count, classifier left out), `madds:ofa`
 * (OFA's count), `lut:<dir|file>` (latency look-up tables; `lut:note10` and `lut:i7-8700k` are the built-in
 * ones) or `measure` (timed on this machine).
 */
export type CostModelSpec =
  | { readonly kind: 'madds'; readonly count: MaddsCount }
  | { readonly kind: 'lut'; readonly path: string }
  | { readonly kind: 'measure' };

export const COST_MODEL_FORMS = ['madds', 'madds:ofa', 'lut:note10', 'lut:i7-8700k', 'lut:<dir|file>', 'measure'] as const;

export function parseCostModelSpec(text: string, where = '--cost'): CostModelSpec {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const kind = (colon < 0 ? trimmed : trimmed.slice(0, colon)).toLowerCase();
  const rest = colon < 0 ? '' : trimmed.slice(colon + 1).trim();
  switch (kind) {
    case 'madds':
      if (rest === '' || rest === 'pnag') return { kind, count: 'pnag' };
      if (rest === 'ofa') return { kind, count: 'ofa' };
      throw new InputError(`${where}: "${text}": the MAdds count is "pnag" (default) or "ofa"`);
    case 'lut':
      if (rest === '') throw new InputError(`${where}: "lut" needs the folder or file of latency tables, as in lut:<dir>`);
      return { kind, path: rest };
    case 'measure':
      if (rest !== '') throw new InputError(`${where}: "measure" takes no argument`);
      return { kind };
    default:
      throw new InputError(`${where}: "${text}" is not a cost model; use one of ${COST_MODEL_FORMS.join(', ')}`);
  }
}

export function formatCostModelSpec(spec: CostModelSpec): string {
  switch (spec.kind) {
    case 'madds':
      return spec.count === 'pnag' ? 'madds' : `madds:${spec.count}`;
    case 'lut':
      return `lut:${spec.path}`;
    case 'measure':
      return 'measure';
  }
}

/** The unit budgets are written in for this cost model, known before the model is opened. */
export function costUnitOf(spec: CostModelSpec): CostUnit {
  return spec.kind === 'madds' ? 'M' : 'ms';
}

/** Timings for training data: fewer runs than `pnag latency --measure`, since hundreds are timed. */
export const TRAINING_MEASURE_OPTIONS: MeasureOptions = { warmup: 2, runs: 5 };

/** Opens the cost model a spec names. Bad paths and tables throw InputError naming them. */
export async function resolveCostModel(spec: CostModelSpec | string, measure: MeasureOptions = TRAINING_MEASURE_OPTIONS): Promise<CostModel> {
  const parsed = typeof spec === 'string' ? parseCostModelSpec(spec) : spec;
  switch (parsed.kind) {
    case 'madds':
      return new MaddsCostModel(parsed.count);
    case 'lut': {
      const builtin = builtinLut(parsed.path);
      return builtin ? LutCostModel.load(builtin.path, { device: builtin.device }) : LutCostModel.load(parsed.path);
    }
    case 'measure':
      return MeasuredLatencyCostModel.create(measure);
  }
}
