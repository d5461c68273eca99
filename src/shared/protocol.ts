/**
 * Messages between the extension host and the Frontier webview. Both sides import this file; each side
 * checks what it receives with the parsers below, since a webview message is untrusted input.
 * No `vscode` and no DOM here: the file is compiled into both bundles.
 */
import { type Fields, isObject } from './isObject';

/** What the Frontier view shows about one architecture. Millions, rounded by the view, not here. */
export interface ArchCosts {
  /** The architecture as a PNAG string `d1,..,d5:k1,..,k20:e1,..,e20`. */
  readonly arch: string;
  readonly width: number;
  readonly resolution: number;
  /** Once-for-All's count: classifier included. */
  readonly maddsOfaM: number;
  /** PNAG's count: classifier left out. */
  readonly maddsPnagM: number;
  readonly paramsM: number;
}

/** Which group a point of the Frontier plot belongs to; the legend and colours follow it. */
export type SeriesKind = 'archive' | 'frontier' | 'live' | 'pnag' | 'ofa' | 'mobilenetv3';
export const SERIES_KINDS: readonly SeriesKind[] = ['archive', 'frontier', 'live', 'pnag', 'ofa', 'mobilenetv3'];

/** How a plotted value was obtained: by our models (`computed`), by its authors (`reported`), measured, or estimated by a source. */
export type ValueOrigin = 'computed' | 'reported' | 'measured' | 'estimate';
export const VALUE_ORIGINS: readonly ValueOrigin[] = ['computed', 'reported', 'measured', 'estimate'];

/** One mark of the Frontier plot: x is the cost in the plot's unit, y the top-1 in percent. */
export interface FrontierPoint {
  /** Unique within one `FrontierData`. */
  readonly id: string;
  readonly series: SeriesKind;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly xOrigin: ValueOrigin;
  readonly yOrigin: ValueOrigin;
  /** PNAG string, present when the network lies in our space (so it can be inserted). */
  readonly arch?: string;
  readonly width?: number;
  readonly resolution?: number;
  /** Where the numbers come from. */
  readonly source: string;
  /** Extra tooltip lines, e.g. the reported MAdds beside the computed ones. */
  readonly details: readonly string[];
}

/**
 * The unit costs and budgets are written in: `M` (MAdds), `ms` (latency) or a unit a cost-model kind
 * declares (src/core/cost/registry/). Open on purpose, so a new unit needs no edit here; it is also how
 * the view writes an amount (`5.2 M`, `21.3 ms`).
 */
export type CostUnit = string;

/** A unit as the view accepts it: short letters and spaces, so it can be shown as it is. */
export function isCostUnit(value: unknown): value is CostUnit {
  return typeof value === 'string' && /^[A-Za-z][A-Za-z ]{0,15}$/.test(value);
}

/** Everything the plot shows, assembled by the host. */
export interface FrontierData {
  readonly unit: CostUnit;
  /** e.g. `MAdds (M, PNAG count: classifier left out)`. */
  readonly xLabel: string;
  readonly yLabel: string;
  readonly points: readonly FrontierPoint[];
  /** The budgets the generator was trained for, in `unit`; drawn as vertical rules. */
  readonly trainedBudgets: readonly number[];
  /** The slider's range; absent without a trained generator. */
  readonly budgetRange?: { readonly min: number; readonly max: number; readonly step: number };
  readonly accuracySource?: string;
  readonly costModel?: string;
  /** Lines for the user, e.g. why some reference points are not placed. */
  readonly notes: readonly string[];
}

/** Commands the view may ask the host to run: nothing else passes the parser. */
export const VIEW_COMMANDS = [
  'pnag.generateForBudget',
  'pnag.importArchive',
  'pnag.chooseAccuracySource',
  'pnag.chooseCostModel',
  'pnag.trainGenerator',
  'pnag.exportFrontier',
] as const;
export type ViewCommand = (typeof VIEW_COMMANDS)[number];

export type PlotExport = { readonly format: 'svg'; readonly svg: string } | { readonly format: 'png'; readonly pngBase64: string };

/** Host to webview. `costs: null` means no architecture has been generated yet. */
export type HostMessage =
  | { readonly type: 'showCosts'; readonly costs: ArchCosts | null }
  /** `data: null`: nothing to plot yet (the empty state). `busy`: the host is still sweeping budgets. */
  | { readonly type: 'showFrontier'; readonly data: FrontierData | null; readonly busy: boolean }
  /** The answer to `generateAt` with the same `requestId`: a point, or a message saying why not. */
  | { readonly type: 'generated'; readonly requestId: number; readonly budget: number; readonly point?: FrontierPoint; readonly error?: string };

