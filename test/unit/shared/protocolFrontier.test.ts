import test from 'node:test';
import assert from 'node:assert/strict';
import {
  type FrontierData,
  type FrontierPoint,
  parseFrontierData,
  parseHostMessage,
  parseViewState,
  parseWebviewMessage,
} from '../../../src/shared/protocol';

const ARCH = '2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0';

const point: FrontierPoint = {
  id: 'ref:pnag-mobile-80',
  series: 'pnag',
  label: 'pnag-mobile-80',
  x: 348.569,
  y: 78.3,
  xOrigin: 'computed',
  yOrigin: 'reported',
  arch: ARCH,
  width: 1.2,
  resolution: 224,
  source: 'guoyongcs/PNAG README',
  details: ['reported MAdds: 349 M'],
};

const data: FrontierData = {
  unit: 'M',
  xLabel: 'MAdds (M, PNAG count)',
  yLabel: 'ImageNet top-1 (%)',
  points: [point, { ...point, id: 'mbv3', series: 'mobilenetv3', arch: undefined, width: undefined, resolution: undefined }].map((p) =>
    JSON.parse(JSON.stringify(p)),
  ),
  trainedBudgets: [250, 300, 350],
  budgetRange: { min: 250, max: 700, step: 5 },
  accuracySource: 'ofa-predictor',
  costModel: 'madds:pnag',
  notes: ['a note'],
};

test('webview -> host: every new message type parses, with only its own fields', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'generateAt', requestId: 3, budget: 350 }), { type: 'generateAt', requestId: 3, budget: 350 });
  assert.deepEqual(parseWebviewMessage({ type: 'insertArch', arch: ARCH, width: 1.2, resolution: 224, evil: 1 }), {
    type: 'insertArch',
    arch: ARCH,
    width: 1.2,
    resolution: 224,
  });
  assert.deepEqual(parseWebviewMessage({ type: 'copyArch', arch: ARCH, width: 1, resolution: 160 }), { type: 'copyArch', arch: ARCH, width: 1, resolution: 160 });
  assert.deepEqual(parseWebviewMessage({ type: 'exportPlot', plot: { format: 'svg', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' } }), {
    type: 'exportPlot',
    plot: { format: 'svg', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' },
  });
  assert.deepEqual(parseWebviewMessage({ type: 'exportPlot', plot: { format: 'png', pngBase64: 'iVBORw0KGgo=' } }), {
    type: 'exportPlot',
    plot: { format: 'png', pngBase64: 'iVBORw0KGgo=' },
  });
  assert.deepEqual(parseWebviewMessage({ type: 'exportFrontier', format: 'csv' }), { type: 'exportFrontier', format: 'csv' });
  assert.deepEqual(parseWebviewMessage({ type: 'runCommand', command: 'pnag.trainGenerator' }), { type: 'runCommand', command: 'pnag.trainGenerator' });
  assert.deepEqual(parseWebviewMessage({ type: 'refresh' }), { type: 'refresh' });
});

test('webview -> host: malformed or hostile messages are refused', () => {
  const bad: unknown[] = [
    { type: 'generateAt', requestId: -1, budget: 350 },
    { type: 'generateAt', requestId: 1.5, budget: 350 },
    { type: 'generateAt', requestId: 1, budget: '350' },
    { type: 'generateAt', requestId: 1, budget: 0 },
    { type: 'generateAt', requestId: 1, budget: Number.POSITIVE_INFINITY },
    { type: 'insertArch', arch: ARCH, width: 1.2 },
    { type: 'insertArch', arch: 42, width: 1.2, resolution: 224 },
    { type: 'insertArch', arch: 'x'.repeat(5000), width: 1.2, resolution: 224 },
    { type: 'exportPlot', plot: { format: 'svg', svg: '<script>alert(1)</script>' } },
    { type: 'exportPlot', plot: { format: 'png', pngBase64: 'not base64!' } },
    { type: 'exportPlot', plot: { format: 'pdf', data: '' } },
    { type: 'exportPlot' },
    { type: 'exportFrontier', format: 'xlsx' },
    { type: 'runCommand', command: 'workbench.action.terminal.new' },
    { type: 'runCommand', command: ['pnag.trainGenerator'] },
    { type: 'runCommand' },
  ];
  for (const message of bad) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message).slice(0, 120));
});

test('host -> webview: frontier data round-trips through JSON; the empty state is data: null', () => {
  assert.deepEqual(parseHostMessage(JSON.parse(JSON.stringify({ type: 'showFrontier', data, busy: true }))), { type: 'showFrontier', data, busy: true });
  assert.deepEqual(parseHostMessage({ type: 'showFrontier', data: null, busy: false }), { type: 'showFrontier', data: null, busy: false });
  assert.deepEqual(parseHostMessage({ type: 'generated', requestId: 2, budget: 400, point }), { type: 'generated', requestId: 2, budget: 400, point });
  assert.deepEqual(parseHostMessage({ type: 'generated', requestId: 2, budget: 400, error: 'no generator' }), {
    type: 'generated',
    requestId: 2,
    budget: 400,
    error: 'no generator',
  });
});

test('host -> webview: malformed frontier data is refused as a whole', () => {
  const bad: unknown[] = [
    { type: 'showFrontier', data, busy: 'yes' },
    { type: 'showFrontier', data: { ...data, unit: '<b>GFLOPs</b>' }, busy: false },
    { type: 'showFrontier', data: { ...data, unit: '' }, busy: false },
    { type: 'showFrontier', data: { ...data, points: [{ ...point, x: Number.NaN }] }, busy: false },
    { type: 'showFrontier', data: { ...data, points: [{ ...point, series: 'secret' }] }, busy: false },
    { type: 'showFrontier', data: { ...data, points: [{ ...point, xOrigin: 'guessed' }] }, busy: false },
    { type: 'showFrontier', data: { ...data, points: [{ ...point, details: [1] }] }, busy: false },
    { type: 'showFrontier', data: { ...data, trainedBudgets: ['250'] }, busy: false },
    { type: 'showFrontier', data: { ...data, budgetRange: { min: 700, max: 250, step: 5 } }, busy: false },
    { type: 'showFrontier', data: { ...data, budgetRange: { min: 250, max: 700, step: 0 } }, busy: false },
    { type: 'showFrontier', data: { ...data, points: 'many' }, busy: false },
    { type: 'generated', requestId: 2, budget: 400 },
    { type: 'generated', requestId: 2, budget: 400, point: { ...point, y: 'high' } },
    { type: 'generated', requestId: 'a', budget: 400, error: 'x' },
  ];
  for (const message of bad) assert.equal(parseHostMessage(message), undefined, JSON.stringify(message).slice(0, 160));
  assert.equal(parseFrontierData(undefined), undefined);
});

test('saved state keeps the plot, the budget and the live point; an unreadable plot is dropped, not the costs', () => {
  const state = JSON.parse(JSON.stringify({ costs: null, data, budget: 420, live: { ...point, series: 'live' } }));
  assert.deepEqual(parseViewState(state), { costs: null, data, budget: 420, live: { ...point, series: 'live' } });
  assert.deepEqual(parseViewState({ costs: null, data: { unit: 'parsecs' } }), { costs: null, data: null });
  assert.deepEqual(parseViewState({ costs: null }), { costs: null });
});
