// The Frontier view's page: a scatter of the archive, the generated frontier, training budgets and
// published references; a budget slider that generates live; exports; and the last architecture's costs.
// Only the components used are imported, to keep dist/webview.js small.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { ChartSize } from '../src/shared/chart/chartElement';
import { layoutScatter, type ScatterLayout, SERIES_STYLES } from '../src/shared/chart/scatterLayout';
import { svgDocument } from '../src/shared/chart/svgText';
import {
  type FrontierPoint,
  parseHostMessage,
  parseViewState,
  type ViewCommand,
  type WebviewMessage,
} from '../src/shared/protocol';
import { renderCosts } from './costsPanel';
import { element } from './dom';
import { renderPng, renderSvg } from './plotRender';
import { readFontFamily, readPalette, watchTheme } from './themePalette';
import { placeTooltip } from './tooltipPlacement';
import { INITIAL_VIEW, reduceView, savedViewState } from './viewReducer';
import type { ViewEvent, ViewModel } from './viewReducer';
import { getVsCodeApi } from './vscodeApi';

const vscode = getVsCodeApi();
const root = document.getElementById('root') as HTMLElement;

/** Everything the page shows (see viewReducer.ts): a small part is saved so a shown-again view redraws at once. */
let state: ViewModel = INITIAL_VIEW;
let palette = readPalette();
let layout: ScatterLayout | undefined;
let size: ChartSize = { width: 300, height: 240 };
let debounce: ReturnType<typeof setTimeout> | undefined;

const post = (message: WebviewMessage): void => vscode.postMessage(message);

/** Applies an event; returns false when it changed nothing (e.g. a stale answer). */
function dispatch(event: ViewEvent): boolean {
  const next = reduceView(state, event);
  if (next === state) return false;
  state = next;
  return true;
}

function save(): void {
  vscode.setState(savedViewState(state));
}

function button(label: string, onClick: () => void, secondary = false, testId?: string): HTMLElement {
  const node = document.createElement('vscode-button');
  node.textContent = label;
  if (secondary) node.setAttribute('secondary', '');
  if (testId) node.dataset.testid = testId;
  node.addEventListener('click', onClick);
  return node;
}

const runCommand = (command: ViewCommand) => () => post({ type: 'runCommand', command });

// ---- static skeleton -------------------------------------------------------------------------------
const frontierSection = element('section', 'frontier');
const heading = element('h2', undefined, 'Frontier');
const emptyState = element('div', 'empty-state');
emptyState.append(
  element('p', undefined, 'No trained generator yet. Train one, or bring measured accuracies, to see its frontier here.'),
  button('Train generator…', runCommand('pnag.trainGenerator'), false, 'action-train'),
  button('Import archive…', runCommand('pnag.importArchive'), true, 'action-import'),
  button('Choose accuracy source…', runCommand('pnag.chooseAccuracySource'), true, 'action-accuracy'),
);
const plotHost = element('div', 'plot-host');
plotHost.dataset.testid = 'plot';
const tooltip = element('div', 'tooltip');
tooltip.setAttribute('role', 'tooltip');
tooltip.hidden = true;
plotHost.append(tooltip);

const sliderRow = element('div', 'slider-row');
const sliderLabel = element('label', 'slider-label', 'Budget');
sliderLabel.htmlFor = 'budget';
const slider = element('input');
slider.type = 'range';
slider.id = 'budget';
slider.dataset.testid = 'budget-slider';
const sliderValue = element('output', 'slider-value');
sliderValue.dataset.testid = 'budget-value';
sliderRow.append(sliderLabel, slider, sliderValue);
const liveInfo = element('p', 'live-info');
liveInfo.dataset.testid = 'live-info';

const toolbar = element('div', 'toolbar');
toolbar.append(
  button('SVG', () => exportPlot('svg'), true, 'export-svg'),
  button('PNG', () => exportPlot('png'), true, 'export-png'),
  button('CSV', () => post({ type: 'exportFrontier', format: 'csv' }), true, 'export-csv'),
  button('JSON', () => post({ type: 'exportFrontier', format: 'json' }), true, 'export-json'),
  button('Refresh', () => post({ type: 'refresh' }), true, 'refresh'),
);
const busyRing = document.createElement('vscode-progress-ring');
busyRing.classList.add('busy');
const notes = element('ul', 'notes');
const selection = element('div', 'selection');
frontierSection.append(heading, emptyState, plotHost, sliderRow, liveInfo, selection, toolbar, notes);
const costsSection = element('div', 'costs-host');
root.append(frontierSection, document.createElement('vscode-divider'), costsSection);

