// Probe (issue 14): the Thompson rounds alone (no R, no f(B)). Accuracy is modelled as a sum of per-layer terms
// (slotLinearModel.ts); the cost models are sums of per-layer costs (additiveCost.ts), so each posterior draw's
// best network within a random budget is found exactly by a knapsack (knapsackArch.ts), and a batch of such
// draws is measured (thompsonProposals.ts). The loop: the coverage design, then batches until the evaluations are
// spent; prints the gap of the best measured network within each query budget to the best known, and of the
// model's own optimum there (scored outside the count). Runs in seconds, so settings can be tried on many seeds.
//   npx tsx bench/additiveKnapsack.ts [--oracle madds] [--seeds 12,13,14,15] [--offset 0.25] [--total 1000]
//     [--share 0.2] [--batch 8] [--scale 0.25] [--tail 0 --tail-scale 0] [--pair [--pair-min-gain 0.1]]
//     [--local-fit [--local-min-gain 0.1]] [--first-check 150] [--neighbour-share 0.375]
//     [--neighbours-begin-by 600]  (1e9: the tail is the share alone, as before session 20)
//     [--long-tail-budget-power 1]  (0: a tail longer than its share draws its budgets log-uniformly, as before session 21)
//     [--batches] [--time-cost-share 0.7] [--time-noise 0.25]  (whole batches as before session 18; the simulated clock)
// Appends its result to bench/results/additiveKnapsack.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { initBackend } from '../src/core/tf/backend';
import { additiveCostTable } from '../src/core/cost/additiveCost';
import { knapsackArch } from '../src/core/pnag/knapsackArch';
import { LOCAL_FIT_MIN_GAIN } from '../src/core/pnag/budgetLocalFit';
import { PAIR_RESIDUAL_MIN_GAIN } from '../src/core/pnag/pairResidualModel';
import { FIRST_CHECK_NETWORKS } from '../src/core/pnag/refitSchedule';
import { DEFAULT_FRONTIER_ROUNDS } from '../src/core/pnag/frontierRoundsSettings';
import { SlotLinearModel } from '../src/core/pnag/slotLinearModel';
import type { Arch } from '../src/core/space/arch';
import { makeOracle, oracleBudgets, type OracleName } from './evaluationOracles';
import { argValue, numberArg } from './benchFlags';
import { runThompsonProbe } from './thompsonProbe';
import { DEFAULT_EVALUATION_TIMES } from './simulatedWorkers';

const meanOf = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

