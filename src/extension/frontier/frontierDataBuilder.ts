import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { thinPoints } from '../../core/chart/thinPoints';
import { countMadds, MaddsCount } from '../../core/cost/madds';
import { placeReferences } from '../../core/reference/referencePoints';
import type { Arch } from '../../core/space/arch';
import { toPnagString } from '../../core/space/pnagString';
import type { GenerateResult } from '../../shared/engineProtocol';
import type { CostUnit, FrontierData, FrontierPoint } from '../../shared/protocol';
import type { FrontierGeneratorInfo } from './frontierHost';
import { streamArchiveRecords, yieldToEventLoop } from './archiveStream';

/** Archive marks drawn at most; the archive's upper frontier is always among them. */
export const MAX_ARCHIVE_MARKS = 1500;
/** Budgets the generated frontier is swept over. */
export const SWEEP_POINTS = 12;
/** A larger archive is not read on the host thread. */
const MAX_ARCHIVE_BYTES = 64 * 1024 * 1024;

/** The plot's cost axis: the generator's unit and count, or PNAG's MAdds count without a generator. */
export interface CostAxis {
  readonly unit: CostUnit;
  readonly label: string;
  readonly costModel?: string;
  /** Our cost for an architecture, or undefined when we cannot compute it on the host (latency). */
  readonly costOf: (arch: Arch) => number | undefined;
  /** The archive metric that holds this cost, when the pipeline stored one. */
  readonly metric?: string;
}

export function costAxisOf(info: FrontierGeneratorInfo | undefined): CostAxis {
  if (info?.unit === 'ms') {
    const device = info.costModel.startsWith('lut:') ? info.costModel.slice(4) : undefined;
    return {
      unit: 'ms',
      label: `latency (ms, ${info.costModel})`,
      costModel: info.costModel,
      costOf: () => undefined,
      ...(device ? { metric: `latency_ms@${device}` } : {}),
    };
  }
  const count: MaddsCount = info?.costModel === 'madds:ofa' ? 'ofa' : 'pnag';
  return {
    unit: 'M',
    label: count === 'ofa' ? 'MAdds (M, OFA count, computed)' : 'MAdds (M, PNAG count, computed)',
    costModel: info?.costModel ?? 'madds:pnag',
    costOf: (arch) => countMadds(arch, count).madds / 1e6,
    metric: count === 'ofa' ? 'madds_M' : 'madds_pnag_M',
  };
}

/** Budgets spread evenly over the trained range, rounded to the slider's step. */
export function sweepBudgets(info: FrontierGeneratorInfo, count = SWEEP_POINTS): number[] {
  const { min, max, step } = budgetRangeOf(info);
  const out = new Set<number>();
  for (let i = 0; i < count; i++) out.add(roundTo(min + ((max - min) * i) / Math.max(1, count - 1), step));
  return [...out];
}

function roundTo(value: number, step: number): number {
  return Number((Math.round(value / step) * step).toFixed(6));
}

export function budgetRangeOf(info: FrontierGeneratorInfo): { min: number; max: number; step: number } {
  const min = Math.min(...info.budgets);
  const max = Math.max(...info.budgets);
  const step = info.unit === 'ms' ? 0.5 : 5;
  return { min, max, step };
}

/** The budget as the engine reads it: `450M`, `35ms`. */
export function budgetText(budget: number, unit: CostUnit): string {
  return `${Number(budget.toFixed(3))}${unit === 'ms' ? 'ms' : 'M'}`;
}

/** A generated architecture as a plot point; undefined when the source could not give its accuracy. */
export function generatedPoint(result: GenerateResult, series: 'frontier' | 'live', id: string): FrontierPoint | undefined {
  if (result.top1 === null) return undefined;
  const x = result.unit === 'ms' ? result.latency_ms : result.madds_M;
  if (x === null || !Number.isFinite(x)) return undefined;
  const details = [`budget ${budgetText(result.budget, result.unit)}`, `MAdds ${result.madds_M.toFixed(1)} M (${result.costModel})`];
  if (result.latency_ms !== null) details.push(`latency ${result.latency_ms.toFixed(2)} ms`);
  if (result.repaired) details.push('stepped down to fit the budget');
  if (result.clamped) details.push('budget outside the trained range: nearest end used');
  return {
    id,
    series,
    label: `generated for ${budgetText(result.budget, result.unit)}`,
    x,
    y: result.top1,
    xOrigin: 'computed',
    yOrigin: result.estimate ? 'estimate' : 'measured',
    arch: result.pnag,
    width: result.width,
    resolution: result.resolution,
    source: `PNAG generator; top-1 from ${result.source}`,
    details,
  };
}

