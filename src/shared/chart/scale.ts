/** Linear scales and "nice" ticks for the Frontier plot. Pure and DOM-free: shared by host, webview and tests. */

export interface LinearScale {
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  (value: number): number;
  invert(pixel: number): number;
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  // A degenerate domain (one value) maps to the middle of the range instead of dividing by zero.
  const span = d1 - d0;
  const map = (value: number): number => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0));
  const invert = (pixel: number): number => (r1 === r0 ? d0 : d0 + ((pixel - r0) / (r1 - r0)) * span);
  return Object.assign(map, { domain, range, invert });
}

/** The tick step nearest `span / count` among 1, 2, 2.5, 5 times a power of ten. */
export function tickStep(span: number, count: number): number {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const factor = error >= 7.5 ? 10 : error >= 3.5 ? 5 : error >= 2.25 ? 2.5 : error >= 1.5 ? 2 : 1;
  return factor * power;
}

/** Ticks at multiples of a nice step inside [min, max]; rounding noise is removed. */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const lo = Math.min(min, max);
  const hi = Math.max(min, max);
  const step = tickStep(hi - lo, count);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toFixed(decimals)));
  return ticks;
}

/** [min, max] of the values widened by `pad` of the span on each side (or by 1 when all are equal). */
export function paddedExtent(values: readonly number[], pad = 0.05): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) return [lo - 1, hi + 1];
  const margin = (hi - lo) * pad;
  lo -= margin;
  hi += margin;
  return [lo, hi];
}

/** A tick label: no more decimals than the step needs. */
export function formatTick(value: number, step: number): string {
  let decimals = 0;
  while (decimals < 4 && Math.abs(step * 10 ** decimals - Math.round(step * 10 ** decimals)) > 1e-9) decimals++;
  return value.toFixed(decimals);
}
