// Diagnosis (issue 14): where the Thompson rounds stop short of the best known on OFA's predictor, is it the
// accuracy model (it rates a better network below the best one measured) or the search (the model rates the
// better network higher, but no draw went there)? Per query budget: the rounds' best measured network M (the
// engine's Thompson rounds alone, bench/thompsonProbe.ts), a strong network E from per-budget evolution with
// --evolution oracle queries, and the accuracy model the rounds end with (accuracyModel.ts) fitted to everything
// measured. Prints a table and writes bench/results/frontierGapDiagnosis.<oracle>.<total>[.neighbours].json.
// With --mlp the same question is asked of an MLP ensemble fitted to the same networks (bench/mlpRegressor.ts).
// --neighbour-share 0 runs the rounds without their last picks near the incumbent (as before session 11); the
// results file is frontierGapDiagnosis.<oracle>.<total>.neighbours.json when they are on.
//   npx tsx bench/frontierGapDiagnosis.ts [--oracle madds] [--total 1000] [--seeds 12,13] [--offset 0.25] [--evolution 4000] [--mlp]
//     [--neighbour-share 0.375]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { additiveCostTable } from '../src/core/cost/additiveCost';
import { AccuracyModel } from '../src/core/pnag/accuracyModel';
import { genesApart, layerCodeOf } from '../src/core/pnag/pairResidualModel';
import { DEFAULT_FRONTIER_ROUNDS } from '../src/core/pnag/frontierRoundsSettings';
import { evolutionSearch } from '../src/core/search/evolution';
import { type Arch, archKey } from '../src/core/space/arch';
import { initBackend } from '../src/core/tf/backend';
import { type OracleName, makeOracle, oracleBudgets } from './evaluationOracles';
import { diagnosisFlags, numberArg } from './benchFlags';
import { fitMlpEnsemble } from './mlpRegressor';
import { engineProbeSettings, runThompsonProbe } from './thompsonProbe';

/** What the MLP ensemble says of E against M: its E − M and its errors on both. */
function mlpRating(mlp: ((archs: readonly Arch[]) => number[]) | undefined, e: Arch, truthE: number, m: Arch, truthM: number): Record<string, number> {
  if (!mlp) return {};
  const [rateE, rateM] = mlp([e, m]);
  return { mlpGap: rateE - rateM, mlpErrorE: rateE - truthE, mlpErrorM: rateM - truthM };
}

async function main(): Promise<void> {
  await initBackend('wasm');
  const { oracleName, total, seeds, offset } = diagnosisFlags(1000);
  const name = oracleName as OracleName;
  const evolutionQueries = numberArg('--evolution') ?? 4000;
  const neighbourShare = numberArg('--neighbour-share') ?? DEFAULT_FRONTIER_ROUNDS.thompsonNeighbourShare;
  const withMlp = process.argv.includes('--mlp');
  const oracle = await makeOracle(name);
  const budgets = oracleBudgets(oracle, offset);
  const table = additiveCostTable(oracle.cost, { width: oracle.width, resolution: 224 });
  if (!table) throw new Error(`${oracle.cost.name} is not a sum of per-layer costs`);
  const rows: Record<string, number>[] = [];
  for (const seed of seeds) {
    const { measured } = await runThompsonProbe(oracle, table, seed, engineProbeSettings(total, budgets.length, neighbourShare));
    const model = AccuracyModel.fit(measured.samples(), oracle.range);
    // The same question of a flexible model (an MLP ensemble of OFA's predictor's kind), where asked.
    const mlp = withMlp ? fitMlpEnsemble(measured.archs, measured.accuracies, seed) : undefined;
    for (const [i, budget] of budgets.entries()) {
      const [m] = measured.bestWithin(budget, 1);
      const problem = { accuracy: oracle.truth, cost: oracle.cost, width: oracle.width };
      const evolved = await evolutionSearch(problem, budget, { maxQueries: evolutionQueries, seed: 9000 + i });
      const best = measured.archs[m];
      const [truthE] = await oracle.truth.accuracy([evolved.arch]);
      rows.push({ seed, budget, truthGap: truthE - measured.accuracies[m], modelGap: model.predict(evolved.arch, budget) - model.predict(best, budget),
        modelErrorE: model.predict(evolved.arch, budget) - truthE, modelErrorM: model.predict(best, budget) - measured.accuracies[m],
        genesApart: genesApart(layerCodeOf(evolved.arch), layerCodeOf(best)), evolvedMeasured: measured.keys.has(archKey(evolved.arch)) ? 1 : 0,
        ...mlpRating(mlp, evolved.arch, truthE, best, measured.accuracies[m]) });
    }
  }
  console.log(`| seed | budget | E − M, oracle | E − M, accuracy model | model − oracle on E | model − oracle on M | genes apart |${withMlp ? ' E − M, MLP | MLP − oracle on E |' : ''}`);
  console.log(`|---|---|---|---|---|---|---|${withMlp ? '---|---|' : ''}`);
  for (const r of rows) {
    const mlpCells = withMlp ? ` ${r.mlpGap.toFixed(2)} | ${r.mlpErrorE.toFixed(2)} |` : '';
    console.log(`| ${r.seed} | ${r.budget} | ${r.truthGap.toFixed(2)} | ${r.modelGap.toFixed(2)} | ${r.modelErrorE.toFixed(2)} | ${r.modelErrorM.toFixed(2)} | ${r.genesApart} |${mlpCells}`);
  }
  const better = rows.filter((r) => r.truthGap >= 0.1);
  const underrated = better.filter((r) => r.modelGap <= 0).length;
  const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  const summary = { budgets: rows.length, evolvedBetterBy01: better.length, ofThoseRatedLowerByTheModel: underrated,
    ofThoseRatedHigher: better.length - underrated, meanModelErrorOnE: mean(better.map((r) => r.modelErrorE)),
    meanModelErrorOnM: mean(better.map((r) => r.modelErrorM)), meanGenesApart: mean(better.map((r) => r.genesApart)),
    meanGap: mean(rows.map((r) => -r.truthGap)),
    ...(withMlp ? { ofThoseRatedHigherByMlp: better.filter((r) => r.mlpGap > 0).length, meanMlpErrorOnE: mean(better.map((r) => r.mlpErrorE)),
      meanMlpErrorOnM: mean(better.map((r) => r.mlpErrorM)) } : {}) };
  console.log(JSON.stringify(summary));
  const out = resolve(__dirname, 'results', `frontierGapDiagnosis.${name}.${total}${neighbourShare > 0 ? '.neighbours' : ''}.json`);
  writeFileSync(out, `${JSON.stringify({ command: `npx tsx bench/frontierGapDiagnosis.ts ${process.argv.slice(2).join(' ')}`.trim(), oracle: name, total, offset,
    evolutionQueries, neighbourShare, summary, rows }, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

void main();
