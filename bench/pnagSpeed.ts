// PNAG speed on the madds task (issue 4, section 7): training (evaluator + generator) with the benchmark
// settings, one greedy generation, best-of-64, generation with source queries; and the cost of the reference
// code's settings (200 evaluator epochs; 10,001 generator steps of one architecture each), timed on a
// fraction and extrapolated. Every timing is printed with the 1-minute load average (the machine is shared).
//   npx tsx bench/pnagSpeed.ts [--ckpt FILE]   (load FILE instead of training; if it does not exist yet,
//   train and save the model there so the next run can reuse it)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { initBackend } from '../src/core/tf/backend';
import { trainPnag } from '../src/core/pnag/trainPipeline';
import { generateForBudget } from '../src/core/pnag/generate';
import { loadCheckpoint, saveCheckpoint } from '../src/core/pnag/checkpoint';
import { ParetoEvaluator } from '../src/core/pnag/evaluator';
import { LstmPolicy } from '../src/core/pnag/generator';
import { trainEvaluator, DEFAULT_EVALUATOR_TRAINING } from '../src/core/pnag/evaluatorTraining';
import { trainPolicy, DEFAULT_REINFORCE } from '../src/core/pnag/reinforce';
import { budgetOneHot, resolveBudgets } from '../src/core/pnag/budgets';
import { archFeatures } from '../src/core/pnag/samples';
import { Random } from '../src/core/util/random';
import { argValue } from './benchFlags';
import { load1, loadPredictor, makeArchive, makeTask, median } from './pnagTasks';
import { PNAG_BENCH_TRAINING } from './pnagSettings';

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; seconds: number; load: number }> {
  const t0 = performance.now();
  const value = await f();
  return { value, seconds: (performance.now() - t0) / 1000, load: load1() };
}

/** `count` rounds of `size` timed calls of `run(i)`, each round with the load average after it. */
async function rounds(count: number, size: number, run: (i: number) => Promise<unknown>): Promise<Array<{ times: number[]; load: number }>> {
  const out: Array<{ times: number[]; load: number }> = [];
  for (let round = 0; round < count; round++) {
    const times: number[] = [];
    for (let i = 0; i < size; i++) {
      const t0 = performance.now();
      await run(i);
      times.push(performance.now() - t0);
    }
    out.push({ times, load: load1() });
  }
  return out;
}

