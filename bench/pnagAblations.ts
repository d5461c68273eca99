// The paper's ablations (Guo et al. 2023, section 5) on the note10 task (issue 4, section 7), at the 10 query
// budgets between the training budgets, accuracy from OFA's predictor:
//  1. K in {2, 5, 10, 30} training budgets over 25..60 ms (best-of-64 ranked by R, R-guided refinement, no
//     source queries at generation);
//  2. the generator's reward: Pareto-dominance evaluator R against the MnasNet reward acc*(c/B)^-0.07 (the
//     latter computed from the predictor itself, i.e. with unlimited accuracy queries), same joint generator;
//  3. one joint generator over the K = 10 budgets against 10 independent generators, one per query budget
//     (each trained against R at its budget with the joint run's per-budget sample count).
// Generators are compared by their greedy architecture and by 64 samples (budget satisfaction, mean top-1).
//   npx tsx bench/pnagAblations.ts [--quick]
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { initBackend } from '../src/core/tf/backend';
import { trainPnag } from '../src/core/pnag/trainPipeline';
import { generateForBudget } from '../src/core/pnag/generate';
import type { PnagModel } from '../src/core/pnag/model';
import { LstmPolicy } from '../src/core/pnag/generator';
import { DEFAULT_REINFORCE, trainPolicy } from '../src/core/pnag/reinforce';
import { budgetOneHot, budgetPosition } from '../src/core/pnag/budgets';
import { archFeatures } from '../src/core/pnag/samples';
import { mnasnetReward } from '../src/core/search/rewards';
import { hypervolume2d } from '../src/core/pareto/hypervolume';
import { Random } from '../src/core/util/random';
import { type Archive, type Task, load1, loadPredictor, makeArchive, makeTask } from './pnagTasks';
import { PNAG_BENCH_TRAINING } from './pnagSettings';
import type { OfaPredictor } from '../src/core/predict/ofaPredictor';

const quick = process.argv.includes('--quick');

interface PolicyQuality {
  readonly budget: number;
  readonly greedyAccuracy: number;
  readonly greedyCost: number;
  readonly greedyFits: boolean;
  /** Share of 64 samples within the budget. */
  readonly sampleSatisfaction: number;
  readonly sampleMeanAccuracy: number;
}

function mean(v: readonly number[]): number {
  return v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
}

async function policyQuality(
  policy: LstmPolicy, weightsFor: (budget: number) => Float32Array, budgets: readonly number[],
  task: Task, predictor: OfaPredictor,
): Promise<PolicyQuality[]> {
  const out: PolicyQuality[] = [];
  for (const budget of budgets) {
    const w = weightsFor(budget);
    const [greedy] = policy.sample(w, 1, 'greedy').archs;
    const samples = policy.sample(w, 64, new Random(Math.round(budget * 100))).archs;
    const accs = await predictor.accuracy([greedy, ...samples]);
    const costs = [greedy, ...samples].map((a) => task.cost.costOf(a));
    out.push({
      budget,
      greedyAccuracy: accs[0],
      greedyCost: costs[0],
      greedyFits: costs[0] <= budget,
      sampleSatisfaction: costs.slice(1).filter((c) => c <= budget).length / samples.length,
      sampleMeanAccuracy: mean(accs.slice(1)),
    });
  }
  return out;
}

function summary(rows: readonly PolicyQuality[]): object {
  return {
    greedySatisfied: rows.filter((r) => r.greedyFits).length / rows.length,
    greedyMeanAccuracy: mean(rows.map((r) => r.greedyAccuracy)),
    sampleSatisfaction: mean(rows.map((r) => r.sampleSatisfaction)),
    sampleMeanAccuracy: mean(rows.map((r) => r.sampleMeanAccuracy)),
  };
}

