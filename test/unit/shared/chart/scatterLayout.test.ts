import test from 'node:test';
import assert from 'node:assert/strict';
import type { FrontierData, FrontierPoint } from '../../../../src/shared/protocol';
import { COLOR_TOKENS, type Palette } from '../../../../src/shared/chart/chartElement';
import { layoutScatter, markerPath } from '../../../../src/shared/chart/scatterLayout';
import { escapeXml, svgDocument } from '../../../../src/shared/chart/svgText';
import { thinPoints, upperFrontier } from '../../../../src/shared/chart/thinPoints';
import { frontierCsv, frontierJson } from '../../../../src/shared/chart/frontierTable';

function point(id: string, series: FrontierPoint['series'], x: number, y: number, extra: Partial<FrontierPoint> = {}): FrontierPoint {
  return { id, series, label: id, x, y, xOrigin: 'computed', yOrigin: 'estimate', source: 'test', details: [], ...extra };
}

const data: FrontierData = {
  unit: 'M',
  xLabel: 'MAdds (M)',
  yLabel: 'top-1 (%)',
  points: [
    point('a1', 'archive', 250, 76),
    point('a2', 'archive', 600, 79),
    point('f1', 'frontier', 300, 78),
    point('f2', 'frontier', 500, 80),
    point('f0', 'frontier', 260, 77),
    point('p1', 'pnag', 349, 78.3, { yOrigin: 'reported' }),
    point('m1', 'mobilenetv3', 219, 75.2, { xOrigin: 'reported', yOrigin: 'reported' }),
  ],
  trainedBudgets: [300, 400, 500],
  notes: [],
};
const size = { width: 320, height: 240 };
const palette = Object.fromEntries(COLOR_TOKENS.map((t, i) => [t, `#00000${i}`])) as unknown as Palette;

test('one mark per visible point, the live point on top; hidden series draw nothing', () => {
  const live = point('live', 'live', 420, 79.5);
  const layout = layoutScatter({ data, size, live, budget: 420 });
  const marks = layout.elements.filter((e) => e.role === 'mark');
  assert.equal(marks.length, data.points.length + 1);
  assert.equal(layout.markIds.at(-1), 'live', 'the live mark is drawn last');
  assert.equal(layout.markIds[0], 'a1', 'archive marks are drawn first, under the rest');
  const hidden = layoutScatter({ data, size, hidden: new Set(['archive', 'pnag']) });
  assert.equal(hidden.elements.filter((e) => e.role === 'mark').length, 4);
});

test('points map inside the plot area: more cost to the right, more accuracy higher up', () => {
  const layout = layoutScatter({ data, size });
  const { plot } = layout;
  for (const p of data.points) {
    const px = layout.x(p.x);
    const py = layout.y(p.y);
    assert.ok(px > plot.left && px < plot.right, `${p.id} x inside`);
    assert.ok(py > plot.top && py < plot.bottom, `${p.id} y inside`);
  }
  assert.ok(layout.x(500) > layout.x(300));
  assert.ok(layout.y(80) < layout.y(78));
});

test('trained budgets are dashed vertical rules; the frontier is one line through its points in cost order', () => {
  const layout = layoutScatter({ data, size, budget: 450 });
  const rules = layout.elements.filter((e) => e.role === 'budget');
  assert.equal(rules.length, 3);
  for (const rule of rules) {
    assert.equal(rule.kind, 'line');
    if (rule.kind === 'line') assert.equal(rule.x1, rule.x2);
    assert.ok(rule.dash);
  }
  assert.equal(layout.elements.filter((e) => e.role === 'slider-budget').length, 1);
  const line = layout.elements.find((e) => e.role === 'frontier-line');
  assert.ok(line && line.kind === 'path');
  const xs = [...line.d.matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
  assert.equal(xs.length, 3);
  assert.deepEqual(xs, [...xs].sort((a, b) => a - b));
});

test('axes carry their titles and nice tick labels; the legend names only the series present', () => {
  const layout = layoutScatter({ data, size });
  const texts = layout.elements.flatMap((e) => (e.kind === 'text' ? [e] : []));
  assert.ok(texts.some((t) => t.role === 'axis-title' && t.text === 'MAdds (M)'));
  assert.ok(texts.some((t) => t.role === 'axis-title' && t.text === 'top-1 (%)' && t.rotate === -90));
  const ticks = texts.filter((t) => t.role === 'tick').map((t) => t.text);
  assert.ok(ticks.includes('300') || ticks.includes('400'), ticks.join(' '));
  const legend = texts.filter((t) => t.role === 'legend').map((t) => t.text);
  assert.deepEqual(legend, ['archive', 'MobileNetV3-L', 'PNAG (published)', 'generated frontier']);
});

test('marker paths are closed shapes centred on the point', () => {
  assert.match(markerPath('diamond', 10, 10, 2), /^M10,8L12,10L10,12L8,10Z$/);
  assert.match(markerPath('square', 10, 10, 2), /^M8,8H12V12H8Z$/);
  assert.match(markerPath('star', 0, 0, 5), /Z$/);
});

test('the exported SVG is standalone: resolved colours, no style or script, escaped text, one element per description', () => {
  const layout = layoutScatter({ data: { ...data, xLabel: 'cost <M> & "more"' }, size });
  const svg = svgDocument(layout.elements, size, palette, 'Segoe "UI"');
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="320" height="240"/);
  assert.doesNotMatch(svg, /<style|<script|style=|var\(--/);
  assert.match(svg, /cost &lt;M&gt; &amp; &quot;more&quot;/);
  assert.equal((svg.match(/data-role="mark"/g) ?? []).length, data.points.length);
  assert.equal((svg.match(/data-point-id=/g) ?? []).length, data.points.length);
  assert.equal(escapeXml(`<a href='x'>`), '&lt;a href=&apos;x&apos;&gt;');
});

test('thinning keeps the whole upper frontier and at most max points, deterministically', () => {
  const many = Array.from({ length: 5000 }, (_, i) => ({ x: (i * 7919) % 1000, y: ((i * 104729) % 997) / 10, i }));
  const frontier = upperFrontier(many).map((i) => many[i]);
  const thin = thinPoints(many, 800);
  assert.ok(thin.length <= 800);
  for (const p of frontier) assert.ok(thin.includes(p), 'frontier point kept');
  assert.deepEqual(thinPoints(many, 800), thin);
  assert.equal(thinPoints(many.slice(0, 10), 800).length, 10);
});

test('frontier CSV and JSON list the generated frontier in cost order with units and origins', () => {
  const csv = frontierCsv({ ...data, points: [...data.points, point('f3', 'frontier', 400, 79, { label: 'has, comma', arch: '2,2,2,2,2:...' })] });
  const lines = csv.trim().split('\n');
  assert.equal(lines[0], 'series,name,cost,cost_unit,cost_origin,top1,top1_origin,arch,width,resolution,source');
  assert.equal(lines.length, 5);
  assert.match(lines[1], /^frontier,f0,260,M,computed,77,estimate,/);
  assert.match(lines[3], /^frontier,"has, comma",400,M,computed,79,estimate,"2,2,2,2,2:\.\.\.",/);
  const json = JSON.parse(frontierJson(data));
  assert.equal(json.format, 'pnag-frontier');
  assert.equal(json.unit, 'M');
  assert.deepEqual(json.points.map((p: { cost: number }) => p.cost), [260, 300, 500]);
  assert.deepEqual(json.trainedBudgets, [300, 400, 500]);
});
