import { costUnitDescriptor } from '../../core/cost/registry/costModelRegistry';
import { type CostAxis, costAxisOf } from '../../core/pipeline/costAxis';
import { frontierDataJob } from '../../core/pipeline/frontierDataJob';
import { placeReferences } from '../../core/reference/referencePoints';
import type { FrontierDataRequest, GenerateResult } from '../../shared/engineProtocol';
import type { CostUnit, FrontierData, FrontierPoint } from '../../shared/protocol';
import type { CheckpointMeta } from '../../core/pipeline/checkpointMeta';
import type { FrontierArchive } from './frontierHost';

/** Archive marks drawn at most; the archive's upper frontier is always among them. */
export const MAX_ARCHIVE_MARKS = 1500;
/** Budgets the generated frontier is swept over. */
export const SWEEP_POINTS = 12;

/** Budgets spread evenly over the trained range, rounded to the slider's step. */
export function sweepBudgets(info: CheckpointMeta, count = SWEEP_POINTS): number[] {
  const { min, max, step } = budgetRangeOf(info);
  const out = new Set<number>();
  for (let i = 0; i < count; i++) out.add(roundTo(min + ((max - min) * i) / Math.max(1, count - 1), step));
  return [...out];
}

function roundTo(value: number, step: number): number {
  return Number((Math.round(value / step) * step).toFixed(6));
}

export function budgetRangeOf(info: CheckpointMeta): { min: number; max: number; step: number } {
  const min = Math.min(...info.budgets);
  const max = Math.max(...info.budgets);
  const step = costUnitDescriptor(info.unit).step;
  return { min, max, step };
}

/** The budget as the engine reads it: `450M`, `35ms`. */
export function budgetText(budget: number, unit: CostUnit): string {
  return `${Number(budget.toFixed(3))}${costUnitDescriptor(unit).suffix}`;
}

/** A generated architecture as a plot point; undefined when the source could not give its accuracy. */
export function generatedPoint(result: GenerateResult, series: 'frontier' | 'live', id: string): FrontierPoint | undefined {
  // No source asked (a generator trained with an evaluator: the view never starts one): what the training says of it.
  const predicted = result.top1 === null ? result.predictedTop1 : undefined;
  const y = result.top1 ?? predicted?.top1;
  if (y === undefined) return undefined;
  // Results from before `cost` carry their cost in one of the two named fields.
  const x = result.cost ?? (result.unit === 'ms' ? result.latency_ms : result.unit === 'M' ? result.madds_M : null);
  if (x === null || !Number.isFinite(x)) return undefined;
  const details = [`budget ${budgetText(result.budget, result.unit)}`, `MAdds ${result.madds_M.toFixed(1)} M (${result.costModel})`];
  if (result.latency_ms !== null) details.push(`latency ${result.latency_ms.toFixed(2)} ms`);
  if (result.repaired) details.push('stepped down to fit the budget');
  if (result.clamped) details.push('budget outside the trained range: nearest end used');
  if (predicted) {
    details.push(predicted.from === 'memory' ? `top-1 measured by ${predicted.source} during training (frontier memory)`
      : `top-1 predicted by the training's accuracy model, not measured (${predicted.source}); Generate measures the pick`);
  }
  return {
    id,
    series,
    label: `generated for ${budgetText(result.budget, result.unit)}`,
    x,
    y,
    xOrigin: 'computed',
    // Only a measuring source (archive top-1, an evaluator) is `measured`; OFA's predictor is an estimate,
    // as the archive marks holding the same numbers (`top1@ofa-predictor`) are.
    yOrigin: (predicted ? predicted.from === 'memory' : result.measured === true) ? 'measured' : 'estimate',
    arch: result.pnag,
    width: result.width,
    resolution: result.resolution,
    source: predicted ? `PNAG generator; top-1 ${predicted.from === 'memory' ? 'from the frontier memory' : 'from the accuracy model'} of ${predicted.source}`
      : `PNAG generator; top-1 from ${result.source}`,
    details,
  };
}

export interface ArchivePoints {
  readonly points: FrontierPoint[];
  readonly notes: string[];
}

/**
 * The archive's labelled architectures as marks, thinned to MAX_ARCHIVE_MARKS. The reading, merging and
 * costing run where `archive` says: in the engine worker for a WorkerArchive (the extension), else in
 * this process (a bare path: tests and hosts without an engine).
 */
export async function archivePoints(archive: FrontierArchive | undefined, axis: CostAxis, info: CheckpointMeta | undefined,
  signal?: AbortSignal): Promise<ArchivePoints> {
  if (archive === undefined) return { points: [], notes: [] };
  const path = typeof archive === 'string' ? archive : archive.path;
  const request: FrontierDataRequest = {
    archive: path,
    unit: axis.unit,
    maxMarks: MAX_ARCHIVE_MARKS,
    costModel: axis.costModel,
    ...(axis.metric !== undefined ? { costMetric: axis.metric } : {}),
    ...(info ? { accuracySource: info.accuracySource } : {}),
    ...(info?.costSpec !== undefined ? { costSpec: info.costSpec } : {}),
    ...(info?.costDevice !== undefined ? { costDevice: info.costDevice } : {}),
  };
  const result = typeof archive === 'string' ? await frontierDataJob(request, { signal }) : await archive.build(request, signal);
  return { points: result.points, notes: result.notes };
}

/** The whole plot but the sweep: references, archive, axes, trained budgets and the slider's range. */
export async function baseFrontierData(info: CheckpointMeta | undefined, archive: FrontierArchive | undefined,
  signal?: AbortSignal): Promise<FrontierData> {
  const axis = costAxisOf(info);
  const references = placeReferences(axis.unit, axis.costOf);
  const marks = await archivePoints(archive, axis, info, signal);
  const notes = [
    'Published points: reported top-1 after their authors’ training; our sources estimate supernet accuracy, which reads about 3 points higher (OFA).',
    ...references.notes,
    ...marks.notes,
  ];
  if (!info) notes.push('No trained generator: train one to see the generated frontier and use the budget slider.');
  return {
    unit: axis.unit,
    xLabel: axis.label,
    yLabel: 'ImageNet top-1 (%)',
    points: [...marks.points, ...references.points],
    trainedBudgets: info ? [...info.budgets] : [],
    ...(info ? { budgetRange: budgetRangeOf(info), accuracySource: info.accuracySource } : {}),
    costModel: axis.costModel,
    notes,
  };
}
