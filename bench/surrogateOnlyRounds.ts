// What limits the evaluation-budget rounds (issue 14)? A stand-alone loop of the engine's coverage design and
// rounds on the expected-improvement regressor alone (no R, no f(B)): at each round budget, candidates are
// evolved on the regressor (generations of 100 mutants and crossovers of the best by the acquisition) and the
// best by the acquisition are measured. If this ends where the engine does, the choice among candidates is not
// the limit. With --final, the regressor refitted on everything measured is searched for its own optimum at
// each query budget and the oracle's top-1 of it is printed beside the prediction.
//   npx tsx bench/surrogateOnlyRounds.ts [--oracle madds] [--seed 21] [--offset 0.25] [--total 1000]
//     [--acq ei|mean|ucb|lcb] [--gens 8] [--mprob 0.1] [--rounds 8] [--per-round 10] [--share 0.4] [--final 1]
//     [--features rich|ofa|onehot] [--hidden 128x128]
// Appends its result to bench/results/surrogateOnlyRounds.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { initBackend } from '../src/core/tf/backend';
import { coverageDesign } from '../src/core/pnag/coverageDesign';
import { FrontierSurrogate, DEFAULT_SURROGATE, expectedImprovement } from '../src/core/pnag/frontierSurrogate';
import { MeasuredSet } from '../src/core/pnag/measuredSet';
import { roundBudgets } from '../src/core/pnag/budgets';
import { type Arch, archKey } from '../src/core/space/arch';
import { crossover, fromGenome, mutate, toGenome, type Genome } from '../src/core/search/genome';
import { Random } from '../src/core/util/random';
import type { FeatureSet } from '../src/core/predict/mlpFeatures';
import { makeOracle, oracleBudgets, type OracleName } from './evaluationOracles';
import { argValue, numberArg } from './benchFlags';