async function main(): Promise<void> {
  const backend = await initBackend('wasm');
  const task = makeTask('note10');
  const predictor = loadPredictor();
  const archive: Archive = await makeArchive(task, predictor, quick ? 4000 : 16000);
  const budgets = task.queryBudgets;
  const base = { seed: 1, accuracySource: predictor.name, costModel: task.cost, backend: 'wasm' as const };
  const generator = { ...PNAG_BENCH_TRAINING.generator, ...(quick ? { steps: 60 } : {}) };
  const evaluator = { ...PNAG_BENCH_TRAINING.evaluator, ...(quick ? { epochs: 2 } : {}) };

  // 1. K.
  const kRows = [];
  let model10: PnagModel | undefined;
  for (const k of quick ? [2, 10] : [2, 5, 10, 30]) {
    const t0 = performance.now();
    const { model } = await trainPnag(archive, { ...base, budgets: { range: task.range, k }, evaluator, generator });
    const seconds = (performance.now() - t0) / 1000;
    const picks = [];
    for (const budget of budgets) {
      const g = await generateForBudget(model, budget, { bestOf: 64, costModel: task.cost, accuracySource: predictor });
      picks.push({ budget, accuracy: g.top1 as number, cost: g.cost as number, fits: g.fits === true, repaired: g.repaired });
    }
    const quality = await policyQuality(model.policy, (b) => budgetPosition(b, model.budgets).weights, budgets, task, predictor);
    const row = {
      k,
      seconds,
      load1m: load1(),
      evaluatorMeanTau: model.info.report?.evaluator.meanTau,
      picks,
      meanAccuracy: mean(picks.map((p) => p.accuracy)),
      satisfied: picks.filter((p) => p.fits).length / picks.length,
      repaired: picks.filter((p) => p.repaired).length,
      hypervolume: hypervolume2d(picks.filter((p) => p.fits), task.reference),
      generator: summary(quality),
    };
    console.log(`K=${k}: ${seconds.toFixed(0)} s, tau ${row.evaluatorMeanTau?.toFixed(3)}, mean top-1 ${row.meanAccuracy.toFixed(2)}, satisfied ${row.satisfied * 100} %, repaired ${row.repaired}, HV ${row.hypervolume.toFixed(2)}, generator ${JSON.stringify(row.generator)}`);
    kRows.push(row);
    if (k === 10) model10 = model;
    else model.dispose();
  }
  const model = model10 as PnagModel;
  const k = model.budgets.length;
  const conditions = model.budgets.map((_, b) => budgetOneHot(b, k));
  const weightsFor = (b: number): Float32Array => budgetPosition(b, model.budgets).weights;
  const reinforce = { ...DEFAULT_REINFORCE, ...generator };

  // 2. Reward: R (already trained, model.policy) against MnasNet's reward from the predictor.
  const paretoQuality = await policyQuality(model.policy, weightsFor, budgets, task, predictor);
  const mnasPolicy = new LstmPolicy(k, model.policy.hidden, new Random(11));
  const t1 = performance.now();
  await trainPolicy(
    mnasPolicy,
    conditions,
    async (sample, groups) => {
      const accs = await predictor.accuracy(sample.archs);
      return Float32Array.from(sample.archs, (a, i) => mnasnetReward(accs[i], task.cost.costOf(a), model.budgets[groups[i]]));
    },
    reinforce,
    new Random(12),
  );
  const mnasSeconds = (performance.now() - t1) / 1000;
  const mnasQuality = await policyQuality(mnasPolicy, weightsFor, budgets, task, predictor);
  mnasPolicy.dispose();
  const rewardAblation = {
    pareto: { rows: paretoQuality, ...summary(paretoQuality) },
    mnasnet: { rows: mnasQuality, seconds: mnasSeconds, ...summary(mnasQuality) },
  };
  console.log(`reward: Pareto ${JSON.stringify(summary(paretoQuality))}; MnasNet ${JSON.stringify(summary(mnasQuality))}`);

  // 3. Joint against independent per-budget generators, each with the joint run's samples per budget.
  const independent: PolicyQuality[] = [];
  const t2 = performance.now();
  for (const budget of budgets) {
    const policy = new LstmPolicy(1, model.policy.hidden, new Random(Math.round(budget * 10)));
    const w = weightsFor(budget);
    await trainPolicy(policy, [new Float32Array([1])], (sample) => model.evaluator.scoreFeatures(archFeatures(sample.archs), w), reinforce, new Random(13));
    independent.push(...(await policyQuality(policy, () => new Float32Array([1]), [budget], task, predictor)));
    policy.dispose();
  }
  const independentSeconds = (performance.now() - t2) / 1000;
  const jointSeconds = model.info.report?.generator.seconds ?? NaN;
  const jointAblation = {
    joint: { seconds: jointSeconds, rows: paretoQuality, ...summary(paretoQuality) },
    independent: { seconds: independentSeconds, rows: independent, ...summary(independent) },
  };
  console.log(`joint (${jointSeconds.toFixed(0)} s) ${JSON.stringify(summary(paretoQuality))}; independent (${independentSeconds.toFixed(0)} s) ${JSON.stringify(summary(independent))}`);
  model.dispose();

  const result = {
    command: `npx tsx bench/pnagAblations.ts ${process.argv.slice(2).join(' ')}`.trim(),
    backend,
    quick,
    task: 'note10',
    archive: archive.archs.length,
    queryBudgets: budgets,
    settings: { evaluator, generator },
    k: kRows,
    reward: rewardAblation,
    jointVsIndependent: jointAblation,
    loadAverage1mAtEnd: load1(),
  };
  mkdirSync(resolve(__dirname, 'results'), { recursive: true });
  const file = quick ? 'pnagAblations.quick.json' : 'pnagAblations.json';
  writeFileSync(resolve(__dirname, 'results', file), JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote bench/results/${file}`);
}

void main();
