import { type ParetoPoint, dominates } from './nonDominated';

/**
 * Fast non-dominated sorting (Deb et al., NSGA-II, 2002): the indices of `points` split into fronts, the
 * first holding every non-dominated point, the second those dominated only by the first, and so on.
 * Objectives: lower cost, higher accuracy. O(n²), fine for populations of a few hundred.
 */
export function nondominatedFronts(points: readonly ParetoPoint[]): number[][] {
  const n = points.length;
  const dominatedBy = Array.from({ length: n }, () => [] as number[]);
  const dominationCount = new Array<number>(n).fill(0);
  const fronts: number[][] = [[]];
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      if (p === q) continue;
      if (dominates(points[p], points[q])) dominatedBy[p].push(q);
      else if (dominates(points[q], points[p])) dominationCount[p]++;
    }
    if (dominationCount[p] === 0) fronts[0].push(p);
  }
  for (let f = 0; fronts[f].length > 0; f++) {
    const next: number[] = [];
    for (const p of fronts[f]) {
      for (const q of dominatedBy[p]) {
        dominationCount[q]--;
        if (dominationCount[q] === 0) next.push(q);
      }
    }
    fronts.push(next);
  }
  fronts.pop();
  return fronts;
}

/**
 * Crowding distance of each member of one front (same order as `front`): the side lengths of the cuboid
 * its neighbours span in each objective, normalised by the objective's range; the two ends get Infinity
 * so the extremes of the front are always kept.
 */
export function crowdingDistances(points: readonly ParetoPoint[], front: readonly number[]): number[] {
  const distance = new Map<number, number>(front.map((i) => [i, 0]));
  for (const objective of [(p: ParetoPoint) => p.cost, (p: ParetoPoint) => p.accuracy]) {
    const order = front.slice().sort((a, b) => objective(points[a]) - objective(points[b]));
    const low = objective(points[order[0]]);
    const high = objective(points[order[order.length - 1]]);
    distance.set(order[0], Number.POSITIVE_INFINITY);
    distance.set(order[order.length - 1], Number.POSITIVE_INFINITY);
    if (high === low) continue;
    for (let j = 1; j < order.length - 1; j++) {
      const gap = (objective(points[order[j + 1]]) - objective(points[order[j - 1]])) / (high - low);
      distance.set(order[j], (distance.get(order[j]) as number) + gap);
    }
  }
  return front.map((i) => distance.get(i) as number);
}