async function main(): Promise<void> {
  await initBackend('wasm');
  const name = (argValue('--oracle') ?? 'madds') as OracleName;
  const seed = numberArg('--seed') ?? 21;
  const offset = numberArg('--offset') ?? 0.25;
  const total = numberArg('--total') ?? 1000;
  const acq = argValue('--acq') ?? 'ei';
  const gens = numberArg('--gens') ?? 8;
  const mprob = numberArg('--mprob') ?? 0.1;
  const rounds = numberArg('--rounds') ?? 8;
  const perRound = numberArg('--per-round') ?? 10;
  const share = numberArg('--share') ?? 0.4;
  const surrogateSettings = { ...DEFAULT_SURROGATE, features: (argValue('--features') ?? DEFAULT_SURROGATE.features) as FeatureSet,
    hidden: (argValue('--hidden') ?? DEFAULT_SURROGATE.hidden.join('x')).split('x').map(Number) };
  const oracle = await makeOracle(name);
  const budgets = oracleBudgets(oracle, offset);
  const known = JSON.parse(readFileSync(resolve(__dirname, 'results', `bestKnown.${name}.${offset}.json`), 'utf8')).answers as { accuracy: number }[];
  let kb = -Infinity;
  const knownAcc = known.map((k) => (kb = Math.max(kb, k.accuracy)));
  const rng = new Random(seed);
  const space = { width: oracle.width, resolution: 224 };
  const reserve = 10;
  const initial = Math.round((total - reserve) * share);
  const design = coverageDesign(oracle.cost, oracle.range[0] * 0.85, oracle.range[1], initial, rng, space);
  const accs = await oracle.truth.accuracy(design);
  const measured = new MeasuredSet({ archs: design, accuracies: accs, costs: design.map((a) => oracle.cost.costOf(a)) });
  const frontier = total - reserve - initial;
  let asked = 0;
  const t0 = Date.now();
  /**
   * Candidates within `budget` evolved on the regressor from the genomes in `starts`: `generations` of 100
   * children (half mutants, half uniform crossovers of the 25 best by `score`), every child redrawn until it
   * fits. Returns the pool, best first.
   */
  const evolveOnRegressor = (budget: number, starts: Genome[], score: (archs: Arch[]) => number[], generations: number, mutateProb: number) => {
    const pool = new Map<string, { arch: Arch; g: Genome; score: number }>();
    const add = (genomes: Genome[]): void => {
      const fresh: { arch: Arch; g: Genome }[] = [];
      for (const g of genomes) {
        const arch = fromGenome(g);
        const key = archKey(arch);
        if (pool.has(key) || oracle.cost.costOf(arch) > budget) continue;
        fresh.push({ arch, g });
        pool.set(key, { arch, g, score: -Infinity });
      }
      if (fresh.length === 0) return;
      const s = score(fresh.map((f) => f.arch));
      fresh.forEach((f, i) => ((pool.get(archKey(f.arch)) as { score: number }).score = s[i]));
    };
    add(starts);
    for (let generation = 0; generation < generations; generation++) {
      const parents = [...pool.values()].sort((a, b) => b.score - a.score).slice(0, 25);
      if (parents.length === 0) break;
      const kids: Genome[] = [];
      for (let c = 0; c < 100; c++) {
        for (let t = 0; t < 30; t++) {
          const kid = c % 2 === 0 ? mutate(rng.pick(parents).g, rng, mutateProb, [224], 0) : crossover(rng.pick(parents).g, rng.pick(parents).g, rng);
          if (oracle.cost.costOf(fromGenome(kid)) <= budget) {
            kids.push(kid);
            break;
          }
        }
      }
      add(kids);
    }
    return [...pool.entries()].sort((a, b) => b[1].score - a[1].score);
  };
  /** Best measured within each query budget minus the best known there. */
  const gapsNow = (): number[] => budgets.map((b, i) => {
    const w = measured.bestWithin(b, 1);
    return (w.length ? measured.accuracies[w[0]] : NaN) - knownAcc[i];
  });
  const meanOf = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

  for (let round = 0; round < rounds; round++) {
    const surrogate = await FrontierSurrogate.fit(measured.samples(), surrogateSettings, rng.int(1 << 30));
    const points = roundBudgets(oracle.range[0], oracle.range[1], perRound, round, rounds);
    const quota = Math.floor((frontier - asked) / (rounds - round));
    let chosen = 0;
    const taken = new Set<string>();
    for (let j = 0; j < points.length; j++) {
      const budget = points[j];
      const n = Math.floor((quota - chosen) / (points.length - j));
      if (n <= 0) continue;
      const best = measured.bestWithin(budget, 16);
      const incumbent = best.length > 0 ? measured.accuracies[best[0]] : 0;
      const score = (archs: Arch[]): number[] => {
        const { mean, spread } = surrogate.belief(archs);
        return archs.map((_, i) => (acq === 'mean' ? mean[i] : acq === 'ucb' ? mean[i] + 2 * spread[i] : acq === 'lcb' ? mean[i] - spread[i]
          : expectedImprovement(mean[i], spread[i], incumbent)));
      };
      const pool = evolveOnRegressor(budget, best.map((i) => toGenome(measured.archs[i], rng)), score, gens, mprob);
      const ranked = pool.filter(([k]) => !measured.keys.has(k) && !taken.has(k)).slice(0, n);
      const ask = ranked.map(([k, v]) => (taken.add(k), v.arch));
      if (ask.length === 0) continue;
      const ans = await oracle.truth.accuracy(ask);
      measured.add(ask, ans, ask.map((a) => oracle.cost.costOf(a)));
      asked += ask.length;
      chosen += ask.length;
    }
    surrogate.dispose();
    console.log(`round ${round} asked ${asked} gap ${meanOf(gapsNow()).toFixed(3)} t ${((Date.now() - t0) / 1000).toFixed(0)}s`);
  }
  const gaps = gapsNow();
  let finalGap: number | undefined;
  if (argValue('--final')) {
    const regressor = await FrontierSurrogate.fit(measured.samples(), surrogateSettings, 99);
    const fin: number[] = [];
    for (let i = 0; i < budgets.length; i++) {
      const starts = measured.bestWithin(budgets[i], 16).map((j) => toGenome(measured.archs[j], rng));
      const [, top] = evolveOnRegressor(budgets[i], starts, (archs) => regressor.belief(archs).mean, 30, 0.1)[0];
      const [truth] = await oracle.truth.accuracy([top.arch]);
      fin.push(truth - knownAcc[i]);
      console.log(`  regressor optimum at ${budgets[i]}: predicted ${top.score.toFixed(2)} truth ${truth.toFixed(2)} known ${knownAcc[i].toFixed(2)} ` +
        `measured-best gap ${gaps[i].toFixed(2)} measured? ${measured.keys.has(archKey(top.arch))}`);
    }
    regressor.dispose();
    finalGap = meanOf(fin);
    console.log(`final surrogate-opt gap ${finalGap.toFixed(3)}`);
  }
  const meanGap = meanOf(gaps);
  console.log(`${name} seed ${seed} acq ${acq} gens ${gens}: per budget ${gaps.map((g) => g.toFixed(2)).join(' ')} mean ${meanGap.toFixed(3)}`);
  const file = resolve(__dirname, 'results', 'surrogateOnlyRounds.json');
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { runs: unknown[] }).runs : [];
  saved.push({ command: `npx tsx bench/surrogateOnlyRounds.ts ${process.argv.slice(2).join(' ')}`.trim(), oracle: name, seed, offset, total, acquisition: acq,
    generations: gens, coverageShare: share, features: surrogateSettings.features, hidden: surrogateSettings.hidden,
    gapPerBudget: gaps, meanGapToBestKnown: meanGap,
    ...(finalGap !== undefined ? { regressorOptimumGap: finalGap } : {}) });
  writeFileSync(file, JSON.stringify({ runs: saved }, null, 2) + '\n');
}
void main();
