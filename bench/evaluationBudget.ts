// When every evaluation costs GPU minutes (issue 14): PNAG given N evaluations in all (coverage design, frontier
// rounds, one per query budget at generation) against NSGA-II and random sampling given the same N, on three
// oracles, with the best known network per budget from per-budget evolution with 20,000 queries.
//   npx tsx bench/evaluationBudget.ts [--oracle note10|madds|dynast] [--evaluations 1000] [--seeds 1,2,3]
//     [--offset 0.5]  (query budgets at (i + offset)/10 of the range; 0.25 / 0.75 to choose settings)
//     [--initial-share 0.2 (Thompson) or 0.4] [--rounds 8] [--concurrency 8] [--acquisition thompson|expectedImprovement|evaluator]
//     [--thompson-scale 0.25] [--neighbour-share 0.375] [--neighbours-begin-by 600] [--long-tail-budget-power 1]
//     (the acquisition defaults to what pnag train chooses for the cost: Thompson when it is additive)
//     [--mutants 64] [--neighbour-parents 1] [--exploit-rounds 0] [--surrogate-ensemble 4] [--out NAME]
//     [--k 10] [--generator-hidden 64]  (training budgets K over the oracle's range; f(B)'s LSTM width)
//     [--distill STEPS] [--distill-epochs PASSES] [--distill-batch ROWS] [--distill-reproduce SHARE] [--distill-final-rate RATIO]  (f(B)'s distillation)
//     [--regressor-pick] [--greedy-pick]  (probes: also score generation's one evaluation spent on the regressor's
//     best proposal, or on f(B)'s greedy decoding, instead of f(B)'s pick ranked by R; --regressor-pick also scores
//     the best of all those proposals by the oracle, the ceiling of a perfect choice among them)
//     [--methods pnag,nsga2,random,evolution,rl]  (which methods run; the report pools files by oracle and total)
// Per-budget evolution and the RL baselines split the N evaluations evenly over the query budgets.
// Best-known answers are cached in bench/results/bestKnown.<oracle>.<offset>.json (evolution is seeded).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { initBackend } from '../src/core/tf/backend';
import { trainPnag } from '../src/core/pnag/trainPipeline';
import { generateForBudget } from '../src/core/pnag/generate';
import { type EvaluationPlan, evaluationAcquisition, evaluationRoundSettings, measureCoverage, planEvaluations } from '../src/core/pnag/evaluationBudget';
import { evolutionSearch } from '../src/core/search/evolution';
import { nsga2Search } from '../src/core/search/nsga2';
import { bestWithin } from '../src/core/search/frontierSearch';
import { hypervolume2d } from '../src/core/pareto/hypervolume';
import { type Arch, randomArch, withOptions } from '../src/core/space/arch';
import { runRlBaseline } from '../src/core/search/rlBaseline';
import type { ExactCostModel } from '../src/core/cost/costModel';
import { atWidthResolution, sourceAtWidthResolution } from '../src/core/pipeline/atWidthResolution';
import { Random } from '../src/core/util/random';
import type { PnagModel } from '../src/core/pnag/model';
import type { Width } from '../src/core/space/searchSpace';
import { MeasuredSet } from '../src/core/pnag/measuredSet';
import { DEFAULT_SURROGATE, FrontierSurrogate } from '../src/core/pnag/frontierSurrogate';
import { DEFAULT_FRONTIER_ROUNDS } from '../src/core/pnag/frontierRoundsSettings';
import { proposals } from '../src/core/pnag/frontierProposals';
import { samplesAsGenerated } from '../src/core/pnag/generatedSpelling';
import type { FrontierPoint } from '../src/core/pnag/frontierMemory';
import { argValue, numberArg, numberSetting } from './benchFlags';
import { load1 } from './pnagTasks';

import { CountingSource, type Oracle, type OracleName, makeOracle, oracleBudgets } from './evaluationOracles';

const BEST_KNOWN_QUERIES = 20000;
const offset = numberArg('--offset') ?? 0.5;

interface Answer {
  readonly budget: number;
  readonly accuracy: number;
  readonly cost: number;
  readonly fits: boolean;
}

