// The oracles of the evaluation-budget benchmark (issue 14): an accuracy source that counts every query, a
// cost model and a training range. note10 and madds use OFA's predictor (w1.2, r224); dynast is a learned
// predictor trained on DyNAS-T's measured top-1 of OFA w1.0 subnets (nobody tuned OFA's predictor for it),
// with OFA-count MAdds as the cost.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { ExactCostModel } from '../src/core/cost/costModel';
import { MaddsCostModel } from '../src/core/cost/maddsCostModel';
import { LearnedAccuracySource, type SerializedLearnedPredictor } from '../src/core/predict/learnedPredictor';
import type { AccuracySource } from '../src/core/sources/accuracySource';
import type { Arch } from '../src/core/space/arch';
import { parsePnagString } from '../src/core/space/pnagString';
import type { Width } from '../src/core/space/searchSpace';
import { parseCsv } from '../src/core/util/csv';
import { NASDATA } from './nasdata';
import { budgetsBetween, loadPredictor, makeTask } from './pnagTasks';

export type OracleName = 'note10' | 'madds' | 'dynast';

export interface Oracle {
  readonly name: OracleName;
  readonly truth: AccuracySource;
  readonly cost: ExactCostModel;
  readonly width: Width;
  readonly range: readonly [number, number];
  readonly reference: { readonly cost: number; readonly accuracy: number };
}

/** Counts the distinct queries made through it: the unit users pay in. */
export class CountingSource implements AccuracySource {
  readonly unit = '%' as const;
  readonly isEstimate = false;
  readonly queryable = true;
  asked = 0;

  constructor(private readonly inner: AccuracySource) {}

  get name(): string {
    return this.inner.name;
  }

  async accuracy(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]> {
    this.asked += archs.length;
    return this.inner.accuracy(archs, signal);
  }
}

/** The DyNAS-T predictor, trained once per machine and kept in the temp folder (seeded, so it is the same each time). */
async function dynastPredictor(): Promise<AccuracySource> {
  const cache = join(tmpdir(), 'pnag-bench-dynast-oracle-v1.json');
  if (existsSync(cache)) return LearnedAccuracySource.fromJSON(JSON.parse(readFileSync(cache, 'utf8')) as SerializedLearnedPredictor);
  const table = parseCsv(readFileSync(join(NASDATA, 'dynast_ofa_mbv3_w1.0_top1_macs.csv'), 'utf8'), 'dynast');
  const rows = table.rows.map((r) => ({ arch: parsePnagString(r.values.pnag_string, { width: 1.0, resolution: Number(r.values.r) }),
    top1: Number(r.values.top1) }));
  const source = await LearnedAccuracySource.train(rows, 'dynast-w1.0', { features: 'rich', ensemble: 3, seed: 1 });
  writeFileSync(cache, JSON.stringify(source.toJSON()));
  return source;
}

export async function makeOracle(name: OracleName): Promise<Oracle> {
  if (name === 'dynast') {
    return { name, truth: await dynastPredictor(), cost: new MaddsCostModel('ofa'), width: 1.0, range: [150, 450], reference: { cost: 450, accuracy: 70 } };
  }
  const task = makeTask(name);
  return { name, truth: loadPredictor(), cost: task.cost, width: 1.2, range: task.range, reference: task.reference };
}

/** Query budgets at (i + offset)/10 of the range: 0.5 for reported runs, 0.25 / 0.75 for choosing settings. */
export function oracleBudgets(oracle: Oracle, offset: number): number[] {
  return budgetsBetween(oracle.range[0], oracle.range[1], offset);
}
