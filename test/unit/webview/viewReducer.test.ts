import test from 'node:test';
import assert from 'node:assert/strict';
import type { FrontierData, FrontierPoint } from '../../../src/shared/protocol';
import { parseViewState } from '../../../src/shared/protocol';
import { INITIAL_VIEW, reduceView, SAVED_POINTS_LIMIT, savedViewState } from '../../../webview/viewReducer';
import type { ViewModel } from '../../../webview/viewReducer';

function point(id: string, series: FrontierPoint['series'], x: number): FrontierPoint {
  return { id, series, label: id, x, y: 75, xOrigin: 'computed', yOrigin: 'estimate', source: 'test', details: [] };
}

const madds: FrontierData = {
  unit: 'M',
  xLabel: 'MAdds',
  yLabel: 'top-1',
  points: [point('frontier:1', 'frontier', 300)],
  trainedBudgets: [200, 600],
  budgetRange: { min: 200, max: 600, step: 10 },
  notes: [],
};
const latency: FrontierData = { ...madds, unit: 'ms', xLabel: 'latency', trainedBudgets: [15, 40], budgetRange: { min: 15, max: 40, step: 1 } };

const showFrontier = (data: FrontierData | null, busy = false) => ({ type: 'host', message: { type: 'showFrontier', data, busy } }) as const;

function atBudget(data: FrontierData, budget: number): ViewModel {
  let state = reduceView(INITIAL_VIEW, showFrontier(data));
  state = reduceView(state, { type: 'sliderMoved', budget });
  state = reduceView(state, { type: 'generateRequested' });
  return reduceView(state, { type: 'host', message: { type: 'generated', requestId: state.requestId, budget, point: point('live:1', 'frontier', budget - 5) } });
}

test('a first frontier puts the slider in the middle of its range', () => {
  const state = reduceView(INITIAL_VIEW, showFrontier(madds));
  assert.equal(state.budget, 400);
  assert.equal(state.budgetUnit, 'M');
});

test('the slider budget and its live point survive a refresh in the same unit and range', () => {
  const state = reduceView(atBudget(madds, 520), showFrontier(madds));
  assert.equal(state.budget, 520);
  assert.equal(state.live?.series, 'live');
});

test('after a retrain in another unit the old budget and its point are dropped, not kept on the new axis', () => {
  const state = reduceView(atBudget(madds, 520), showFrontier(latency));
  assert.equal(state.budget, 27.5, 'the middle of the new range');
  assert.equal(state.budgetUnit, 'ms');
  assert.equal(state.live, undefined);
});

test('after a retrain over another range a budget outside it is dropped', () => {
  const narrower: FrontierData = { ...madds, budgetRange: { min: 250, max: 450, step: 10 } };
  const state = reduceView(atBudget(madds, 520), showFrontier(narrower));
  assert.equal(state.budget, 350);
  assert.equal(state.live, undefined);
});

test('a budget restored from the saved state does not survive the host replaying a frontier in another unit', () => {
  const saved = parseViewState(JSON.parse(JSON.stringify(savedViewState(atBudget(madds, 520)))));
  assert.ok(saved);
  const restored = reduceView(INITIAL_VIEW, { type: 'restored', saved });
  assert.equal(restored.budget, 520, 'redrawn at once as it was');
  assert.equal(restored.live?.series, 'live');
  const replayed = reduceView(restored, showFrontier(latency));
  assert.equal(replayed.budget, 27.5);
  assert.equal(replayed.live, undefined);
});

test('a restored budget saved without a unit (an older view) starts from the middle of the range', () => {
  const restored = reduceView(INITIAL_VIEW, { type: 'restored', saved: { costs: null, data: latency, budget: 520 } });
  assert.equal(restored.budget, 27.5);
  assert.equal(restored.budgetUnit, 'ms');
});

test('an answer to an older slider position is ignored; the newest replaces the live point', () => {
  let state = reduceView(INITIAL_VIEW, showFrontier(madds));
  state = reduceView(state, { type: 'generateRequested' });
  state = reduceView(state, { type: 'generateRequested' });
  const stale = reduceView(state, { type: 'host', message: { type: 'generated', requestId: 1, budget: 300, point: point('a', 'frontier', 290) } });
  assert.equal(stale, state);
  const fresh = reduceView(state, { type: 'host', message: { type: 'generated', requestId: 2, budget: 300, error: 'nothing fits' } });
  assert.equal(fresh.live, undefined);
  assert.equal(fresh.liveError, 'nothing fits');
});

test('the saved state leaves a large archive out but keeps the frontier, the budget and its unit', () => {
  const archive = Array.from({ length: SAVED_POINTS_LIMIT + 500 }, (_, i) => point(`archive:${i}`, 'archive', 200 + (i % 400)));
  const big: FrontierData = { ...madds, points: [...archive, ...madds.points] };
  const state = reduceView(reduceView(INITIAL_VIEW, showFrontier(big)), { type: 'sliderMoved', budget: 450 });
  const saved = savedViewState(state);
  assert.deepEqual(
    saved.data?.points.map((p) => p.id),
    ['frontier:1'],
  );
  assert.equal(saved.budget, 450);
  assert.equal(saved.budgetUnit, 'M');
  assert.ok(JSON.stringify(saved).length < 10_000, 'small enough to save');
  const small = savedViewState(reduceView(INITIAL_VIEW, showFrontier(madds)));
  assert.equal(small.data?.points.length, madds.points.length, 'a small archive is kept whole');
});