// ---- the plot ----------------------------------------------------------------------------------------
function pointById(id: string): FrontierPoint | undefined {
  if (state.live?.id === id) return state.live;
  return state.data?.points.find((p) => p.id === id);
}

// The unit is written after the amount as the host sends it (`M`, `ms`, or a new cost model's), so no unit is special here.
function fmt(value: number, unit: string): string {
  return `${value.toFixed(1)} ${unit}`;
}

function describe(point: FrontierPoint, unit: string): string[] {
  return [
    point.label,
    `${SERIES_STYLES[point.series].legend}`,
    `cost ${fmt(point.x, unit)} (${point.xOrigin})`,
    `top-1 ${point.y.toFixed(2)} % (${point.yOrigin})`,
    ...point.details,
    ...(point.arch ? [point.arch] : ['not in the OFA space: cannot be inserted']),
    `source: ${point.source}`,
  ];
}

function drawPlot(): void {
  const data = state.data;
  plotHost.querySelector('svg')?.remove();
  if (!data) {
    layout = undefined;
    root.dataset.plot = 'none';
    return;
  }
  layout = layoutScatter({ data, size, budget: state.budget, live: state.live });
  const svg = renderSvg(layout.elements, size, palette);
  // Each mark says what it is to screen readers (and to the UI tests, which read the sweep from the DOM).
  for (const node of svg.querySelectorAll('[data-point-id]')) {
    const point = pointById(node.getAttribute('data-point-id') ?? '');
    if (point) node.setAttribute('aria-label', `${point.label}: ${point.x.toFixed(2)} ${data.unit}, top-1 ${point.y.toFixed(2)} %`);
  }
  plotHost.prepend(svg);
  root.dataset.plot = state.busy ? 'busy' : 'ready';
  root.dataset.marks = String(layout.markIds.length);
}

function showTooltip(point: FrontierPoint, clientX: number, clientY: number): void {
  const unit = state.data?.unit ?? 'M';
  const lines = describe(point, unit);
  tooltip.replaceChildren(...lines.map((line, i) => element('div', i === 0 ? 'tip-title' : line === point.arch ? 'tip-arch' : undefined, line)));
  tooltip.hidden = false;
  const box = plotHost.getBoundingClientRect();
  tooltip.style.maxWidth = '';
  const place = placeTooltip({
    pointerX: clientX - box.left,
    pointerY: clientY - box.top,
    boxWidth: box.width,
    boxTop: box.top,
    windowHeight: window.innerHeight,
    axisLeft: layout?.plot.left ?? 0,
    tip: { width: tooltip.offsetWidth, height: tooltip.offsetHeight },
    measureNarrowed: (maxWidth) => {
      tooltip.style.maxWidth = `${maxWidth}px`;
      return { width: tooltip.offsetWidth, height: tooltip.offsetHeight };
    },
  });
  // CSSOM writes are not inline style attributes, so the CSP allows them.
  tooltip.style.left = `${place.left}px`;
  tooltip.style.top = `${place.top}px`;
}

function markOf(target: EventTarget | null): FrontierPoint | undefined {
  const node = target instanceof Element ? target.closest('[data-point-id]') : null;
  const id = node?.getAttribute('data-point-id');
  return id ? pointById(id) : undefined;
}

plotHost.addEventListener('mousemove', (event) => {
  const point = markOf(event.target);
  if (point) showTooltip(point, event.clientX, event.clientY);
  else tooltip.hidden = true;
});
plotHost.addEventListener('mouseleave', () => (tooltip.hidden = true));
plotHost.addEventListener('click', (event) => {
  const point = markOf(event.target);
  if (!point) return;
  select(point);
  if (!point.arch || point.width === undefined || point.resolution === undefined) return;
  // Click inserts; with Ctrl/Cmd or Alt held it copies instead.
  const type = event.ctrlKey || event.metaKey || event.altKey ? 'copyArch' : 'insertArch';
  post({ type, arch: point.arch, width: point.width, resolution: point.resolution });
});

