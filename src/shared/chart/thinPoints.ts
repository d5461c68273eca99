/** Keeps a plot of a large archive responsive: at most `max` points, always keeping the upper-left frontier. */
export interface XY {
  readonly x: number;
  readonly y: number;
}

/** Indices of the points no other point beats (lower or equal x with higher y), in ascending x. */
export function upperFrontier(points: readonly XY[]): number[] {
  const order = points.map((_, i) => i).sort((a, b) => points[a].x - points[b].x || points[b].y - points[a].y);
  const kept: number[] = [];
  let best = Number.NEGATIVE_INFINITY;
  for (const i of order) {
    if (points[i].y > best) {
      kept.push(i);
      best = points[i].y;
    }
  }
  return kept;
}

/**
 * The frontier plus an even stride through the rest (deterministic, so a redraw shows the same marks),
 * in the input's order. Returns everything when there are at most `max` points.
 */
export function thinPoints<T extends XY>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return points.slice();
  const keep = new Set(upperFrontier(points));
  const rest = points.map((_, i) => i).filter((i) => !keep.has(i));
  const room = Math.max(0, max - keep.size);
  const stride = rest.length / Math.max(1, room);
  for (let k = 0; k < room && k * stride < rest.length; k++) keep.add(rest[Math.floor(k * stride)]);
  return points.filter((_, i) => keep.has(i));
}
