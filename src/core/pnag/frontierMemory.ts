import { InputError, messageOf } from '../errors';
import type { ExactCostModel } from '../cost/costModel';
import type { Arch } from '../space/arch';
import { parsePnagString, toPnagString } from '../space/pnagString';
import type { ArchSamples } from './samples';

/** One measured architecture of the training data's non-dominated (cost, accuracy) set. */
export interface FrontierPoint {
  readonly arch: Arch;
  /** In the training cost model's unit. */
  readonly cost: number;
  /** The training source's accuracy, %. */
  readonly accuracy: number;
}

/** A network and its accuracy under some source, %, its cost left to the cost model at hand. */
export type MeasuredNetwork = Pick<FrontierPoint, 'arch' | 'accuracy'>;

/** How a frontier point is stored in a checkpoint. */
export interface SerializedFrontierPoint {
  readonly pnag: string;
  readonly width: number;
  readonly resolution: number;
  readonly cost: number;
  readonly accuracy: number;
}

/** The measured points no other point beats on both cost (lower) and accuracy (higher), by cost ascending. */
export function measuredFrontier(data: ArchSamples): FrontierPoint[] {
  const order = data.archs.map((_, i) => i).sort((a, b) => data.costs[a] - data.costs[b] || data.accuracies[b] - data.accuracies[a]);
  const out: FrontierPoint[] = [];
  let best = -Infinity;
  for (const i of order) {
    if (data.accuracies[i] <= best) continue;
    best = data.accuracies[i];
    out.push({ arch: data.archs[i], cost: data.costs[i], accuracy: data.accuracies[i] });
  }
  return out;
}

/**
 * The most accurate remembered point within the budget. With an exact cost model the cost is computed
 * again (the memory's costs are the training cost model's); otherwise the stored cost is trusted.
 */
export function bestMeasuredWithin(frontier: readonly FrontierPoint[], budget: number, costModel?: ExactCostModel): FrontierPoint | undefined {
  let best: FrontierPoint | undefined;
  for (const p of frontier) {
    const cost = costModel ? costModel.costOf(p.arch) : p.cost;
    if (cost <= budget && (!best || p.accuracy > best.accuracy)) best = { ...p, cost };
  }
  return best;
}

export function serializeFrontier(frontier: readonly FrontierPoint[]): SerializedFrontierPoint[] {
  return frontier.map((p) => ({ pnag: toPnagString(p.arch), width: p.arch.width, resolution: p.arch.resolution, cost: p.cost, accuracy: p.accuracy }));
}

/** Reads a checkpoint's `frontier`; every problem is an InputError naming the entry. */
export function parseFrontier(value: unknown, where: string): FrontierPoint[] {
  if (!Array.isArray(value)) throw new InputError(`${where}: frontier must be a list`);
  return value.map((entry: unknown, i) => {
    const p = entry as Partial<SerializedFrontierPoint> | null;
    if (typeof p !== 'object' || p === null || typeof p.pnag !== 'string' || typeof p.cost !== 'number' || typeof p.accuracy !== 'number') {
      throw new InputError(`${where}: frontier entry ${i + 1} needs pnag (string), cost and accuracy (numbers)`);
    }
    let arch: Arch;
    try {
      arch = parsePnagString(p.pnag, { width: p.width, resolution: p.resolution });
    } catch (error) {
      throw new InputError(`${where}: frontier entry ${i + 1}: ${messageOf(error)}`);
    }
    return { arch, cost: p.cost, accuracy: p.accuracy };
  });
}