interface MethodRun {
  readonly method: string;
  readonly seed: number;
  readonly evaluations: number;
  readonly answers: Answer[];
  readonly hypervolume: number;
  readonly seconds: number;
  readonly notes?: Record<string, unknown>;
}

async function bestKnown(oracle: Oracle, budgets: number[]): Promise<Answer[]> {
  const file = resolve(__dirname, 'results', `bestKnown.${oracle.name}.${offset}.json`);
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { budgets: number[]; answers: Answer[] };
    if (saved.budgets.join() === budgets.join()) return monotone(saved.answers);
  }
  const answers: Answer[] = [];
  for (let i = 0; i < budgets.length; i++) {
    const r = await evolutionSearch({ accuracy: oracle.truth, cost: oracle.cost, width: oracle.width }, budgets[i], { maxQueries: BEST_KNOWN_QUERIES,
      seed: 7000 + i });
    answers.push({ budget: budgets[i], accuracy: r.accuracy, cost: r.cost, fits: r.cost <= budgets[i] });
    console.log(`  best known at ${budgets[i]}: ${r.accuracy.toFixed(2)} (${r.cost.toFixed(2)})`);
  }
  mkdirSync(resolve(__dirname, 'results'), { recursive: true });
  writeFileSync(file, JSON.stringify({ command: `npx tsx bench/evaluationBudget.ts --oracle ${oracle.name} --offset ${offset}`, oracle: oracle.name, queriesPerBudget: BEST_KNOWN_QUERIES, budgets, answers }, null, 2) + '\n');
  return monotone(answers);
}

/** A network within a budget is within every larger one: the best known at a budget is at least the best below it. */
function monotone(answers: Answer[]): Answer[] {
  let best: Answer | undefined;
  return answers.map((a) => {
    if (!best || a.accuracy > best.accuracy) best = a;
    return best.accuracy > a.accuracy ? { ...best, budget: a.budget } : a;
  });
}

function hypervolumeOf(oracle: Oracle, answers: Answer[]): number {
  return hypervolume2d(answers.filter((a) => a.fits).map((a) => ({ cost: a.cost, accuracy: a.accuracy })), oracle.reference);
}

