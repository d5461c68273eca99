// Diagnosis (issue 14): which model ranks an incumbent's neighbours best? The engine's Thompson rounds alone are run
// (bench/thompsonProbe.ts, default settings); at each query budget every one- or two-gene neighbour of the best
// measured network that fits the budget is asked of the source (free, outside the count), and each ranker's top k
// are compared with the truth: how often they hold a better network, and the best gain among them.
// Rankers: the accuracy model the rounds end with (what generation rates by), the tail's rating (the per-layer model
// plus the pair model plus the correction around the incumbent, at their means), an MLP ensemble of OFA's predictor's
// own kind (bench/mlpRegressor.ts), the mean of the last two, a per-layer model fitted around the incumbent alone
// (width 3 genes), and chance (a random order).
//   npx tsx bench/neighbourRankers.ts [--oracle madds] [--total 2000] [--seeds 12,13] [--offset 0.25]
// Writes bench/results/neighbourRankers.<oracle>.<total>.<offset>.<first seed>-<last seed>.json.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { additiveCostTable } from '../src/core/cost/additiveCost';
import { AccuracyModel } from '../src/core/pnag/accuracyModel';
import { neighboursWithin } from '../src/core/pnag/geneNeighbours';
import { correctionAroundIncumbent } from '../src/core/pnag/incumbentNeighbours';
import { genesApart, layerCodeOf, pairCheckAtSize } from '../src/core/pnag/pairResidualModel';
import { SlotLinearModel } from '../src/core/pnag/slotLinearModel';
import { type Arch, archKey } from '../src/core/space/arch';
import { initBackend } from '../src/core/tf/backend';
import { Random } from '../src/core/util/random';
import { diagnosisFlags } from './benchFlags';
import { makeOracle, oracleBudgets, type OracleName } from './evaluationOracles';
import { fitMlpEnsemble } from './mlpRegressor';
import { engineProbeSettings, runThompsonProbe } from './thompsonProbe';

const meanOf = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const TOPS = [1, 4, 8, 16] as const;

type Ranker = (archs: readonly Arch[], budget: number, incumbent: Arch) => number[];

async function main(): Promise<void> {
  await initBackend('wasm');
  const { oracleName, total, seeds, offset } = diagnosisFlags(2000);
  const name = oracleName as OracleName;
  const oracle = await makeOracle(name);
  const budgets = oracleBudgets(oracle, offset);
  const table = additiveCostTable(oracle.cost, { width: oracle.width, resolution: 224 });
  if (!table) throw new Error(`${oracle.cost.name} is not a sum of per-layer costs`);
  const results: Record<string, { hit: number[][]; gain: number[][] }> = {};
  for (const seed of seeds) {
    const { measured } = await runThompsonProbe(oracle, table, seed, engineProbeSettings(total, budgets.length));
    const data = measured.samples();
    const accuracyModel = AccuracyModel.fit(data, oracle.range);
    const slot = SlotLinearModel.fit(data);
    const pair = pairCheckAtSize(data).model;
    const mlp = fitMlpEnsemble(measured.archs, measured.accuracies, seed);
    const codes = measured.layerCodes();
    const rankers: Record<string, Ranker> = {
      accuracyModel: (archs, budget) => accuracyModel.rate(archs, budget),
      tail: (archs, _b, inc) => {
        const c = correctionAroundIncumbent(measured, slot, inc);
        return archs.map((a) => slot.predict(a) + c.predict(a) + (pair ? pair.predict(a) : 0));
      },
      mlp: (archs) => mlp(archs),
      local3: (archs, _b, inc) => {
        const code = layerCodeOf(inc);
        const w = codes.map((c) => Math.exp(-0.5 * (genesApart(c, code) / 3) ** 2));
        const m = SlotLinearModel.fit(data, 1, w);
        return archs.map((a) => m.predict(a));
      },
    };
    const chance = new Random(seed);
    rankers.chance = (archs) => archs.map(() => chance.next());
    rankers.mlpPlusTail = (archs, b, inc) => {
      const x = rankers.mlp(archs, b, inc);
      const y = rankers.tail(archs, b, inc);
      return x.map((v, i) => (v + y[i]) / 2);
    };
    for (const budget of budgets) {
      const [m] = measured.bestWithin(budget, 1);
      const inc = measured.archs[m];
      const incAcc = measured.accuracies[m];
      const fresh = neighboursWithin(inc, budget, oracle.cost).map((n) => n.arch).filter((a) => !measured.keys.has(archKey(a)));
      const truth = await oracle.truth.accuracy(fresh);
      for (const [rname, rank] of Object.entries(rankers)) {
        const r = rank(fresh, budget, inc);
        const order = r.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v).map((o) => o.i);
        const entry = (results[rname] ??= { hit: TOPS.map(() => []), gain: TOPS.map(() => []) });
        TOPS.forEach((k, t) => {
          const best = Math.max(...order.slice(0, k).map((i) => truth[i])) - incAcc;
          entry.hit[t].push(best > 0 ? 1 : 0);
          entry.gain[t].push(Math.max(0, best));
        });
      }
    }
    console.log(`seed ${seed} done`);
    for (const [rname, e] of Object.entries(results)) {
      console.log(`  ${rname.padEnd(14)} ${TOPS.map((k, t) => `top${k} hit ${meanOf(e.hit[t]).toFixed(2)} gain ${meanOf(e.gain[t]).toFixed(3)}`).join(' | ')}`);
    }
  }
  const summary = Object.fromEntries(Object.entries(results).map(([r, e]) => [r, Object.fromEntries(TOPS.map((k, t) => [`top${k}`,
    { hit: meanOf(e.hit[t]), gain: meanOf(e.gain[t]) }]))]));
  writeFileSync(resolve(__dirname, 'results', `neighbourRankers.${name}.${total}.${offset}.${seeds[0]}-${seeds[seeds.length - 1]}.json`), JSON.stringify({
    command: `npx tsx bench/neighbourRankers.ts ${process.argv.slice(2).join(' ')}`.trim(), seeds, summary }, null, 2) + '\n');
}

void main();
