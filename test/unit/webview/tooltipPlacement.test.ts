import test from 'node:test';
import assert from 'node:assert/strict';
import { placeTooltip, TIP_GAP } from '../../../webview/tooltipPlacement';
import type { TooltipInput } from '../../../webview/tooltipPlacement';

const base: TooltipInput = {
  pointerX: 50,
  pointerY: 100,
  boxWidth: 400,
  boxTop: 20,
  windowHeight: 800,
  axisLeft: 40,
  tip: { width: 150, height: 90 },
  measureNarrowed: () => assert.fail('no narrowing needed'),
};

test('the tooltip sits right of the pointer where it fits, level with it', () => {
  const place = placeTooltip(base);
  assert.equal(place.left, 50 + TIP_GAP);
  assert.equal(place.top, 100 - 30);
  assert.equal(place.maxWidth, undefined);
});

test('near the right edge it flips to the left of the pointer', () => {
  const place = placeTooltip({ ...base, pointerX: 300 });
  assert.equal(place.left, 300 - TIP_GAP - 150);
  assert.ok(place.left + 150 <= 400);
});

test('in a view too narrow for either side it is narrowed right of the y axis and moved below the pointer', () => {
  let asked: number | undefined;
  const place = placeTooltip({
    ...base,
    pointerX: 120,
    boxWidth: 240,
    tip: { width: 200, height: 90 },
    measureNarrowed: (maxWidth) => {
      asked = maxWidth;
      return { width: maxWidth, height: 130 };
    },
  });
  assert.equal(asked, 200, 'the box width less the axis');
  assert.equal(place.maxWidth, 200);
  assert.equal(place.left, 40);
  assert.equal(place.top, 100 + TIP_GAP, 'clears the mark vertically');
});

test('near the bottom of the window it flips above the pointer, and never above the window top', () => {
  const low = placeTooltip({ ...base, pointerY: 760 });
  assert.equal(low.top, 760 - 90 + 30);
  const narrowAndTall = placeTooltip({
    ...base,
    pointerX: 120,
    pointerY: 60,
    boxWidth: 240,
    windowHeight: 200,
    tip: { width: 200, height: 150 },
    measureNarrowed: (maxWidth) => ({ width: maxWidth, height: 150 }),
  });
  assert.equal(narrowAndTall.top, -20, 'clamped to the window top');
});