async function runPnag(oracle: Oracle, budgets: number[], total: number, seed: number): Promise<MethodRun[]> {
  const started = Date.now();
  const counted = new CountingSource(oracle.truth);
  // f(B) spells networks without a width (w1.2): cost and ask them at the oracle's width, as pnag train does.
  const shape = { width: oracle.width, resolution: 224 };
  const cost = atWidthResolution(oracle.cost, shape) as ExactCostModel;
  const source = sourceAtWidthResolution(counted, shape);
  // What pnag train chooses for this cost model, unless --acquisition says otherwise (evaluator: R's ranking, the cheap-source rounds).
  const acquisitionFlag = argValue('--acquisition');
  const acquisition = acquisitionFlag === 'thompson' || acquisitionFlag === 'expectedImprovement' ? acquisitionFlag : evaluationAcquisition(oracle.cost, shape);
  const plan = planEvaluations({
    total,
    generationReserve: budgets.length,
    acquisition,
    ...numberSetting('--initial-share', 'initialShare'),
    rounds: numberArg('--rounds') ?? 8,
    concurrency: numberArg('--concurrency') ?? 8,
  });
  const rng = new Random(seed);
  const ensemble = numberArg('--surrogate-ensemble');
  const low = oracle.range[0] * 0.85;
  const coverage = await measureCoverage(counted, oracle.cost, [low, oracle.range[1]], plan, { archs: [], accuracies: [], costs: [] }, rng,
    { width: oracle.width, resolution: 224 });
  // Everything measured (coverage and rounds), for the probes below.
  const measuredRows = { archs: [...coverage.data.archs], accuracies: [...coverage.data.accuracies], costs: [...coverage.data.costs] };
  const { model } = await trainPnag(coverage.data, {
    budgets: { range: oracle.range, k: numberArg('--k') ?? 10 },
    ...numberSetting('--generator-hidden', 'generatorHidden'),
    seed,
    accuracySource: counted.name,
    costModel: cost,
    backend: 'wasm',
    frontier: {
      // What `pnag train --evaluations` runs, with the flags above to try others.
      ...evaluationRoundSettings(plan, { ...numberSetting('--distill', 'steps'), ...numberSetting('--distill-epochs', 'epochs'), ...numberSetting('--distill-batch', 'batch'),
        ...numberSetting('--distill-reproduce', 'reproduce'), ...numberSetting('--distill-final-rate', 'finalRate') }),
      source,
      queries: plan.frontier,
      ...(argValue('--acquisition') === 'evaluator' ? { acquisition: 'evaluator' as const } : {}),
      ...numberSetting('--mutants', 'mutants'),
      ...(ensemble !== undefined ? { surrogate: { ...DEFAULT_SURROGATE, ensemble } } : {}),
      ...numberSetting('--exploit-rounds', 'exploitRounds'),
      ...numberSetting('--neighbour-parents', 'neighbourParents'),
      ...numberSetting('--thompson-scale', 'thompsonScale'),
      ...numberSetting('--neighbour-share', 'thompsonNeighbourShare'),
      ...numberSetting('--neighbours-begin-by', 'thompsonNeighboursBeginBy'),
      ...numberSetting('--long-tail-budget-power', 'thompsonLongTailBudgetPower'),
    },
  }, {
    onMeasured: (rows) => {
      measuredRows.archs.push(...rows.archs);
      measuredRows.accuracies.push(...rows.accuracies);
      measuredRows.costs.push(...rows.costs);
    },
  });
  const trainingEvaluations = counted.asked;
  const full: Answer[] = [];
  const alone: Answer[] = [];
  const aloneByR: Answer[] = [];
  const greedy: Answer[] = [];
  // Picks measured at generation answer later budgets too, as the workspace archive makes them do for pnag generate.
  const picked: FrontierPoint[] = [];
  for (const budget of budgets) {
    const g = await generateForBudget(model, budget, { bestOf: 64, costModel: cost, accuracySource: source, measured: picked });
    full.push({ budget, accuracy: g.top1 as number, cost: g.cost as number, fits: g.fits === true });
    picked.push({ arch: g.arch, cost: g.cost as number, accuracy: g.top1 as number });
    // Scoring only: the generator's picks are measured outside the count.
    // Alone: 64 samples ranked and hill-climbed by the training's accuracy model (by R in the second row); greedy:
    // f(B)'s one decoding, repaired only if it does not fit.
    for (const [bestOf, into, rateBy] of [[64, alone, 'model'], [64, aloneByR, 'evaluator'], [0, greedy, 'model']] as const) {
      const a = await generateForBudget(model, budget, { bestOf, costModel: cost, frontierMemory: false, refine: bestOf > 0, rateBy });
      const [truth] = await oracle.truth.accuracy([withOptions(a.arch, shape)]);
      into.push({ budget, accuracy: truth, cost: a.cost as number, fits: a.fits === true });
    }
  }
  const measured = new MeasuredSet(samplesAsGenerated(measuredRows));
  const probes = process.argv.includes('--regressor-pick') ? await regressorProbes(model, measured, budgets, cost, plan, oracle, shape, seed) : { pick: [], ceiling: [] };
  // Probe: generation's one evaluation spent on f(B)'s greedy decoding instead of its R-ranked pick.
  const greedyPick = process.argv.includes('--greedy-pick') ? betterOfMeasured(measured, greedy) : [];
  const seconds = (Date.now() - started) / 1000;
  const notes = { plan, trainingEvaluations, generationEvaluations: counted.asked - trainingEvaluations,
    memoryPoints: model.info.frontier?.length ?? 0, rounds: model.info.report?.frontierRounds };
  if (counted.asked > total) throw new Error(`PNAG used ${counted.asked} evaluations, more than ${total}`);
  model.dispose();
  return [
    { method: 'PNAG', seed, evaluations: counted.asked, answers: full, hypervolume: hypervolumeOf(oracle, full), seconds, notes },
    { method: 'PNAG generator alone', seed, evaluations: trainingEvaluations, answers: alone, hypervolume: hypervolumeOf(oracle, alone), seconds },
    { method: 'PNAG generator alone, rated by R', seed, evaluations: trainingEvaluations, answers: aloneByR, hypervolume: hypervolumeOf(oracle, aloneByR), seconds },
    { method: 'PNAG f(B) greedy', seed, evaluations: trainingEvaluations, answers: greedy, hypervolume: hypervolumeOf(oracle, greedy), seconds },
    ...(probes.pick.length > 0 ? [{ method: 'PNAG, pick by regressor (probe)', seed, evaluations: trainingEvaluations + budgets.length,
      answers: probes.pick, hypervolume: hypervolumeOf(oracle, probes.pick), seconds }] : []),
    ...(probes.ceiling.length > 0 ? [{ method: 'PNAG + best of a last round\'s proposals by the oracle (ceiling, probe)', seed,
      evaluations: Number.NaN, answers: probes.ceiling, hypervolume: hypervolumeOf(oracle, probes.ceiling), seconds }] : []),
    ...(greedyPick.length > 0 ? [{ method: 'PNAG, greedy pick (probe)', seed, evaluations: trainingEvaluations + budgets.length, answers: greedyPick,
      hypervolume: hypervolumeOf(oracle, greedyPick), seconds }] : []),
  ];
}

