import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { thinPoints } from '../../shared/chart/thinPoints';
import { countMadds } from '../cost/madds';
import { computedCostOf } from '../cost/registry/costModelRegistry';
import type { Arch } from '../space/arch';
import { toPnagString } from '../space/pnagString';
import { type FrontierDataRequest, type FrontierDataResult, type HooksOf, MAX_SKIPPED_LINES_SENT, type SkippedLine } from '../../shared/engineProtocol';
import type { FrontierPoint } from '../../shared/protocol';
import { readArchiveMarks } from './archiveMarksReader';
import { latencyTableCost } from './frontierLatencyTable';
import { failureMetricBeside } from '../sources/measuredMetric';
import { InputError } from '../errors';
import { specialKindOf } from '../fs/readInputFile';

/** A larger archive is not plotted (its marks would not fit a message to the view anyway). */
export const MAX_ARCHIVE_BYTES = 64 * 1024 * 1024;
/** Records costed between checks of the signal: MAdds of a few thousand networks is a few milliseconds. */
const COSTS_PER_CHECK = 1000;

/** The archive's accuracy metric: measured `top1` first, else the generator's source, else any `top1@...`. */
export function accuracyMetricOf(names: readonly string[], accuracySource: string | undefined): string | undefined {
  if (names.includes('top1')) return 'top1';
  const ofSource = accuracySource !== undefined ? names.find((n) => n === `top1@${accuracySource.replace(/[^\w.\-+]+/g, '-')}`) : undefined;
  return ofSource ?? names.find((n) => n.startsWith('top1@'));
}

/** The user's line about unreadable lines: how many and the first one's file, line and field. */
function skippedNote(skipped: readonly SkippedLine[]): string | undefined {
  if (skipped.length === 0) return undefined;
  return `Archive: ${skipped.length} unreadable line${skipped.length === 1 ? '' : 's'} skipped (first: ${skipped[0].message}).`;
}

function emptyResult(notes: string[], records = 0, skipped: readonly SkippedLine[] = []): FrontierDataResult {
  return { kind: 'frontierData', points: [], notes, records, skipped: skipped.slice(0, MAX_SKIPPED_LINES_SENT), skippedCount: skipped.length };
}

/**
 * The archive's labelled architectures as Frontier marks on the requested cost axis, thinned to
 * `maxMarks`. Runs in the engine worker, so the extension host only forwards the result.
 */
export async function frontierDataJob(request: FrontierDataRequest, hooks: HooksOf<'frontierData'> = {}): Promise<FrontierDataResult> {
  const { archive: path, signal } = { ...request, ...hooks };
  if (!existsSync(path)) return emptyResult([]);
  const status = await stat(path);
  // A named pipe would keep the read waiting for ever, a device would never end.
  if (!status.isFile()) throw new InputError(`archive ${path}: not a regular file (${specialKindOf(status)})`);
  if (status.size > MAX_ARCHIVE_BYTES) return emptyResult([`The archive ${path} is too large to plot here.`]);
  const { records, skipped } = await readArchiveMarks(path, signal);
  const skippedLine = skippedNote(skipped);
  const names = new Set<string>();
  for (const record of records) for (const name of Object.keys(record.metrics)) names.add(name);
  const metric = accuracyMetricOf([...names].sort(), request.accuracySource);
  if (!metric) return emptyResult([`The archive has no top-1 metric yet (${records.length} records).`, ...(skippedLine ? [skippedLine] : [])], records.length, skipped);
  const yOrigin = metric === 'top1' ? 'measured' : 'estimate';
  const count = request.maddsCount ?? 'pnag';
  // A request from before `costModel` named only the unit and, for MAdds, the count.
  const computed = request.costModel !== undefined ? computedCostOf(request.costModel) : request.unit === 'M' ? (arch: Arch) => countMadds(arch, count).madds / 1e6 : undefined;
  const table = await latencyTableCost(request.costSpec, request.costDevice);
  const computedCost = (arch: Arch): number | undefined => table.costOf?.(arch) ?? computed?.(arch);
  const points: FrontierPoint[] = [];
  let noCost = 0;
  // Networks whose evaluation failed have no accuracy to draw; the user should still know they were paid for.
  const failureMetric = failureMetricBeside(metric);
  let failed = 0;
  let done = 0;
  for (const record of records) {
    if (++done % COSTS_PER_CHECK === 0) signal?.throwIfAborted();
    const y = record.metrics[metric];
    if (y === undefined) {
      if (record.metrics[failureMetric] !== undefined) failed++;
      continue;
    }
    const computed = computedCost(record.arch);
    const x = computed ?? (request.costMetric !== undefined ? record.metrics[request.costMetric] : undefined);
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
  const thinned = thinPoints(points, request.maxMarks);
  if (thinned.length < points.length) notes.push(`Archive: ${thinned.length} of ${points.length} architectures drawn (its upper frontier and an even sample).`);
  if (failed > 0) notes.push(`Archive: ${failed} network${failed === 1 ? '' : 's'} the evaluator failed on ("${failureMetric}" lines) ${failed === 1 ? 'has' : 'have'} no ${metric}, not drawn.`);
  if (table.problem) notes.push(`Archive: ${table.problem}; latencies are read from the archive.`);
  if (noCost > 0) notes.push(`Archive: ${noCost} architectures without a ${request.unit === 'ms' ? 'latency' : 'cost'} are not drawn.`);
  if (skippedLine) notes.push(skippedLine);
  return { kind: 'frontierData', points: thinned, notes, records: records.length, skipped: skipped.slice(0, MAX_SKIPPED_LINES_SENT), skippedCount: skipped.length };
}