async function main(): Promise<void> {
  const backend = await initBackend('wasm');
  const task = makeTask('madds');
  const predictor = loadPredictor();
  const archive = await makeArchive(task, predictor, 16000);
  const ckpt = argValue('--ckpt');
  const loaded = ckpt !== undefined && existsSync(ckpt);
  const loadBefore = load1();
  const training = await timed(async () =>
    loaded
      ? await loadCheckpoint(ckpt)
      : (await trainPnag(archive, { budgets: { range: task.range, k: 10 }, seed: 1, accuracySource: predictor.name, costModel: task.cost, backend: 'wasm', ...PNAG_BENCH_TRAINING })).model,
  );
  const model = training.value;
  if (ckpt && !loaded) await saveCheckpoint(model, ckpt);
  const report = model.info.report;
  console.log(`training ${training.seconds.toFixed(1)} s${loaded ? ' (loaded)' : ''} (evaluator ${report?.evaluator.seconds.toFixed(1)} s, generator ${report?.generator.seconds.toFixed(1)} s); load ${loadBefore} -> ${training.load}`);

  // Rounds, each with its own median and load, show the spread on a shared machine.
  const greedyRounds = await rounds(5, 60, (i) => generateForBudget(model, 260 + i * 7.3, { bestOf: 0, costModel: task.cost }));
  const best64Rounds = await rounds(3, 30, (i) => generateForBudget(model, 260 + i * 14.1, { bestOf: 64, costModel: task.cost, seed: i }));
  const greedy = greedyRounds.flatMap((r) => r.times);
  const best64 = best64Rounds.flatMap((r) => r.times);
  const loadGreedy = greedyRounds[greedyRounds.length - 1].load;
  const loadBest = best64Rounds[best64Rounds.length - 1].load;
  const withSource: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    await generateForBudget(model, 270 + i * 71, { bestOf: 64, costModel: task.cost, accuracySource: predictor, sourceQueries: 320, seed: i });
    withSource.push(performance.now() - t0);
  }
  const loadSource = load1();
  console.log(`greedy rounds (median ms @ load): ${greedyRounds.map((r) => `${median(r.times).toFixed(2)} @ ${r.load}`).join(', ')}`);
  console.log(`best-of-64 rounds (median ms @ load): ${best64Rounds.map((r) => `${median(r.times).toFixed(1)} @ ${r.load}`).join(', ')}`);
  console.log(`generation median: greedy ${median(greedy).toFixed(2)} ms (load ${loadGreedy}), best-of-64 ${median(best64).toFixed(2)} ms (load ${loadBest}), best-of-64 + 320 source queries ${median(withSource).toFixed(0)} ms (load ${loadSource})`);

  // Reference settings: 200 epochs of the evaluator over the archive; 10,001 one-architecture steps.
  const budgets = resolveBudgets({ range: task.range, k: 10 });
  const rng = new Random(7);
  const evaluator = new ParetoEvaluator(10, 512, rng.fork());
  const epoch = await timed(() => trainEvaluator(evaluator, budgets, archive, { ...DEFAULT_EVALUATOR_TRAINING, epochs: 1 }, rng.fork()));
  evaluator.dispose();
  const refSteps = 300;
  const policy = new LstmPolicy(10, 64, rng.fork());
  const conditions = budgets.map((_, b) => budgetOneHot(b, 10));
  let next = 0;
  const steps = await timed(() =>
    trainPolicy(
      policy,
      [conditions[0]],
      (sample) => {
        // One architecture per step under one budget, rotating through the budgets as the reference does.
        const weights = conditions[next++ % 10];
        return model.evaluator.scoreFeatures(archFeatures(sample.archs), weights);
      },
      { ...DEFAULT_REINFORCE, samplesPerCondition: 1, steps: refSteps },
      rng.fork(),
    ),
  );
  policy.dispose();
  const referenceEvaluatorSeconds = epoch.seconds * 200;
  const referenceGeneratorSeconds = (steps.seconds / refSteps) * 10001;
  console.log(`reference settings: evaluator 1 epoch ${epoch.seconds.toFixed(1)} s (load ${epoch.load}) x 200 = ${(referenceEvaluatorSeconds / 60).toFixed(1)} min; generator ${refSteps} steps ${steps.seconds.toFixed(1)} s (load ${steps.load}) x 10001/${refSteps} = ${(referenceGeneratorSeconds / 60).toFixed(1)} min; total ${((referenceEvaluatorSeconds + referenceGeneratorSeconds) / 60).toFixed(1)} min (extrapolated)`);
  const result = {
    command: `npx tsx bench/pnagSpeed.ts ${process.argv.slice(2).join(' ')}`.trim(),
    backend,
    task: 'madds',
    archive: 16000,
    settings: PNAG_BENCH_TRAINING,
    training: {
      seconds: loaded ? null : training.seconds, evaluatorSeconds: report?.evaluator.seconds, generatorSeconds: report?.generator.seconds,
      loadAverage1m: [loadBefore, training.load], loaded,
    },
    generation: {
      greedyMedianMs: median(greedy),
      greedyLoad1m: loadGreedy,
      greedyRounds: greedyRounds.map((r) => ({ medianMs: median(r.times), load1m: r.load })),
      bestOf64MedianMs: median(best64),
      bestOf64Load1m: loadBest,
      bestOf64Rounds: best64Rounds.map((r) => ({ medianMs: median(r.times), load1m: r.load })),
      bestOf64With320SourceQueriesMedianMs: median(withSource),
      withSourceLoad1m: loadSource,
    },
    referenceSettings: {
      note: 'timed on a fraction and extrapolated',
      evaluatorEpochSeconds: epoch.seconds,
      evaluatorEpochLoad1m: epoch.load,
      evaluator200EpochsSeconds: referenceEvaluatorSeconds,
      generatorStepsTimed: refSteps,
      generatorStepsSeconds: steps.seconds,
      generatorStepsLoad1m: steps.load,
      generator10001StepsSeconds: referenceGeneratorSeconds,
      totalSeconds: referenceEvaluatorSeconds + referenceGeneratorSeconds,
    },
  };
  mkdirSync(resolve(__dirname, 'results'), { recursive: true });
  writeFileSync(resolve(__dirname, 'results', 'pnagSpeed.json'), JSON.stringify(result, null, 2) + '\n');
  console.log('wrote bench/results/pnagSpeed.json');
  model.dispose();
}

void main();
