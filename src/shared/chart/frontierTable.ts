import type { FrontierData, FrontierPoint } from '../protocol';

/** A CSV field, quoted when it holds a comma, quote or newline (RFC 4180). */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const COLUMNS = ['series', 'name', 'cost', 'cost_unit', 'cost_origin', 'top1', 'top1_origin', 'arch', 'width', 'resolution', 'source'] as const;

function row(point: FrontierPoint, unit: string): Array<string | number | undefined> {
  return [point.series, point.label, point.x, unit, point.xOrigin, point.y, point.yOrigin, point.arch, point.width, point.resolution, point.source];
}

/** The points of the chosen series, ascending cost: the generated frontier by default. */
export function exportedPoints(data: FrontierData, series: ReadonlyArray<FrontierPoint['series']> = ['frontier']): FrontierPoint[] {
  return data.points.filter((p) => series.includes(p.series)).sort((a, b) => a.x - b.x);
}

export function frontierCsv(data: FrontierData, series?: ReadonlyArray<FrontierPoint['series']>): string {
  const lines = [COLUMNS.join(',')];
  for (const point of exportedPoints(data, series)) lines.push(row(point, data.unit).map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

/** One JSON document: what the axes mean, the sources, and the points. */
export function frontierJson(data: FrontierData, series?: ReadonlyArray<FrontierPoint['series']>): string {
  const document = {
    format: 'pnag-frontier',
    version: 1,
    unit: data.unit,
    cost: data.xLabel,
    accuracy: data.yLabel,
    costModel: data.costModel ?? null,
    accuracySource: data.accuracySource ?? null,
    trainedBudgets: data.trainedBudgets,
    points: exportedPoints(data, series).map((p) => ({
      series: p.series,
      name: p.label,
      cost: p.x,
      costOrigin: p.xOrigin,
      top1: p.y,
      top1Origin: p.yOrigin,
      arch: p.arch ?? null,
      width: p.width ?? null,
      resolution: p.resolution ?? null,
      source: p.source,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
