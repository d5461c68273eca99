// Diagnosis (issue 14): how much could any tail of small steps from the incumbent still gain? The engine's
// Thompson rounds alone (bench/thompsonProbe.ts, default settings) are run; then, at each query budget, the best
// measured network within it is climbed on the source itself, for free and outside the count, by steepest ascent
// over every network one or two genes away that fits the budget (geneNeighbours.ts) until none is better: a 2-gene
// local optimum. Printed per seed: the gap to the best known of the measured answer, of its best neighbour (one
// perfect step), and of the local optimum (every step perfect, unlimited evaluations). If the last is still short of
// a target, no tail of one- or two-gene steps reaches it, however its candidates are rated. Also per budget: how many
// neighbours of the incumbent are better, and whether the 8 the rounds' accuracy model rates highest hold one.
//   npx tsx bench/localOptimumCeiling.ts [--oracle madds] [--total 2000] [--seeds 12,13] [--offset 0.25] [--max-steps 30]
// Writes bench/results/localOptimumCeiling.<oracle>.<total>.<offset>.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { additiveCostTable } from '../src/core/cost/additiveCost';
import { AccuracyModel } from '../src/core/pnag/accuracyModel';
import { neighboursWithin } from '../src/core/pnag/geneNeighbours';
import { genesApart, layerCodeOf } from '../src/core/pnag/pairResidualModel';
import { type Arch, archKey } from '../src/core/space/arch';
import { initBackend } from '../src/core/tf/backend';
import { diagnosisFlags, numberArg } from './benchFlags';
import { type Oracle, type OracleName, makeOracle, oracleBudgets } from './evaluationOracles';
import { engineProbeSettings, runThompsonProbe } from './thompsonProbe';

const meanOf = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

interface Climb {
  readonly firstStep: number;
  /** Of the start's neighbours within the budget: how many are more accurate, and the best gain among the 8 the accuracy model rates highest. */
  readonly neighbours: number;
  readonly better: number;
  readonly modelTop8: number;
  readonly optimum: number;
  readonly steps: number;
  readonly queries: number;
  readonly genesMoved: number;
}

/** Steepest ascent on the source from `start` over one- and two-gene neighbours within `budget`. */
async function climb(oracle: Oracle, start: Arch, startAccuracy: number, budget: number, maxSteps: number, model: AccuracyModel): Promise<Climb> {
  let current = start;
  let neighbours = 0;
  let better = 0;
  let modelTop8 = 0;
  let accuracy = startAccuracy;
  let firstStep = startAccuracy;
  let queries = 0;
  let steps = 0;
  const seen = new Set<string>([archKey(start)]);
  for (; steps < maxSteps; steps++) {
    const fresh = neighboursWithin(current, budget, oracle.cost).filter((n) => !seen.has(archKey(n.arch)));
    if (fresh.length === 0) break;
    fresh.forEach((n) => seen.add(archKey(n.arch)));
    const accuracies = await oracle.truth.accuracy(fresh.map((n) => n.arch));
    queries += fresh.length;
    let best = -1;
    accuracies.forEach((a, i) => {
      if (a > accuracy && (best < 0 || a > accuracies[best])) best = i;
    });
    if (steps === 0) {
      firstStep = Math.max(startAccuracy, ...accuracies);
      neighbours = fresh.length;
      better = accuracies.filter((a) => a > startAccuracy).length;
      const rated = model.rate(fresh.map((n) => n.arch), budget);
      const top = rated.map((r, i) => ({ r, i })).sort((a, b) => b.r - a.r).slice(0, 8);
      modelTop8 = Math.max(...top.map((t) => accuracies[t.i])) - startAccuracy;
    }
    if (best < 0) break;
    current = fresh[best].arch;
    accuracy = accuracies[best];
  }
  return { firstStep, neighbours, better, modelTop8, optimum: accuracy, steps, queries, genesMoved: genesApart(layerCodeOf(start), layerCodeOf(current)) };
}

