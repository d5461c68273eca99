// How well does a sum of per-layer terms (slotLinearModel.ts) predict each oracle of the evaluation-budget
// benchmark, and how much does the pair model on its residuals (pairResidualModel.ts) add?
// 1. Fitted to a coverage design of 198 and of 990 networks (what the Thompson rounds start from and end with
//    at 1,000 evaluations), scored on 500 other networks of the same design.
// 2. Fitted to everything one run of the Thompson rounds measured (the probe's loop, 1,000 evaluations, seed 12,
//    per-layer model only), scored on the networks the rounds of another seed (13) chose: the networks whose
//    ranking decides the answers.
// The pair model's column is the best of its ridge strengths on the scored networks (an upper bound of what the
// held-out check of the rounds can pick).
//   npx tsx bench/slotModelFit.ts   (writes bench/results/slotModelFit.json)
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { initBackend } from '../src/core/tf/backend';
import { additiveCostTable } from '../src/core/cost/additiveCost';
import { coverageDesign } from '../src/core/pnag/coverageDesign';
import { MeasuredSet } from '../src/core/pnag/measuredSet';
import { PAIR_RESIDUAL_LAMBDAS, PairResidualModel } from '../src/core/pnag/pairResidualModel';
import type { ArchSamples } from '../src/core/pnag/samples';
import { SlotLinearModel } from '../src/core/pnag/slotLinearModel';
import { thompsonBatch } from '../src/core/pnag/thompsonProposals';
import type { Arch } from '../src/core/space/arch';
import { Random } from '../src/core/util/random';
import { type Oracle, makeOracle, type OracleName } from './evaluationOracles';

interface Row {
  oracle: OracleName;
  fittedOn: string;
  scoredOn: string;
  residual: number;
  heldOutRmse: number;
  withPairsRmse: number;
  pairLambda: number;
}

function score(oracle: OracleName, fittedOn: string, scoredOn: string, fit: ArchSamples, held: readonly Arch[], truth: readonly number[]): Row {
  const model = SlotLinearModel.fit(fit);
  const rmse = (f: (a: Arch) => number): number => Math.sqrt(held.reduce((sum, a, i) => sum + (f(a) - truth[i]) ** 2, 0) / held.length);
  const residuals = fit.archs.map((a, i) => fit.accuracies[i] - model.predict(a));
  let best = { rmse: Infinity, lambda: 0 };
  for (const lambda of PAIR_RESIDUAL_LAMBDAS) {
    const pairs = PairResidualModel.fit(fit.archs, residuals, lambda);
    const error = rmse((a) => model.predict(a) + pairs.predict(a));
    if (error < best.rmse) best = { rmse: error, lambda };
  }
  const heldOutRmse = rmse((a) => model.predict(a));
  const row = { oracle, fittedOn, scoredOn, residual: model.residual, heldOutRmse, withPairsRmse: best.rmse, pairLambda: best.lambda };
  console.log(`${oracle}: fitted on ${fittedOn}, scored on ${scoredOn}: per-layer ${row.heldOutRmse.toFixed(3)}, with pairs ${row.withPairsRmse.toFixed(3)} (lambda ${best.lambda})`);
  return row;
}

/** The probe's loop (bench/additiveKnapsack.ts, per-layer model only): everything measured, and where the rounds began. */
async function thompsonRun(oracle: Oracle, total: number, seed: number): Promise<{ measured: MeasuredSet; initial: number }> {
  const space = { width: oracle.width, resolution: 224 };
  const table = additiveCostTable(oracle.cost, space);
  if (!table) throw new Error(`${oracle.cost.name} is not a sum of per-layer costs`);
  const rng = new Random(seed);
  const initial = Math.round((total - 10) * 0.2);
  const design = coverageDesign(oracle.cost, oracle.range[0] * 0.85, oracle.range[1], initial, rng, space);
  const measured = new MeasuredSet({ archs: design, accuracies: await oracle.truth.accuracy(design), costs: design.map((a) => oracle.cost.costOf(a)) });
  for (let left = total - 10 - initial; left > 0; ) {
    const batch = thompsonBatch(measured, table, oracle.range, Math.min(8, left), rng, 0.25);
    if (batch.length === 0) break;
    measured.add(batch, await oracle.truth.accuracy(batch), batch.map((a) => oracle.cost.costOf(a)));
    left -= batch.length;
  }
  return { measured, initial };
}

async function main(): Promise<void> {
  await initBackend('wasm');
  const rows: Row[] = [];
  for (const name of ['madds', 'note10', 'dynast'] as const) {
    const oracle = await makeOracle(name);
    const space = { width: oracle.width, resolution: 224 };
    const held = coverageDesign(oracle.cost, oracle.range[0] * 0.85, oracle.range[1], 500, new Random(99), space);
    const truth = await oracle.truth.accuracy(held);
    for (const count of [198, 990]) {
      const design = coverageDesign(oracle.cost, oracle.range[0] * 0.85, oracle.range[1], count, new Random(12), space);
      rows.push(score(name, `coverage ${count}`, '500 coverage', { archs: design, accuracies: await oracle.truth.accuracy(design), costs: [] }, held, truth));
    }
    const fitted = await thompsonRun(oracle, 1000, 12);
    const other = await thompsonRun(oracle, 1000, 13);
    const chosen = other.measured.archs.slice(other.initial);
    rows.push(score(name, 'Thompson run, seed 12', `${chosen.length} Thompson picks, seed 13`, fitted.measured.samples(), chosen, other.measured.accuracies.slice(other.initial)));
  }
  writeFileSync(resolve(__dirname, 'results', 'slotModelFit.json'), JSON.stringify({ command: 'npx tsx bench/slotModelFit.ts', rows }, null, 2) + '\n');
}
void main();
