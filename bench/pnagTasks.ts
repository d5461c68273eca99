// The two benchmark tasks of the engine's issue (section 7), shared by the pnag* benchmarks: an archive of
// random w1.2/r224 architectures labelled by OFA's accuracy predictor, costed by the Note10 LUT or PNAG MAdds.
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { OfaPredictor } from '../src/core/predict/ofaPredictor';
import { MaddsCostModel } from '../src/core/cost/maddsCostModel';
import { LutCostModel } from '../src/core/cost/lut/lutCostModel';
import type { ExactCostModel } from '../src/core/cost/costModel';
import { type Arch, randomArch } from '../src/core/space/arch';
import { Random } from '../src/core/util/random';
import { NASDATA } from './nasdata';

export type TaskName = 'note10' | 'madds';

export interface Task {
  readonly name: TaskName;
  readonly cost: ExactCostModel;
  /** Training-budget range, in the cost model's unit. */
  readonly range: readonly [number, number];
  /** 10 query budgets, each strictly between two of the K = 10 training budgets. */
  readonly queryBudgets: number[];
  /** Hypervolume reference point: the largest training budget and an accuracy below every pick. */
  readonly reference: { readonly cost: number; readonly accuracy: number };
}

export function loadPredictor(): OfaPredictor {
  return OfaPredictor.fromFile(join(NASDATA, 'ofa_acc_predictor_w1.2.pth'));
}

/**
 * Budgets at (i + offset)/10 of the range. The reported ones use 0.5 (never equal to a training budget at
 * j/9 of it); other offsets give budgets for tuning settings away from the reported ones.
 */
export function budgetsBetween(low: number, high: number, offset = 0.5): number[] {
  return Array.from({ length: 10 }, (_, i) => Math.round((low + ((high - low) * (i + offset)) / 10) * 100) / 100);
}

export function makeTask(name: TaskName): Task {
  if (name === 'note10') {
    return { name, cost: LutCostModel.load(join(NASDATA, 'ofa_note10_lut')), range: [25, 60], queryBudgets: budgetsBetween(25, 60), reference: { cost: 60, accuracy: 76 } };
  }
  return { name, cost: new MaddsCostModel('pnag'), range: [250, 700], queryBudgets: budgetsBetween(250, 700), reference: { cost: 700, accuracy: 76 } };
}

export interface Archive {
  readonly archs: Arch[];
  readonly accuracies: number[];
  readonly costs: number[];
}

/** `size` random w1.2/r224 architectures (seeded), their predictor top-1 and their cost under the task. */
export async function makeArchive(task: Task, predictor: OfaPredictor, size: number, seed = 2023): Promise<Archive> {
  const rng = new Random(seed);
  const archs = Array.from({ length: size }, () => randomArch(rng));
  return { archs, accuracies: await predictor.accuracy(archs), costs: archs.map((a) => task.cost.costOf(a)) };
}

export { median } from './benchUtil';

/** 1-minute load average, recorded beside every timing (the machine is shared). */
export function load1(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}

