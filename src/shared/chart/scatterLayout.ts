import type { FrontierData, FrontierPoint, SeriesKind } from '../protocol';
import type { ChartElement, ChartSize, ColorToken } from './chartElement';
import { type LinearScale, formatTick, linearScale, niceTicks, paddedExtent, tickStep } from './scale';

/** How each series looks: colour, marker shape and the legend's words. Shapes differ so colour is not the only cue. */
export interface SeriesStyle {
  readonly color: ColorToken;
  readonly shape: 'circle' | 'diamond' | 'square' | 'triangle' | 'star';
  readonly size: number;
  readonly opacity: number;
  readonly legend: string;
}

export const SERIES_STYLES: Readonly<Record<SeriesKind, SeriesStyle>> = {
  archive: { color: 'muted', shape: 'circle', size: 2.2, opacity: 0.45, legend: 'archive' },
  frontier: { color: 'blue', shape: 'circle', size: 4, opacity: 1, legend: 'generated frontier' },
  live: { color: 'red', shape: 'star', size: 7, opacity: 1, legend: 'slider budget' },
  pnag: { color: 'green', shape: 'diamond', size: 4.5, opacity: 0.95, legend: 'PNAG (published)' },
  ofa: { color: 'purple', shape: 'square', size: 3.6, opacity: 0.9, legend: 'OFA specialised' },
  mobilenetv3: { color: 'orange', shape: 'triangle', size: 5, opacity: 1, legend: 'MobileNetV3-L' },
};

/** Drawing order: later series are on top, so the live and frontier marks stay visible and clickable. */
const SERIES_ORDER: readonly SeriesKind[] = ['archive', 'ofa', 'mobilenetv3', 'pnag', 'frontier', 'live'];

export interface ScatterInput {
  readonly data: FrontierData;
  readonly size: ChartSize;
  /** The slider's budget, drawn as a red rule. */
  readonly budget?: number;
  readonly live?: FrontierPoint;
  readonly hidden?: ReadonlySet<SeriesKind>;
}

export interface ScatterLayout {
  readonly elements: ChartElement[];
  readonly x: LinearScale;
  readonly y: LinearScale;
  /** The plotting area in pixels. */
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  /** Marks drawn, by point id: for hit tests and the UI tests. */
  readonly markIds: string[];
}

const FONT = 10;
const LEGEND_ROW = 14;
const MARGIN = { left: 40, right: 10, bottom: 34 };

const r2 = (v: number): number => Math.round(v * 100) / 100;

/** An SVG path for a marker shape centred on (x, y). */
export function markerPath(shape: SeriesStyle['shape'], x: number, y: number, s: number): string {
  switch (shape) {
    case 'diamond':
      return `M${r2(x)},${r2(y - s)}L${r2(x + s)},${r2(y)}L${r2(x)},${r2(y + s)}L${r2(x - s)},${r2(y)}Z`;
    case 'square':
      return `M${r2(x - s)},${r2(y - s)}H${r2(x + s)}V${r2(y + s)}H${r2(x - s)}Z`;
    case 'triangle':
      return `M${r2(x)},${r2(y - s)}L${r2(x + s)},${r2(y + s * 0.8)}L${r2(x - s)},${r2(y + s * 0.8)}Z`;
    case 'star': {
      const parts: string[] = [];
      for (let i = 0; i < 10; i++) {
        const radius = i % 2 === 0 ? s : s * 0.45;
        const angle = (Math.PI / 5) * i - Math.PI / 2;
        parts.push(`${i === 0 ? 'M' : 'L'}${r2(x + radius * Math.cos(angle))},${r2(y + radius * Math.sin(angle))}`);
      }
      return `${parts.join('')}Z`;
    }
    case 'circle':
      return `M${r2(x - s)},${r2(y)}a${r2(s)},${r2(s)} 0 1,0 ${r2(2 * s)},0a${r2(s)},${r2(s)} 0 1,0 ${r2(-2 * s)},0`;
  }
}

/** A legend laid out in rows across the top; characters are assumed ~6 px wide at the legend's size. */
function legend(kinds: readonly SeriesKind[], width: number): { elements: ChartElement[]; height: number } {
  const elements: ChartElement[] = [];
  let x = MARGIN.left;
  let row = 0;
  for (const kind of kinds) {
    const style = SERIES_STYLES[kind];
    const itemWidth = 14 + style.legend.length * 5.6 + 10;
    if (x + itemWidth > width && x > MARGIN.left) {
      row++;
      x = MARGIN.left;
    }
    const y = 10 + row * LEGEND_ROW;
    elements.push({ kind: 'path', role: 'legend', d: markerPath(style.shape, x + 4, y - 3, 3.5), fill: style.color, opacity: Math.max(style.opacity, 0.8) });
    elements.push({ kind: 'text', role: 'legend', x: x + 11, y, text: style.legend, anchor: 'start', size: FONT, fill: 'foreground' });
    x += itemWidth;
  }
  return { elements, height: kinds.length === 0 ? 4 : (row + 1) * LEGEND_ROW + 6 };
}

