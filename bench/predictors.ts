// Learned MLP predictors on public data: accuracy on DyNAS-T (measured ImageNet top-1 of OFA w1.0 subnets)
// and latency on HELP (measured 2080 Ti latency of OFA w1.2 subnets at several resolutions).
// Split: seeded 80/20 by distinct architecture (repeated measurements averaged); early stopping uses 15 %
// of the 80 %, never the held-out 20 %. Run: npx tsx bench/predictors.ts [--quick]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../src/core/util/csv';
import { parsePnagString } from '../src/core/space/pnagString';
import { Arch } from '../src/core/space/arch';
import { maddsM } from '../src/core/cost/madds';
import { initBackend } from '../src/core/tf/backend';
import type { FeatureSet } from '../src/core/predict/mlpFeatures';
import type { MlpConfig } from '../src/core/predict/mlpRegressor';
import { type LabelledArch, LearnedAccuracySource, LearnedCostModel, averageDuplicates, splitRows } from '../src/core/predict/learnedPredictor';
import { kendallTau, kendallTauWithinCost, rmse, spearman } from '../src/core/predict/rankMetrics';
import { helpLatencyFile, NASDATA } from './nasdata';

const quick = process.argv.includes('--quick');
const SPLIT_SEED = 0;

interface Row {
  task: string;
  method: string;
  trainRows: number;
  heldOut: number;
  rmse: number | null;
  tau: number;
  tauWithin5pct: number | null;
  pairsWithin5pct: number | null;
  spearman: number;
  seconds: number;
}

function readRows(file: string, valueColumn: string, width: number): LabelledArch[] {
  const table = parseCsv(readFileSync(join(NASDATA, file), 'utf8'), file);
  return table.rows.map((r) => ({
    arch: parsePnagString(r.values.pnag_string, { width, resolution: Number(r.values.r) }),
    value: Number(r.values[valueColumn]),
  }));
}

function score(task: string, method: string, trainRows: number, held: readonly LabelledArch[], predicted: number[], seconds: number, within: boolean): Row {
  const truth = held.map((r) => r.value);
  const madds = held.map((r) => maddsM(r.arch, 'ofa'));
  const w = within ? kendallTauWithinCost(truth, predicted, madds, 0.05) : undefined;
  const isCostOnly = method.startsWith('MAdds alone');
  return {
    task,
    method,
    trainRows,
    heldOut: held.length,
    rmse: isCostOnly ? null : rmse(truth, predicted),
    tau: kendallTau(truth, predicted),
    tauWithin5pct: w ? w.tau : null,
    pairsWithin5pct: w ? w.pairs : null,
    spearman: spearman(truth, predicted),
    seconds,
  };
}

async function accuracyTask(rows: Row[]): Promise<void> {
  const distinct = averageDuplicates(readRows('dynast_ofa_mbv3_w1.0_top1_macs.csv', 'top1', 1.0));
  const [train, held] = splitRows(distinct, 0.2, SPLIT_SEED);
  const task = 'accuracy: DyNAS-T top-1';
  rows.push(score(task, 'MAdds alone (no training)', 0, held, held.map((r) => maddsM(r.arch, 'ofa')), 0, true));
  const epochs = quick ? 60 : 400;
  const variants: { method: string; features: FeatureSet; ensemble: number; mlp: Partial<MlpConfig> }[] = [
    { method: 'MLP 256x2, one-hot (120)', features: 'onehot', ensemble: 1, mlp: {} },
    { method: 'MLP 256x2, OFA input (128)', features: 'ofa', ensemble: 1, mlp: {} },
    { method: 'MLP 256x2, rich (one-hot + exact per-layer costs)', features: 'rich', ensemble: 1, mlp: {} },
    { method: 'MLP 256x2, rich, MSE + pairwise ranking loss', features: 'rich', ensemble: 1, mlp: { rankWeight: 1 } },
    { method: 'MLP 256x2, rich, ensemble of 3', features: 'rich', ensemble: 3, mlp: {} },
  ];
  for (const v of variants) {
    const started = Date.now();
    const source = await LearnedAccuracySource.train(
      train.map((r) => ({ arch: r.arch, top1: r.value })),
      'dynast',
      { features: v.features, ensemble: v.ensemble, seed: 1, mlp: { maxEpochs: epochs, ...v.mlp } },
    );
    const predicted = await source.accuracy(held.map((r) => r.arch));
    rows.push(score(task, v.method, source.report.trainRows, held, predicted, (Date.now() - started) / 1000, true));
    print([rows[rows.length - 1]]);
    source.dispose();
  }
}

async function latencyTask(rows: Row[]): Promise<void> {
  const column = 'lat_ms_2080ti_1';
  const distinct = averageDuplicates(readRows(helpLatencyFile(), column, 1.2));
  const [train, held] = splitRows(distinct, 0.2, SPLIT_SEED);
  const task = `latency: HELP ${column} (r 128-224)`;
  rows.push(score(task, 'MAdds alone (no training)', 0, held, held.map((r) => maddsM(r.arch, 'ofa')), 0, false));
  const started = Date.now();
  const model = await LearnedCostModel.train(train, `latency_ms@2080ti`, 'ms', { features: 'rich', seed: 1, mlp: { maxEpochs: quick ? 30 : 200 } });
  const predicted = await model.costs(held.map((r) => r.arch));
  rows.push(score(task, 'MLP 256x2 + linear skip, rich, weight decay 1e-2', model.report.trainRows, held, predicted, (Date.now() - started) / 1000, false));
  print([rows[rows.length - 1]]);
  model.dispose();
}

function fmt(v: number | null, digits: number): string {
  return v === null ? '-' : v.toFixed(digits);
}

function print(rows: readonly Row[]): void {
  for (const r of rows) {
    console.log(
      [r.task.padEnd(42), r.method.padEnd(52), String(r.trainRows).padStart(5), String(r.heldOut).padStart(5), fmt(r.rmse, 4).padStart(7), fmt(r.tau, 4).padStart(7), fmt(r.tauWithin5pct, 4).padStart(7), fmt(r.spearman, 4).padStart(7), r.seconds.toFixed(1).padStart(7)].join(' '),
    );
  }
}

async function main(): Promise<void> {
  const backend = await initBackend('wasm');
  console.log(`backend ${backend}${quick ? ' (quick)' : ''}`);
  console.log(['task'.padEnd(42), 'method'.padEnd(52), 'train'.padStart(5), 'held'.padStart(5), 'RMSE'.padStart(7), 'tau'.padStart(7), 'tau5%'.padStart(7), 'rho'.padStart(7), 'sec'.padStart(7)].join(' '));
  const rows: Row[] = [];
  await accuracyTask(rows);
  await latencyTask(rows);
  console.log('\nall results:');
  print(rows);
  const out = {
    bench: 'predictors',
    backend,
    quick,
    split: { seed: SPLIT_SEED, heldOutShare: 0.2, by: 'distinct architecture', validationShareOfTrain: 0.15 },
    targets: { accuracyTau: 0.95, accuracyTauWithin5pctMadds: 0.8 },
    date: new Date().toISOString(),
    rows,
  };
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', quick ? 'predictors.quick.json' : 'predictors.json'), JSON.stringify(out, null, 2) + '\n');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
