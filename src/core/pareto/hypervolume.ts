import { InputError } from '../errors';
import { type ParetoPoint, checkPoints, nonDominated } from './nonDominated';

/**
 * Reference point of the 2-D hypervolume: the worst cost and the worst accuracy still counted.
 * Points costlier than `cost` or less accurate than `accuracy` contribute nothing.
 */
export interface HypervolumeReference {
  readonly cost: number;
  readonly accuracy: number;
}

/**
 * Area of the cost-accuracy region dominated by the points and bounded by the reference point
 * (cost <= ref.cost, accuracy >= ref.accuracy), in cost-unit x accuracy-unit.
 */
export function hypervolume2d(points: readonly ParetoPoint[], reference: HypervolumeReference): number {
  checkPoints(points, 'hypervolume');
  if (!Number.isFinite(reference.cost) || !Number.isFinite(reference.accuracy)) {
    throw new InputError(`hypervolume: reference point (${reference.cost}, ${reference.accuracy}) must be finite`);
  }
  const inside = points.filter((p) => p.cost <= reference.cost && p.accuracy >= reference.accuracy);
  const front = nonDominated(inside);
  let area = 0;
  for (let i = 0; i < front.length; i++) {
    const nextCost = i + 1 < front.length ? front[i + 1].cost : reference.cost;
    area += (nextCost - front[i].cost) * (front[i].accuracy - reference.accuracy);
  }
  return area;
}

/**
 * Hypervolume divided by the box between the reference point and an ideal point (cost `idealCost`,
 * accuracy `idealAccuracy`), so sets from different tasks are comparable on [0, 1].
 */
export function normalizedHypervolume(
  points: readonly ParetoPoint[],
  reference: HypervolumeReference,
  ideal: HypervolumeReference,
): number {
  const box = (reference.cost - ideal.cost) * (ideal.accuracy - reference.accuracy);
  if (!(box > 0)) {
    throw new InputError(
      `hypervolume: the ideal point (${ideal.cost}, ${ideal.accuracy}) must be cheaper and more accurate than the reference (${reference.cost}, ${reference.accuracy})`,
    );
  }
  return hypervolume2d(points, reference) / box;
}