/** The archive's accuracy metric: measured `top1` first, else the generator's source, else any `top1@...`. */
function accuracyMetric(names: readonly string[], info: FrontierGeneratorInfo | undefined): string | undefined {
  if (names.includes('top1')) return 'top1';
  const ofSource = info ? names.find((n) => n === `top1@${info.accuracySource.replace(/[^\w.\-+]+/g, '-')}`) : undefined;
  return ofSource ?? names.find((n) => n.startsWith('top1@'));
}

export interface ArchivePoints {
  readonly points: FrontierPoint[];
  readonly notes: string[];
}

/** Records costed between yields: MAdds of a few thousand networks is a few milliseconds. */
const COSTS_PER_YIELD = 1000;

/**
 * The archive's labelled architectures as marks, thinned to MAX_ARCHIVE_MARKS. Streamed and costed in
 * slices that yield to the event loop, so the extension host never blocks on a large archive.
 */
export async function archivePoints(path: string | undefined, axis: CostAxis, info: FrontierGeneratorInfo | undefined, signal?: AbortSignal): Promise<ArchivePoints> {
  if (!path || !existsSync(path)) return { points: [], notes: [] };
  if ((await stat(path)).size > MAX_ARCHIVE_BYTES) return { points: [], notes: [`The archive ${path} is too large to plot here.`] };
  const records = await streamArchiveRecords(path, signal);
  const names = new Set<string>();
  for (const record of records) for (const name of Object.keys(record.metrics)) names.add(name);
  const metric = accuracyMetric([...names].sort(), info);
  if (!metric) return { points: [], notes: [`The archive has no top-1 metric yet (${records.length} records).`] };
  const yOrigin = metric === 'top1' ? 'measured' : 'estimate';
  const points: FrontierPoint[] = [];
  let noCost = 0;
  let done = 0;
  for (const record of records) {
    if (++done % COSTS_PER_YIELD === 0) {
      signal?.throwIfAborted();
      await yieldToEventLoop();
    }
    const y = record.metrics[metric];
    if (y === undefined) continue;
    const computed = axis.costOf(record.arch);
    const x = computed ?? (axis.metric !== undefined ? record.metrics[axis.metric] : undefined);
    if (x === undefined || !Number.isFinite(x)) {
      noCost++;
      continue;
    }
    const arch = toPnagString(record.arch);
    points.push({
      id: `archive:${arch}:${record.arch.width}:${record.arch.resolution}`,
      series: 'archive',
      label: 'archive',
      x,
      y,
      xOrigin: computed === undefined ? 'measured' : 'computed',
      yOrigin,
      arch,
      width: record.arch.width,
      resolution: record.arch.resolution,
      source: `${path} (${metric})`,
      details: [`width ${record.arch.width.toFixed(1)}, resolution ${record.arch.resolution}`],
    });
  }
  const notes: string[] = [];
  const thinned = thinPoints(points, MAX_ARCHIVE_MARKS);
  if (thinned.length < points.length) notes.push(`Archive: ${thinned.length} of ${points.length} architectures drawn (its upper frontier and an even sample).`);
  if (noCost > 0) notes.push(`Archive: ${noCost} architectures without a ${axis.unit === 'ms' ? 'latency' : 'cost'} are not drawn.`);
  return { points: thinned, notes };
}

/** The whole plot but the sweep: references, archive, axes, trained budgets and the slider's range. */
export async function baseFrontierData(info: FrontierGeneratorInfo | undefined, archivePath: string | undefined, signal?: AbortSignal): Promise<FrontierData> {
  const axis = costAxisOf(info);
  const references = placeReferences(axis.unit, axis.costOf);
  const archive = await archivePoints(archivePath, axis, info, signal);
  const notes = [
    'Published points: reported top-1 after their authors’ training; our sources estimate supernet accuracy, which reads about 3 points higher (OFA).',
    ...references.notes,
    ...archive.notes,
  ];
  if (!info) notes.push('No trained generator: train one to see the generated frontier and use the budget slider.');
  return {
    unit: axis.unit,
    xLabel: axis.label,
    yLabel: 'ImageNet top-1 (%)',
    points: [...archive.points, ...references.points],
    trainedBudgets: info ? [...info.budgets] : [],
    ...(info ? { budgetRange: budgetRangeOf(info), accuracySource: info.accuracySource } : {}),
    ...(axis.costModel ? { costModel: axis.costModel } : {}),
    notes,
  };
}
