// How well does a sum of per-layer terms (slotLinearModel.ts) predict each oracle of the evaluation-budget
// benchmark? Fitted to a coverage design of 198 and of 990 networks (what the Thompson rounds start from and end
// with at 1,000 evaluations), scored on 500 other networks of the same design.
//   npx tsx bench/slotModelFit.ts   (writes bench/results/slotModelFit.json)
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { initBackend } from '../src/core/tf/backend';
import { coverageDesign } from '../src/core/pnag/coverageDesign';
import { SlotLinearModel } from '../src/core/pnag/slotLinearModel';
import { Random } from '../src/core/util/random';
import { makeOracle, type OracleName } from './evaluationOracles';

async function main(): Promise<void> {
  await initBackend('wasm');
  const rows: { oracle: OracleName; fittedOn: number; residual: number; heldOutRmse: number }[] = [];
  for (const name of ['madds', 'note10', 'dynast'] as const) {
    const oracle = await makeOracle(name);
    const space = { width: oracle.width, resolution: 224 };
    const held = coverageDesign(oracle.cost, oracle.range[0] * 0.85, oracle.range[1], 500, new Random(99), space);
    const truth = await oracle.truth.accuracy(held);
    for (const count of [198, 990]) {
      const design = coverageDesign(oracle.cost, oracle.range[0] * 0.85, oracle.range[1], count, new Random(12), space);
      const model = SlotLinearModel.fit({ archs: design, accuracies: await oracle.truth.accuracy(design), costs: [] });
      const heldOutRmse = Math.sqrt(held.reduce((sum, a, i) => sum + (model.predict(a) - truth[i]) ** 2, 0) / held.length);
      rows.push({ oracle: name, fittedOn: count, residual: model.residual, heldOutRmse });
      console.log(`${name}: fitted on ${count}, residual ${model.residual.toFixed(3)}, held-out RMSE ${heldOutRmse.toFixed(3)} (500 networks)`);
    }
  }
  writeFileSync(resolve(__dirname, 'results', 'slotModelFit.json'), JSON.stringify({ command: 'npx tsx bench/slotModelFit.ts', rows }, null, 2) + '\n');
}
void main();