/**
 * Lays out the whole plot: legend, grid and ticks, axis titles, budget rules, the frontier's line and
 * every mark. Pure: the same input gives the same elements, which the tests check.
 */
export function layoutScatter(input: ScatterInput): ScatterLayout {
  const { data, size } = input;
  const hidden = input.hidden ?? new Set<SeriesKind>();
  const points = data.points.filter((p) => !hidden.has(p.series));
  if (input.live && !hidden.has('live')) points.push(input.live);
  const present = SERIES_ORDER.filter((kind) => points.some((p) => p.series === kind));
  const legendBlock = legend(present, size.width - MARGIN.right);
  const plot = {
    left: MARGIN.left,
    top: legendBlock.height + 6,
    right: Math.max(MARGIN.left + 20, size.width - MARGIN.right),
    bottom: Math.max(legendBlock.height + 26, size.height - MARGIN.bottom),
  };
  const rules = [...data.trainedBudgets, ...(input.budget !== undefined ? [input.budget] : [])];
  const x = linearScale(paddedExtent([...points.map((p) => p.x), ...rules]), [plot.left, plot.right]);
  const y = linearScale(paddedExtent(points.map((p) => p.y)), [plot.bottom, plot.top]);
  const elements: ChartElement[] = [...legendBlock.elements];

  const xTickCount = Math.max(2, Math.floor((plot.right - plot.left) / 60));
  const yTickCount = Math.max(2, Math.floor((plot.bottom - plot.top) / 30));
  const xStep = tickStep(x.domain[1] - x.domain[0], xTickCount);
  const yStep = tickStep(y.domain[1] - y.domain[0], yTickCount);
  for (const t of niceTicks(x.domain[0], x.domain[1], xTickCount)) {
    const px = r2(x(t));
    elements.push({ kind: 'line', role: 'grid', x1: px, y1: plot.top, x2: px, y2: plot.bottom, stroke: 'lines', strokeWidth: 1, opacity: 0.15 });
    elements.push({ kind: 'text', role: 'tick', x: px, y: plot.bottom + 12, text: formatTick(t, xStep), anchor: 'middle', size: FONT, fill: 'muted' });
  }
  for (const t of niceTicks(y.domain[0], y.domain[1], yTickCount)) {
    const py = r2(y(t));
    elements.push({ kind: 'line', role: 'grid', x1: plot.left, y1: py, x2: plot.right, y2: py, stroke: 'lines', strokeWidth: 1, opacity: 0.15 });
    elements.push({ kind: 'text', role: 'tick', x: plot.left - 4, y: py + 3, text: formatTick(t, yStep), anchor: 'end', size: FONT, fill: 'muted' });
  }
  elements.push({ kind: 'line', role: 'axis', x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: 'lines', strokeWidth: 1 });
  elements.push({ kind: 'line', role: 'axis', x1: plot.left, y1: plot.top, x2: plot.left, y2: plot.bottom, stroke: 'lines', strokeWidth: 1 });
  elements.push({ kind: 'text', role: 'axis-title', x: r2((plot.left + plot.right) / 2), y: plot.bottom + 27, text: data.xLabel, anchor: 'middle', size: FONT, fill: 'foreground' });
  elements.push({ kind: 'text', role: 'axis-title', x: 10, y: r2((plot.top + plot.bottom) / 2), text: data.yLabel, anchor: 'middle', size: FONT, fill: 'foreground', rotate: -90 });

  for (const budget of data.trainedBudgets) {
    const px = r2(x(budget));
    elements.push({ kind: 'line', role: 'budget', x1: px, y1: plot.top, x2: px, y2: plot.bottom, stroke: 'yellow', strokeWidth: 1, dash: '3 3', opacity: 0.6 });
  }
  if (input.budget !== undefined) {
    const px = r2(x(input.budget));
    elements.push({ kind: 'line', role: 'slider-budget', x1: px, y1: plot.top, x2: px, y2: plot.bottom, stroke: 'red', strokeWidth: 1.5, opacity: 0.8 });
  }

  const frontier = points.filter((p) => p.series === 'frontier').sort((a, b) => a.x - b.x);
  if (frontier.length > 1) {
    const d = frontier.map((p, i) => `${i === 0 ? 'M' : 'L'}${r2(x(p.x))},${r2(y(p.y))}`).join('');
    elements.push({ kind: 'path', role: 'frontier-line', d, stroke: 'blue', strokeWidth: 1.5, opacity: 0.8 });
  }

  const markIds: string[] = [];
  for (const kind of SERIES_ORDER) {
    const style = SERIES_STYLES[kind];
    for (const p of points) {
      if (p.series !== kind) continue;
      const px = x(p.x);
      const py = y(p.y);
      markIds.push(p.id);
      if (style.shape === 'circle') {
        elements.push({ kind: 'circle', role: 'mark', cx: r2(px), cy: r2(py), r: style.size, fill: style.color, opacity: style.opacity, pointId: p.id });
      } else {
        elements.push({ kind: 'path', role: 'mark', d: markerPath(style.shape, px, py, style.size), fill: style.color, opacity: style.opacity, pointId: p.id });
      }
    }
  }
  return { elements, x, y, plot, markIds };
}
