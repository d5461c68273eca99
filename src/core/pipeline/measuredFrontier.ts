import { nonDominated } from '../pareto/nonDominated';
import type { FrontierPoint } from '../../shared/protocol';
import type { CostAxis } from './costAxis';
import { frontierDataJob } from './frontierDataJob';

/** One network of the measured frontier: the most accurate in the archive at its cost or below. */
export interface MeasuredFrontierPoint {
  readonly cost: number;
  readonly accuracy: number;
  /** `measured` (a `top1`) or `estimate` (a source's `top1@<source>`). */
  readonly origin: FrontierPoint['yOrigin'];
  readonly pnag: string;
  readonly width: number;
  readonly resolution: number;
}

export interface MeasuredFrontier {
  /** Ascending in cost, and so in accuracy. */
  readonly points: MeasuredFrontierPoint[];
  /** Archive records read, and of them the ones with an accuracy and a cost on the axis. */
  readonly records: number;
  readonly measured: number;
  /** What the Frontier view would say of the archive (failed networks, unreadable lines, no cost). */
  readonly notes: string[];
}

export interface MeasuredFrontierOptions {
  /** The generator's source: its `top1@<source>` is read when the archive has no measured `top1`. */
  readonly accuracySource?: string;
  /** The generator's recorded cost spec and device: a latency table (`lut:`) costs every network (frontierLatencyTable.ts). */
  readonly costSpec?: string;
  readonly costDevice?: string;
  readonly signal?: AbortSignal;
}

/**
 * The archive's Pareto frontier on `axis` — what the evaluations bought, as `pnag frontier` lists it — read as the
 * Frontier view reads its marks (frontierDataJob: the measured `top1` first, else the generator source's estimate).
 */
export async function measuredFrontier(archive: string, axis: CostAxis, options: MeasuredFrontierOptions = {}): Promise<MeasuredFrontier> {
  const { accuracySource, costSpec, costDevice, signal } = options;
  const marks = await frontierDataJob({
    archive,
    unit: axis.unit,
    costModel: axis.costModel,
    ...(axis.metric !== undefined ? { costMetric: axis.metric } : {}),
    ...(accuracySource !== undefined ? { accuracySource } : {}),
    ...(costSpec !== undefined ? { costSpec } : {}),
    ...(costDevice !== undefined ? { costDevice } : {}),
    // Every mark: the list is the frontier itself, not a thinned plot.
    maxMarks: Number.MAX_SAFE_INTEGER,
  }, { signal });
  const points = marks.points.map((p) => ({ cost: p.x, accuracy: p.y, origin: p.yOrigin, pnag: p.arch ?? '', width: p.width ?? 0, resolution: p.resolution ?? 0 }));
  return { points: nonDominated(points), records: marks.records, measured: points.length, notes: marks.notes };
}