/** Webview to host. The host posts nothing before `ready`, so no message is lost while the page loads. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'generate' }
  /** The slider moved (debounced): generate for `budget` in the plot's unit. */
  | { readonly type: 'generateAt'; readonly requestId: number; readonly budget: number }
  /** Insert or copy a plotted architecture; the host parses `arch` again before using it. */
  | { readonly type: 'insertArch'; readonly arch: string; readonly width: number; readonly resolution: number }
  | { readonly type: 'copyArch'; readonly arch: string; readonly width: number; readonly resolution: number }
  | { readonly type: 'exportPlot'; readonly plot: PlotExport }
  | { readonly type: 'exportFrontier'; readonly format: 'csv' | 'json' }
  | { readonly type: 'runCommand'; readonly command: ViewCommand }
  /** Sweep the budgets again (e.g. after the generator was retrained). */
  | { readonly type: 'refresh' };

/** What the webview keeps with `setState`, so it can redraw at once when it is shown again. */
export interface FrontierViewState {
  readonly costs: ArchCosts | null;
  readonly data?: FrontierData | null;
  /** The slider's last budget, in `budgetUnit`: a budget in another unit is not the new plot's. */
  readonly budget?: number;
  readonly budgetUnit?: CostUnit;
  readonly live?: FrontierPoint;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

const MAX_ARCH_TEXT = 1000;

export function parseArchCosts(value: unknown): ArchCosts | undefined {
  if (!isObject(value)) return undefined;
  const { arch, width, resolution, maddsOfaM, maddsPnagM, paramsM } = value;
  if (typeof arch !== 'string' || arch.length > MAX_ARCH_TEXT) return undefined;
  if (![width, resolution, maddsOfaM, maddsPnagM, paramsM].every(isFiniteNumber)) return undefined;
  return {
    arch,
    width: width as number,
    resolution: resolution as number,
    maddsOfaM: maddsOfaM as number,
    maddsPnagM: maddsPnagM as number,
    paramsM: paramsM as number,
  };
}

/** `costs` as a message carries it: an `ArchCosts` or null; undefined when it is neither. */
function parseCostsField(value: unknown): ArchCosts | null | undefined {
  return value === null ? null : parseArchCosts(value);
}

const MAX_TEXT = 2000;
const MAX_POINTS = 20_000;
const MAX_NOTES = 50;
/** An exported plot is a few hundred kB; anything far larger is not ours. */
const MAX_EXPORT_CHARS = 20_000_000;

function isText(value: unknown, max = MAX_TEXT): value is string {
  return typeof value === 'string' && value.length <= max;
}

function isTextList(value: unknown, maxItems: number): value is string[] {
  return Array.isArray(value) && value.length <= maxItems && value.every((v) => isText(v));
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

export function parseFrontierPoint(value: unknown): FrontierPoint | undefined {
  if (!isObject(value)) return undefined;
  const { id, series, label, x, y, xOrigin, yOrigin, arch, width, resolution, source, details } = value;
  if (!isText(id) || !oneOf(series, SERIES_KINDS) || !isText(label) || !isFiniteNumber(x) || !isFiniteNumber(y)) return undefined;
  if (!oneOf(xOrigin, VALUE_ORIGINS) || !oneOf(yOrigin, VALUE_ORIGINS) || !isText(source) || !isTextList(details, 20)) return undefined;
  if (arch !== undefined && !isText(arch, MAX_ARCH_TEXT)) return undefined;
  if (width !== undefined && !isFiniteNumber(width)) return undefined;
  if (resolution !== undefined && !isFiniteNumber(resolution)) return undefined;
  const point: FrontierPoint = { id, series, label, x, y, xOrigin, yOrigin, source, details: [...details] };
  return {
    ...point,
    ...(arch !== undefined ? { arch } : {}),
    ...(width !== undefined ? { width } : {}),
    ...(resolution !== undefined ? { resolution } : {}),
  };
}

function parseBudgetRange(value: unknown): FrontierData['budgetRange'] | undefined {
  if (!isObject(value)) return undefined;
  const { min, max, step } = value;
  if (!isFiniteNumber(min) || !isFiniteNumber(max) || !isFiniteNumber(step) || !(min <= max) || !(step > 0)) return undefined;
  return { min, max, step };
}

export function parseFrontierData(value: unknown): FrontierData | undefined {
  if (!isObject(value)) return undefined;
  const { unit, xLabel, yLabel, points, trainedBudgets, budgetRange, accuracySource, costModel, notes } = value;
  if (!isCostUnit(unit) || !isText(xLabel) || !isText(yLabel)) return undefined;
  if (!Array.isArray(points) || points.length > MAX_POINTS) return undefined;
  if (!Array.isArray(trainedBudgets) || trainedBudgets.length > 1000 || !trainedBudgets.every(isFiniteNumber)) return undefined;
  if (!isTextList(notes, MAX_NOTES)) return undefined;
  if (accuracySource !== undefined && !isText(accuracySource)) return undefined;
  if (costModel !== undefined && !isText(costModel)) return undefined;
  const parsed: FrontierPoint[] = [];
  for (const raw of points) {
    const point = parseFrontierPoint(raw);
    if (!point) return undefined;
    parsed.push(point);
  }
  const range = budgetRange === undefined ? undefined : parseBudgetRange(budgetRange);
  if (budgetRange !== undefined && !range) return undefined;
  return {
    unit,
    xLabel,
    yLabel,
    points: parsed,
    trainedBudgets: [...(trainedBudgets as number[])],
    notes: [...notes],
    ...(range ? { budgetRange: range } : {}),
    ...(accuracySource !== undefined ? { accuracySource } : {}),
    ...(costModel !== undefined ? { costModel } : {}),
  };
}

function parseArchFields(value: Fields): { arch: string; width: number; resolution: number } | undefined {
  const { arch, width, resolution } = value;
  if (!isText(arch, MAX_ARCH_TEXT) || !isFiniteNumber(width) || !isFiniteNumber(resolution)) return undefined;
  return { arch, width, resolution };
}

function parsePlotExport(value: unknown): PlotExport | undefined {
  if (!isObject(value)) return undefined;
  if (value.format === 'svg' && isText(value.svg, MAX_EXPORT_CHARS) && value.svg.trimStart().startsWith('<svg')) {
    return { format: 'svg', svg: value.svg };
  }
  if (value.format === 'png' && isText(value.pngBase64, MAX_EXPORT_CHARS) && /^[A-Za-z0-9+/]+=*$/.test(value.pngBase64)) {
    return { format: 'png', pngBase64: value.pngBase64 };
  }
  return undefined;
}

const isRequestId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isObject(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'generate':
      return { type: 'generate' };
    case 'refresh':
      return { type: 'refresh' };
    case 'generateAt':
      if (!isRequestId(value.requestId) || !isFiniteNumber(value.budget) || value.budget <= 0) return undefined;
      return { type: 'generateAt', requestId: value.requestId, budget: value.budget };
    case 'insertArch':
    case 'copyArch': {
      const fields = parseArchFields(value);
      return fields ? { type: value.type, ...fields } : undefined;
    }
    case 'exportPlot': {
      const plot = parsePlotExport(value.plot);
      return plot ? { type: 'exportPlot', plot } : undefined;
    }
    case 'exportFrontier':
      return value.format === 'csv' || value.format === 'json' ? { type: 'exportFrontier', format: value.format } : undefined;
    case 'runCommand':
      return oneOf(value.command, VIEW_COMMANDS) ? { type: 'runCommand', command: value.command } : undefined;
    default:
      return undefined;
  }
}

export function parseHostMessage(value: unknown): HostMessage | undefined {
  if (!isObject(value)) return undefined;
  switch (value.type) {
    case 'showCosts': {
      const costs = parseCostsField(value.costs);
      return costs === undefined ? undefined : { type: 'showCosts', costs };
    }
    case 'showFrontier': {
      if (typeof value.busy !== 'boolean') return undefined;
      const data = value.data === null ? null : parseFrontierData(value.data);
      return data === undefined ? undefined : { type: 'showFrontier', data, busy: value.busy };
    }
    case 'generated': {
      const { requestId, budget, point, error } = value;
      if (!isRequestId(requestId) || !isFiniteNumber(budget)) return undefined;
      if (error !== undefined && !isText(error)) return undefined;
      const parsed = point === undefined ? undefined : parseFrontierPoint(point);
      if (point !== undefined && !parsed) return undefined;
      if (!parsed && error === undefined) return undefined;
      return { type: 'generated', requestId, budget, ...(parsed ? { point: parsed } : {}), ...(error !== undefined ? { error } : {}) };
    }
    default:
      return undefined;
  }
}

export function parseViewState(value: unknown): FrontierViewState | undefined {
  if (!isObject(value)) return undefined;
  const costs = parseCostsField(value.costs);
  if (costs === undefined) return undefined;
  // A saved plot that no longer parses is dropped rather than failing the whole state: the host replays it.
  const data = value.data === undefined ? undefined : value.data === null ? null : (parseFrontierData(value.data) ?? null);
  const budget = isFiniteNumber(value.budget) ? value.budget : undefined;
  const budgetUnit = isCostUnit(value.budgetUnit) ? value.budgetUnit : undefined;
  const live = value.live === undefined ? undefined : parseFrontierPoint(value.live);
  return {
    costs,
    ...(data !== undefined ? { data } : {}),
    ...(budget !== undefined ? { budget } : {}),
    ...(budget !== undefined && budgetUnit ? { budgetUnit } : {}),
    ...(live ? { live } : {}),
  };
}