function select(point: FrontierPoint): void {
  selection.replaceChildren();
  const unit = state.data?.unit ?? 'M';
  selection.append(element('p', 'selected-title', `${point.label}: ${fmt(point.x, unit)}, ${point.y.toFixed(2)} %`));
  if (point.arch && point.width !== undefined && point.resolution !== undefined) {
    const fields = { arch: point.arch, width: point.width, resolution: point.resolution };
    selection.append(
      button('Insert', () => post({ type: 'insertArch', ...fields }), false, 'selected-insert'),
      button('Copy', () => post({ type: 'copyArch', ...fields }), true, 'selected-copy'),
    );
  }
  selection.dataset.selected = point.id;
}

function exportPlot(format: 'svg' | 'png'): void {
  if (!layout) return;
  if (format === 'svg') post({ type: 'exportPlot', plot: { format: 'svg', svg: svgDocument(layout.elements, size, palette, readFontFamily()) } });
  else post({ type: 'exportPlot', plot: { format: 'png', pngBase64: renderPng(layout.elements, size, palette, readFontFamily()) } });
}

// ---- slider ------------------------------------------------------------------------------------------
function updateSlider(): void {
  const range = state.data?.budgetRange;
  sliderRow.hidden = !range;
  if (!range || !state.data) return;
  slider.min = String(range.min);
  slider.max = String(range.max);
  slider.step = String(range.step);
  // The reducer keeps a budget inside the range whenever there is one.
  slider.value = String(state.budget ?? (range.min + range.max) / 2);
  sliderValue.textContent = fmt(Number(slider.value), state.data.unit);
}

slider.addEventListener('input', () => {
  const budget = Number(slider.value);
  dispatch({ type: 'sliderMoved', budget });
  sliderValue.textContent = fmt(budget, state.data?.unit ?? 'M');
  drawPlot();
  if (debounce) clearTimeout(debounce);
  // Generate only once the slider rests for a moment: the worker answers each request in turn.
  debounce = setTimeout(() => {
    dispatch({ type: 'generateRequested' });
    liveInfo.textContent = `Generating for ${fmt(budget, state.data?.unit ?? 'M')}…`;
    post({ type: 'generateAt', requestId: state.requestId, budget });
  }, 200);
});
// Saved once the slider is released, not on every step of a drag.
slider.addEventListener('change', save);

function renderLiveInfo(): void {
  if (state.liveError) liveInfo.textContent = state.liveError;
  else if (state.live && state.data) liveInfo.textContent = `${state.live.label}: ${fmt(state.live.x, state.data.unit)}, top-1 ${state.live.y.toFixed(2)} % — click the star to insert it`;
  else liveInfo.textContent = '';
}

// ---- whole view --------------------------------------------------------------------------------------
function renderAll(): void {
  const data = state.data;
  emptyState.hidden = Boolean(data?.budgetRange);
  heading.textContent = data ? `Frontier · ${data.accuracySource ?? 'published references'}` : 'Frontier';
  if (state.busy) heading.append(busyRing);
  notes.replaceChildren(...(data?.notes ?? []).map((n) => element('li', undefined, n)));
  toolbar.hidden = !data;
  updateSlider();
  drawPlot();
  renderLiveInfo();
  costsSection.replaceChildren(
    state.costs
      ? renderCosts(state.costs, button('Generate another…', () => post({ type: 'generate' })))
      : element('p', 'note', 'Insert or generate an architecture to see its exact MAdds and parameters here.'),
  );
  root.dataset.state = state.costs ? 'costs' : 'empty';
}

function resize(): void {
  const width = Math.max(220, Math.floor(plotHost.clientWidth || document.body.clientWidth - 24));
  // Tall enough in a narrow sidebar for a legend of two or three rows above a readable plot.
  const next = { width, height: Math.round(Math.min(400, Math.max(270, width * 0.95))) };
  if (next.width !== size.width || next.height !== size.height) {
    size = next;
    drawPlot();
  }
}

new ResizeObserver(() => resize()).observe(plotHost);
watchTheme(() => {
  palette = readPalette();
  drawPlot();
});

// Redraw what was shown before the page was hidden, before the host has even answered.
const saved = parseViewState(vscode.getState());
if (saved) dispatch({ type: 'restored', saved });
resize();
renderAll();

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message || !dispatch({ type: 'host', message })) return;
  renderAll();
  save();
});

post({ type: 'ready' });