async function main(): Promise<void> {
  await initBackend('wasm');
  const name = (argValue('--oracle') ?? 'madds') as OracleName;
  const seeds = (argValue('--seeds') ?? '12,13,14,15').split(',').map(Number);
  const offset = numberArg('--offset') ?? 0.25;
  const total = numberArg('--total') ?? 1000;
  const share = numberArg('--share') ?? 0.2;
  const batchSize = numberArg('--batch') ?? 8;
  const scale = numberArg('--scale') ?? 0.25;
  // Probe: the last `tail` evaluations drawn at this scale instead (0 = the posterior mean at random budgets).
  const tail = numberArg('--tail') ?? 0;
  const tailScale = numberArg('--tail-scale') ?? 0;
  // The pair model on what the per-layer sum leaves, refitted as in the engine (pairResidualModel.ts).
  const pair = process.argv.includes('--pair');
  const pairMinGain = numberArg('--pair-min-gain') ?? PAIR_RESIDUAL_MIN_GAIN;
  // Picks drawn from fits around their budgets where held-out networks say so, as in the engine (budgetLocalFit.ts).
  const local = process.argv.includes('--local-fit');
  const localMinGain = numberArg('--local-min-gain') ?? LOCAL_FIT_MIN_GAIN;
  // Networks measured before either is first checked (refitSchedule.ts).
  const firstCheck = numberArg('--first-check') ?? FIRST_CHECK_NETWORKS;
  // The last share of the rounds' picks also weigh neighbours of the incumbent, as in the engine (incumbentNeighbours.ts).
  const neighbourShare = numberArg('--neighbour-share') ?? DEFAULT_FRONTIER_ROUNDS.thompsonNeighbourShare;
  const neighboursBeginBy = numberArg('--neighbours-begin-by') ?? DEFAULT_FRONTIER_ROUNDS.thompsonNeighboursBeginBy;
  const longTailBudgetPower = numberArg('--long-tail-budget-power') ?? DEFAULT_FRONTIER_ROUNDS.thompsonLongTailBudgetPower;
  // Whole batches instead of a pool refilled as each answer comes (the engine before session 18), and the simulated clock.
  const batches = process.argv.includes('--batches');
  const times = { costShare: numberArg('--time-cost-share') ?? DEFAULT_EVALUATION_TIMES.costShare, noise: numberArg('--time-noise') ?? DEFAULT_EVALUATION_TIMES.noise };
  const oracle = await makeOracle(name);
  const budgets = oracleBudgets(oracle, offset);
  const known = JSON.parse(readFileSync(resolve(__dirname, 'results', `bestKnown.${name}.${offset}.json`), 'utf8')).answers as { accuracy: number }[];
  let running = -Infinity;
  const knownAcc = known.map((k) => (running = Math.max(running, k.accuracy)));
  const space = { width: oracle.width, resolution: 224 };
  const table = additiveCostTable(oracle.cost, space);
  if (!table) throw new Error(`${oracle.cost.name} is not a sum of per-layer costs`);
  const runs: { seed: number; wall: number; busy: number; gapPerBudget: number[]; meanGap: number; modelOptimumGap: number }[] = [];
  for (const seed of seeds) {
    const { measured, refits, localFits, workers } = await runThompsonProbe(oracle, table, seed, { total, reserve: budgets.length, share, batchSize, scale,
      tail, tailScale, ...(pair ? { pair: { minGain: pairMinGain } } : {}), ...(local ? { local: { minGain: localMinGain } } : {}), firstCheck, neighbourShare,
      neighboursBeginBy, longTailBudgetPower, batches, times });
    const gaps = budgets.map((b, i) => {
      const [best] = measured.bestWithin(b, 1);
      return (best === undefined ? Number.NaN : measured.accuracies[best]) - knownAcc[i];
    });
    const model = SlotLinearModel.fit(measured.samples());
    const optima = budgets.map((b) => knapsackArch(table, model.meanValues(), b, oracle.range) as Arch);
    const truths = await oracle.truth.accuracy(optima);
    const run = { seed, wall: workers.wall, busy: workers.busy, gapPerBudget: gaps, meanGap: meanOf(gaps),
      modelOptimumGap: meanOf(truths.map((t, i) => t - knownAcc[i])) };
    runs.push(run);
    console.log(`${name} seed ${seed}: per budget ${gaps.map((g) => g.toFixed(2)).join(' ')} mean ${run.meanGap.toFixed(3)} ` +
      `(model optimum ${run.modelOptimumGap.toFixed(3)}, measured ${measured.archs.length}, wall ${workers.wall.toFixed(1)}, busy ${workers.busy.toFixed(3)})` +
      `${pair ? ` pair ${JSON.stringify(refits.summary())}` : ''}` +
      `${localFits ? ` local ${localFits.history.map((h) => `${h.networks}:${h.globalRmse.toFixed(3)}/${h.localRmse.toFixed(3)}`).join(' ')}` : ''}`);
  }
  const summary = { meanGap: meanOf(runs.map((r) => r.meanGap)), modelOptimumGap: meanOf(runs.map((r) => r.modelOptimumGap)),
    wall: meanOf(runs.map((r) => r.wall)), busy: meanOf(runs.map((r) => r.busy)) };
  console.log(`${name} ${total} share ${share} ${batches ? 'batches' : 'pool'} ${batchSize} scale ${scale}: mean gap ${summary.meanGap.toFixed(3)} ` +
    `model optimum ${summary.modelOptimumGap.toFixed(3)} wall ${summary.wall.toFixed(1)} busy ${summary.busy.toFixed(3)}`);
  const file = resolve(__dirname, 'results', 'additiveKnapsack.json');
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { runs: unknown[] }).runs : [];
  saved.push({ command: `npx tsx bench/additiveKnapsack.ts ${process.argv.slice(2).join(' ')}`.trim(), oracle: name, offset, total, share,
    batch: batchSize, ...(batches ? { batches: true } : {}), times, scale, ...(pair ? { pair: true, pairMinGain } : {}),
    ...(local ? { localFit: true, localMinGain } : {}),
    ...(pair || local ? { firstCheck } : {}), neighbourShare,
    neighboursBeginBy, longTailBudgetPower, ...summary, runs });
  writeFileSync(file, JSON.stringify({ runs: saved }, null, 2) + '\n');
}
void main();
