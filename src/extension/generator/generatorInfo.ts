// What the host needs to know about a trained generator before asking for a budget: its cost unit, its
// training budgets and the sources it learned from. Read from the checkpoint's JSON, weights ignored.
import type { CostUnit } from '../../core/cost/costModel';
import { isKnownCostUnit } from '../../core/cost/registry/costModelRegistry';
import { dataSourceSpec } from '../../core/sources/registry/accuracySourceRegistry';
import { type Fields, isObject } from '../../shared/isObject';

export interface GeneratorInfo {
  readonly unit: CostUnit;
  /** Sorted training budgets, in `unit`. */
  readonly budgets: readonly number[];
  readonly costModel: string;
  readonly accuracySource: string;
  readonly estimate: boolean;
  /**
   * The spec its accuracy source was opened from (`ofa:<path>`, `proxy:naswot`, `eval:<command>`), when the
   * pipeline recorded it: provenance, written by whoever wrote the file. Never run (recordedDataSource).
   */
  readonly accuracySpec?: string;
}

/**
 * The recorded spec when it names data only (`ofa:`, `archive:`, `proxy`), for the editor lens's fallback
 * when the settings leave the source to `auto`; an `eval:` command from a file never runs (docs/security.md).
 */
export function recordedDataSource(info: GeneratorInfo | undefined): string | undefined {
  const spec = info?.accuracySpec?.trim();
  return spec !== undefined ? dataSourceSpec(spec) : undefined;
}

/** The summary of a parsed checkpoint, or undefined when it is not one the engine wrote. */
export function generatorInfoOf(value: unknown): GeneratorInfo | undefined {
  if (!isObject(value) || value.format !== 'pnag-checkpoint' || !isObject(value.costModel)) return undefined;
  const unit = value.costModel.unit;
  const budgets = value.budgets;
  if (!isKnownCostUnit(unit) || !Array.isArray(budgets) || budgets.length < 2 || !budgets.every((b) => typeof b === 'number' && Number.isFinite(b))) {
    return undefined;
  }
  // The pipeline's record lives in `meta.pipeline`; checkpoints before `meta` kept it at the top level.
  const meta = isObject(value.meta) ? value.meta : {};
  const pipeline = isObject(meta.pipeline) ? meta.pipeline : isObject(value.pipeline) ? value.pipeline : {};
  return {
    unit,
    budgets: [...(budgets as number[])].sort((a, b) => a - b),
    costModel: typeof value.costModel.name === 'string' ? value.costModel.name : 'unknown cost model',
    accuracySource: typeof value.accuracySource === 'string' ? value.accuracySource : 'unknown source',
    estimate: pipeline.estimate === true,
    ...(typeof pipeline.accuracySpec === 'string' ? { accuracySpec: pipeline.accuracySpec } : {}),
  };
}