/** Each answer, or the best measured network within its budget when that is more accurate (or there is no answer). */
function betterOfMeasured(measured: MeasuredSet, answers: readonly Answer[]): Answer[] {
  return answers.map((a) => {
    const [best] = measured.bestWithin(a.budget, 1);
    return best !== undefined && !(a.accuracy >= measured.accuracies[best])
      ? { budget: a.budget, accuracy: measured.accuracies[best], cost: measured.costs[best], fits: true }
      : a;
  });
}

/**
 * Probes (scoring only, outside the count) at each query budget, on the proposals of a last round (regressor
 * refitted on everything measured): `pick`, generation's one evaluation spent on the proposal with the highest
 * expected improvement instead of f(B)'s pick ranked by R; `ceiling`, the most accurate of all the proposals by
 * the oracle (what a perfect choice among them would add). Each answer is the better of that and the best
 * measured network within the budget.
 */
async function regressorProbes(model: PnagModel, measured: MeasuredSet, budgets: number[], cost: ExactCostModel, plan: EvaluationPlan,
  oracle: Oracle, shape: { width: Width; resolution: number }, seed: number): Promise<{ pick: Answer[]; ceiling: Answer[] }> {
  const surrogate = await FrontierSurrogate.fit(measured.samples(), DEFAULT_SURROGATE, seed);
  const settings = { ...DEFAULT_FRONTIER_ROUNDS, ...evaluationRoundSettings(plan) };
  const rng = new Random(seed + 7);
  const pick: Answer[] = [];
  const ceiling: Answer[] = [];
  const answer = (budget: number, arch: Arch | undefined, accuracy: number | undefined): Answer =>
    arch && accuracy !== undefined
      ? { budget, accuracy, cost: cost.costOf(arch), fits: true }
      : { budget, accuracy: Number.NaN, cost: Number.NaN, fits: false };
  try {
    for (const budget of budgets) {
      const pool = proposals(model, measured, budget, cost, settings, new Set(), rng, { surrogate, exploit: false });
      const truths = pool.length > 0 ? await oracle.truth.accuracy(pool.map((a) => withOptions(a, shape))) : [];
      pick.push(answer(budget, pool[0], truths[0]));
      const top = truths.reduce((b, t, i) => (t > truths[b] ? i : b), 0);
      ceiling.push(answer(budget, pool[top], truths[top]));
    }
  } finally {
    surrogate.dispose();
  }
  return { pick: betterOfMeasured(measured, pick), ceiling: betterOfMeasured(measured, ceiling) };
}

async function runNsga2(oracle: Oracle, budgets: number[], total: number, seed: number): Promise<MethodRun> {
  const started = Date.now();
  const r = await nsga2Search({ accuracy: oracle.truth, cost: oracle.cost, width: oracle.width }, oracle.range[1], { maxQueries: total, seed });
  const answers = budgets.map((budget) => {
    const best = bestWithin(r.evaluated, budget);
    return best ? { budget, accuracy: best.accuracy, cost: best.cost, fits: true } : { budget, accuracy: Number.NaN, cost: Number.NaN, fits: false };
  });
  return { method: 'NSGA-II', seed, evaluations: r.queries, answers, hypervolume: hypervolumeOf(oracle, answers), seconds: (Date.now() - started) / 1000 };
}

