// Trains PNAG on the madds task (16,000 random w1.2/r224 archs labelled by OFA's accuracy predictor,
// PNAG-count MAdds, training budgets 250..700 M) and measures training time, evaluator tau, generator
// convergence, generation latency, and the generated architectures at 10 budgets between training budgets.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initBackend } from '../src/core/tf/backend';
import { OfaPredictor } from '../src/core/predict/ofaPredictor';
import { MaddsCostModel } from '../src/core/cost/maddsCostModel';
import { randomArch } from '../src/core/space/arch';
import { Random } from '../src/core/util/random';
import { describeProgress, trainPnag } from '../src/core/pnag/trainPipeline';
import { generateForBudget } from '../src/core/pnag/generate';
import { UNIFORM_ACTIVE_ENTROPY } from '../src/core/pnag/tokens';
import { NASDATA } from './nasdata';

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const backend = await initBackend('wasm');
  const predictor = OfaPredictor.fromFile(join(NASDATA, 'ofa_acc_predictor_w1.2_weights.json'));
  const madds = new MaddsCostModel('pnag');
  const rng = new Random(2023);
  const archs = Array.from({ length: 16000 }, () => randomArch(rng));
  const data = { archs, accuracies: await predictor.accuracy(archs), costs: archs.map((a) => madds.costOf(a)) };
  let lastLog = 0;
  const started = Date.now();
  const { model } = await trainPnag(
    data,
    { budgets: { range: [250, 700], k: 10 }, seed: 1, accuracySource: predictor.name, costModel: madds, backend: 'wasm' },
    {
      onProgress: (p) => {
        if (Date.now() - lastLog > 10000) {
          lastLog = Date.now();
          console.log(`${describeProgress(p)} eta ${p.totalEtaSeconds.toFixed(0)} s`);
        }
      },
    },
  );
  const trainSeconds = (Date.now() - started) / 1000;
  const report = model.info.report!;
  const budgets = [275, 325, 375, 425, 475, 525, 575, 625, 675, 290];
  const rows = [];
  for (const budget of budgets.slice(0, 9)) {
    const g = await generateForBudget(model, budget, { bestOf: 64, costModel: madds, accuracySource: predictor });
    let best = -Infinity;
    data.archs.forEach((_, i) => {
      if (data.costs[i] <= budget && data.accuracies[i] > best) best = data.accuracies[i];
    });
    rows.push({ budget, madds: g.cost!, top1: g.top1!, archiveBest: best, repaired: g.repaired, refineSteps: g.refineSteps.length, pnag: g.pnag });
  }
  const greedyMs: number[] = [];
  const best64Ms: number[] = [];
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    await generateForBudget(model, 300 + i * 9, { bestOf: 0, costModel: madds });
    greedyMs.push(performance.now() - t0);
  }
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await generateForBudget(model, 300 + i * 17, { bestOf: 64, costModel: madds, seed: i });
    best64Ms.push(performance.now() - t0);
  }
  const result = {
    command: 'npx tsx bench/pnagEngine.ts',
    backend,
    archive: 16000,
    trainSeconds,
    evaluatorSeconds: report.evaluator.seconds,
    generatorSeconds: report.generator.seconds,
    evaluatorTauPerBudget: report.evaluator.tauPerBudget,
    evaluatorMeanTau: report.evaluator.meanTau,
    generator: { ...report.generator, uniformActiveEntropy: UNIFORM_ACTIVE_ENTROPY },
    greedyMedianMs: median(greedyMs),
    bestOf64MedianMs: median(best64Ms),
    budgets: rows,
  };
  console.log(`backend ${backend}; training ${trainSeconds.toFixed(1)} s (evaluator ${report.evaluator.seconds.toFixed(1)} s, generator ${report.generator.seconds.toFixed(1)} s)`);
  console.log(`evaluator held-out tau mean ${report.evaluator.meanTau.toFixed(3)}: ${report.evaluator.tauPerBudget.map((t) => t.toFixed(3)).join(' ')}`);
  console.log(`generator reward ${report.generator.firstReward.toFixed(2)} -> ${report.generator.finalReward.toFixed(2)}, active-token entropy ${report.generator.firstEntropy.toFixed(2)} -> ${report.generator.finalEntropy.toFixed(2)} (uniform ${UNIFORM_ACTIVE_ENTROPY.toFixed(2)})`);
  console.log(`generation median: greedy ${result.greedyMedianMs.toFixed(2)} ms, best-of-64 ${result.bestOf64MedianMs.toFixed(2)} ms`);
  console.log('| budget M | PNAG MAdds | PNAG top1 | archive best top1 | repaired |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.budget} | ${r.madds.toFixed(1)} | ${r.top1.toFixed(2)} | ${r.archiveBest.toFixed(2)} | ${r.repaired} |`);
  mkdirSync(resolve(__dirname, 'results'), { recursive: true });
  writeFileSync(resolve(__dirname, 'results', 'pnagEngine.json'), JSON.stringify(result, null, 2) + '\n');
  model.dispose();
}

void main();
