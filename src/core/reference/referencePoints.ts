import type { CostUnit, FrontierPoint, SeriesKind } from '../../shared/protocol';
import type { Arch } from '../space/arch';
import { parsePnagString } from '../space/pnagString';
import { PUBLISHED_ARCHS, type PublishedArch } from './publishedArchs';

/** Our cost of an architecture in the plot's unit, or undefined when our model cannot say. */
export type CostOf = (arch: Arch) => number | undefined;

/** The published architecture in our space, or undefined when it lies outside (no string, resolution out of range). */
export function publishedArchOf(published: PublishedArch): Arch | undefined {
  if (!published.pnag) return undefined;
  try {
    return parsePnagString(published.pnag, { width: published.width, resolution: published.resolution });
  } catch {
    return undefined;
  }
}

export interface PlacedReferences {
  readonly points: FrontierPoint[];
  /** Why some references are missing from the plot. */
  readonly notes: string[];
}

function reportedLines(published: PublishedArch): string[] {
  const lines: string[] = [];
  if (published.reportedMaddsM !== undefined) lines.push(`reported MAdds: ${published.reportedMaddsM} M`);
  if (published.reportedLatencyMs !== undefined) {
    lines.push(`reported latency: ${published.reportedLatencyMs} ms on ${published.latencyDevice ?? 'its device'}`);
  }
  if (published.budgetMs !== undefined) lines.push(`searched for a ${published.budgetMs} ms budget`);
  lines.push(`width ${published.width.toFixed(1)}, resolution ${published.resolution}`);
  return lines;
}

/**
 * Places the published references on the plot: y is always the reported top-1; x is our cost model's
 * value for the architecture when it is in our space (computed), else the reported MAdds on a MAdds axis
 * (reported), else the point is left out with a note. Reported latencies are on other devices, so they
 * never stand in for our latency model.
 */
export function placeReferences(unit: CostUnit, costOf: CostOf, references: readonly PublishedArch[] = PUBLISHED_ARCHS): PlacedReferences {
  const points: FrontierPoint[] = [];
  const missing: string[] = [];
  for (const published of references) {
    const arch = publishedArchOf(published);
    const computed = arch ? costOf(arch) : undefined;
    let x: number | undefined;
    let xOrigin: FrontierPoint['xOrigin'] = 'computed';
    if (computed !== undefined && Number.isFinite(computed)) {
      x = computed;
    } else if (unit === 'M' && published.reportedMaddsM !== undefined) {
      x = published.reportedMaddsM;
      xOrigin = 'reported';
    }
    if (x === undefined) {
      missing.push(published.name);
      continue;
    }
    const series: SeriesKind = published.family;
    points.push({
      id: `ref:${published.name}`,
      series,
      label: published.name,
      x,
      y: published.reportedTop1,
      xOrigin,
      yOrigin: 'reported',
      ...(arch && published.pnag ? { arch: published.pnag, width: published.width, resolution: published.resolution } : {}),
      source: published.source,
      details: reportedLines(published),
    });
  }
  const notes: string[] = [];
  if (missing.length > 0) {
    notes.push(
      `${missing.length} published network${missing.length === 1 ? '' : 's'} not placed: outside our space and no reported cost in this unit (${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ', ...' : ''}).`,
    );
  }
  return { points, notes };
}