async function runRandom(oracle: Oracle, budgets: number[], total: number, seed: number): Promise<MethodRun> {
  const started = Date.now();
  const rng = new Random(seed);
  const archs = [];
  while (archs.length < total) {
    const a = randomArch(rng, { width: oracle.width });
    if (oracle.cost.costOf(a) <= oracle.range[1]) archs.push(a);
  }
  const accs = await oracle.truth.accuracy(archs);
  const evaluated = archs.map((arch, i) => ({ arch, cost: oracle.cost.costOf(arch), accuracy: accs[i] }));
  const answers = budgets.map((budget) => {
    const best = bestWithin(evaluated, budget);
    return best ? { budget, accuracy: best.accuracy, cost: best.cost, fits: true } : { budget, accuracy: Number.NaN, cost: Number.NaN, fits: false };
  });
  return { method: 'random', seed, evaluations: total, answers, hypervolume: hypervolumeOf(oracle, answers), seconds: (Date.now() - started) / 1000 };
}

/**
 * A per-budget search given an even share of the N evaluations at each query budget (what a user of OFA's
 * evolution or an RL search pays to cover the same budgets); its answer is its best network within the budget.
 */
async function runPerBudget(method: string, budgets: number[], total: number, seed: number,
  search: (budget: number, queries: number, seed: number) => Promise<{ accuracy: number; cost: number; queries: number } | undefined>): Promise<Omit<MethodRun, 'hypervolume'>> {
  const started = Date.now();
  const share = Math.floor(total / budgets.length);
  const answers: Answer[] = [];
  let evaluations = 0;
  for (let i = 0; i < budgets.length; i++) {
    const r = await search(budgets[i], share, seed * 1000 + i);
    evaluations += r?.queries ?? share;
    answers.push(r
      ? { budget: budgets[i], accuracy: r.accuracy, cost: r.cost, fits: r.cost <= budgets[i] }
      : { budget: budgets[i], accuracy: Number.NaN, cost: Number.NaN, fits: false });
  }
  return { method, seed, evaluations, answers, seconds: (Date.now() - started) / 1000, notes: { perBudget: share } };
}

async function runEvolution(oracle: Oracle, budgets: number[], total: number, seed: number): Promise<MethodRun> {
  const run = await runPerBudget('evolution (per budget)', budgets, total, seed, async (budget, queries, s) => {
    // OFA's population of 100 is the whole share at 1,000 / 10: a third of the share keeps at least three generations.
    const r = await evolutionSearch({ accuracy: oracle.truth, cost: oracle.cost, width: oracle.width }, budget,
      { maxQueries: queries, seed: s, populationSize: Math.max(2, Math.min(100, Math.floor(queries / 3))) });
    return { accuracy: r.accuracy, cost: r.cost, queries: r.queries };
  });
  return { ...run, hypervolume: hypervolumeOf(oracle, run.answers) };
}