async function main(): Promise<void> {
  await initBackend('wasm');
  const { oracleName, total, seeds, offset } = diagnosisFlags(2000);
  const name = oracleName as OracleName;
  const maxSteps = numberArg('--max-steps') ?? 30;
  const oracle = await makeOracle(name);
  const budgets = oracleBudgets(oracle, offset);
  const known = JSON.parse(readFileSync(resolve(__dirname, 'results', `bestKnown.${name}.${offset}.json`), 'utf8')).answers as { accuracy: number }[];
  let running = -Infinity;
  const knownAccuracy = known.map((k) => (running = Math.max(running, k.accuracy)));
  const table = additiveCostTable(oracle.cost, { width: oracle.width, resolution: 224 });
  if (!table) throw new Error(`${oracle.cost.name} is not a sum of per-layer costs`);
  const runs = [];
  for (const seed of seeds) {
    const { measured } = await runThompsonProbe(oracle, table, seed, engineProbeSettings(total, budgets.length));
    // The accuracy model the rounds end with (as generation rates by), for how well it ranks the neighbours.
    const model = AccuracyModel.fit(measured.samples(), oracle.range);
    const climbs: Climb[] = [];
    for (const budget of budgets) {
      const [m] = measured.bestWithin(budget, 1);
      climbs.push(await climb(oracle, measured.archs[m], measured.accuracies[m], budget, maxSteps, model));
    }
    // An answer at a budget is the best of everything within it, so a smaller budget's result carries up.
    const carried = (values: number[]): number[] => {
      let best = -Infinity;
      return values.map((v) => (best = Math.max(best, v)));
    };
    const measuredGap = budgets.map((b, i) => measured.accuracies[measured.bestWithin(b, 1)[0]] - knownAccuracy[i]);
    const stepGap = carried(climbs.map((c) => c.firstStep)).map((a, i) => a - knownAccuracy[i]);
    const optimumGap = carried(climbs.map((c) => c.optimum)).map((a, i) => a - knownAccuracy[i]);
    const run = { seed, measuredGap: meanOf(measuredGap), oneStepGap: meanOf(stepGap), localOptimumGap: meanOf(optimumGap),
      perBudget: { measured: measuredGap, oneStep: stepGap, localOptimum: optimumGap }, climbs };
    runs.push(run);
    console.log(`${name} ${total} seed ${seed}: measured ${run.measuredGap.toFixed(3)}, one perfect step ${run.oneStepGap.toFixed(3)}, ` +
      `2-gene local optimum ${run.localOptimumGap.toFixed(3)} (steps ${climbs.map((c) => c.steps).join(' ')}; ` +
      `better neighbours ${climbs.map((c) => `${c.better}/${c.neighbours}`).join(' ')}; model's top 8 gain ${climbs.map((c) => c.modelTop8.toFixed(2)).join(' ')}; ` +
      `queries ${climbs.reduce((s, c) => s + c.queries, 0)})`);
  }
  const summary = { measuredGap: meanOf(runs.map((r) => r.measuredGap)), oneStepGap: meanOf(runs.map((r) => r.oneStepGap)),
    localOptimumGap: meanOf(runs.map((r) => r.localOptimumGap)) };
  console.log(`| seeds | measured | one perfect step | 2-gene local optimum |\n|---|---|---|---|\n| ${seeds.join(',')} | ` +
    `${summary.measuredGap.toFixed(3)} | ${summary.oneStepGap.toFixed(3)} | ${summary.localOptimumGap.toFixed(3)} |`);
  const file = resolve(__dirname, 'results', `localOptimumCeiling.${name}.${total}.${offset}.json`);
  writeFileSync(file, JSON.stringify({ command: `npx tsx bench/localOptimumCeiling.ts ${process.argv.slice(2).join(' ')}`.trim(), oracle: name, total,
    offset, maxSteps, ...summary, runs }, null, 2) + '\n');
}
void main();
