import { InputError } from '../errors';

/** A point in the cost-accuracy plane: lower cost and higher accuracy are better. */
export interface ParetoPoint {
  readonly cost: number;
  readonly accuracy: number;
}

export function checkPoints(points: readonly ParetoPoint[], where: string): void {
  points.forEach((p, i) => {
    if (!Number.isFinite(p.cost) || !Number.isFinite(p.accuracy)) {
      throw new InputError(`${where}: point ${i} has cost ${p.cost} and accuracy ${p.accuracy}; both must be finite numbers`);
    }
  });
}

/** True when `a` is no worse than `b` in both objectives and strictly better in one. */
export function dominates(a: ParetoPoint, b: ParetoPoint): boolean {
  return a.cost <= b.cost && a.accuracy >= b.accuracy && (a.cost < b.cost || a.accuracy > b.accuracy);
}

/**
 * The non-dominated subset (min cost, max accuracy), sorted by increasing cost (hence increasing
 * accuracy). Of several identical points only the first is kept. O(n log n): sort, then one sweep.
 */
export function nonDominated<T extends ParetoPoint>(points: readonly T[]): T[] {
  checkPoints(points, 'non-dominated set');
  // Cost ascending; at equal cost the most accurate first, so the sweep keeps it; stable for duplicates.
  const order = points.map((p, i) => ({ p, i })).sort((x, y) => x.p.cost - y.p.cost || y.p.accuracy - x.p.accuracy || x.i - y.i);
  const out: T[] = [];
  let best = Number.NEGATIVE_INFINITY;
  for (const { p } of order) {
    if (p.accuracy > best) {
      out.push(p);
      best = p.accuracy;
    }
  }
  return out;
}