async function runRl(oracle: Oracle, budgets: number[], total: number, seed: number, reward: 'mnasnet' | 'tunas'): Promise<MethodRun> {
  // The policy spells w1.2 networks: asked and costed at the oracle's width, as PNAG's are.
  const shape = { width: oracle.width, resolution: 224 };
  const source = sourceAtWidthResolution(oracle.truth, shape);
  const cost = atWidthResolution(oracle.cost, shape);
  const run = await runPerBudget(`RL ${reward === 'mnasnet' ? 'MnasNet' : 'TuNAS'} reward (per budget)`, budgets, total, seed, async (budget, queries, s) => {
    const r = await runRlBaseline(budget, source, cost, { reward, queries, seed: s });
    // The answer is its best queried network within the budget; the greedy decoding is not counted.
    return r.best ? { accuracy: r.best.accuracy, cost: r.best.cost, queries: r.queries } : undefined;
  });
  return { ...run, hypervolume: hypervolumeOf(oracle, run.answers) };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

async function main(): Promise<void> {
  const backend = await initBackend('wasm');
  const names = (argValue('--oracle') ?? 'note10,madds,dynast').split(',') as OracleName[];
  const totals = (argValue('--evaluations') ?? '1000').split(',').map(Number);
  const seeds = (argValue('--seeds') ?? '1,2,3').split(',').map(Number);
  const methods = new Set((argValue('--methods') ?? 'pnag,nsga2,random,evolution,rl').split(','));
  const unknown = [...methods].filter((m) => !['pnag', 'nsga2', 'random', 'evolution', 'rl'].includes(m));
  if (unknown.length > 0) throw new Error(`--methods: ${unknown.join(', ')} unknown; pnag, nsga2, random, evolution, rl`);
  const results = [];
  for (const name of names) {
    const oracle = await makeOracle(name);
    const budgets = oracleBudgets(oracle, offset);
    console.log(`== ${name}: budgets ${budgets.join(', ')} (${oracle.cost.unit}), load ${load1()}`);
    const known = await bestKnown(oracle, budgets);
    for (const total of totals) {
      const runs: MethodRun[] = [];
      for (const seed of seeds) {
        if (methods.has('pnag')) runs.push(...(await runPnag(oracle, budgets, total, seed)));
        if (methods.has('nsga2')) runs.push(await runNsga2(oracle, budgets, total, seed));
        if (methods.has('random')) runs.push(await runRandom(oracle, budgets, total, seed));
        if (methods.has('evolution')) runs.push(await runEvolution(oracle, budgets, total, seed));
        if (methods.has('rl')) for (const reward of ['mnasnet', 'tunas'] as const) runs.push(await runRl(oracle, budgets, total, seed, reward));
        console.log(`  seed ${seed} done (load ${load1()})`);
      }
      const summary = [...new Set(runs.map((r) => r.method))].map((method) => {
        const mine = runs.filter((r) => r.method === method);
        const perBudget = budgets.map((_, i) => mean(mine.map((r) => r.answers[i].accuracy)));
        return {
          method,
          perBudget,
          gapToBestKnown: mean(perBudget.map((a, i) => a - known[i].accuracy)),
          hypervolume: mean(mine.map((r) => r.hypervolume)),
          withinBudget: mine.every((r) => r.answers.every((a) => a.fits)),
          evaluations: Math.max(...mine.map((r) => r.evaluations)),
        };
      });
      const nsga = summary.find((s) => s.method === 'NSGA-II');
      console.log(`\n${name}, ${total} evaluations, mean of seeds ${seeds.join(', ')}: top-1 per budget`);
      console.log(`| method | ${budgets.join(' | ')} | mean gap to best known | hypervolume | all within budget |`);
      console.log(`|---|${budgets.map(() => '---').join('|')}|---|---|---|`);
      console.log(`| best known (evolution, ${BEST_KNOWN_QUERIES} per budget) | ${known.map((k) => k.accuracy.toFixed(2)).join(' | ')} | 0 | ${hypervolumeOf(oracle, known).toFixed(2)} | yes |`);
      for (const s of summary) {
        console.log(`| ${s.method} | ${s.perBudget.map((a) => a.toFixed(2)).join(' | ')} | ${s.gapToBestKnown.toFixed(2)} | ${s.hypervolume.toFixed(2)} | ${s.withinBudget ? 'yes' : 'NO'} |`);
      }
      const pnag = summary.find((s) => s.method === 'PNAG');
      if (pnag && nsga) {
        const atOrAbove = pnag.perBudget.filter((a, i) => a >= nsga.perBudget[i]).length;
        console.log(`PNAG at or above NSGA-II at ${atOrAbove} of ${budgets.length} budgets; hypervolume ${pnag.hypervolume.toFixed(2)} vs ${nsga.hypervolume.toFixed(2)}`);
      }
      results.push({ oracle: name, costModel: oracle.cost.name, width: oracle.width, range: oracle.range, evaluations: total, seeds, budgets,
        bestKnown: known, summary, runs });
      // Written after each total: a long run stopped part-way keeps what it finished.
      save(backend, results);
    }
  }
}

function save(backend: string, results: unknown[]): void {
  const file = argValue('--out') ?? 'evaluationBudget.json';
  mkdirSync(resolve(__dirname, 'results'), { recursive: true });
  writeFileSync(
    resolve(__dirname, 'results', file),
    JSON.stringify({ command: `npx tsx bench/evaluationBudget.ts ${process.argv.slice(2).join(' ')}`.trim(), backend, budgetOffset: offset, loadAverage1mAtEnd: load1(), results }, null, 2) + '\n',
  );
  console.log(`wrote bench/results/${file}`);
}

void main();
