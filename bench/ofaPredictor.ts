// OFA's accuracy predictor read from acc_predictor.pth: load time, predictions per second, agreement with
// the published predictor column, and how far it reads above fine-tuned ImageNet results.
// Run: npx tsx bench/ofaPredictor.ts [--archs 20000]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { OfaPredictor } from '../src/core/predict/ofaPredictor';
import { type Arch, randomArch } from '../src/core/space/arch';
import { fromOfaDict } from '../src/core/space/ofaDict';
import { parsePnagString } from '../src/core/space/pnagString';
import { parseCsv } from '../src/core/util/csv';
import { Random } from '../src/core/util/random';
import { NASDATA } from './nasdata';

const list = (text: string) => text.split(',').map(Number);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function median(values: readonly number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  return s[s.length >> 1];
}

function timeLoad(file: string, repeats: number): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    OfaPredictor.fromFile(join(NASDATA, file));
    times.push(performance.now() - t0);
  }
  return median(times);
}

function gap(predicted: readonly number[], measured: readonly number[]): { n: number; mean: number; min: number; max: number } {
  const d = predicted.map((p, i) => p - measured[i]);
  return { n: d.length, mean: d.reduce((a, b) => a + b, 0) / d.length, min: Math.min(...d), max: Math.max(...d) };
}

async function main(): Promise<void> {
  const count = arg('archs', 20000);
  const predictor = OfaPredictor.fromFile(join(NASDATA, 'ofa_acc_predictor_w1.2.pth'));
  const loadPthMs = timeLoad('ofa_acc_predictor_w1.2.pth', 5);
  const loadJsonMs = timeLoad('ofa_acc_predictor_w1.2_weights.json', 5);

  const rng = new Random(2026);
  const archs = Array.from({ length: count }, () => randomArch(rng, { resolution: 128 + 4 * rng.int(25) }));
  await predictor.accuracy(archs.slice(0, 500)); // warm-up
  // CPU time as well as wall time: on a shared machine the wall figure mostly measures the other load.
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await predictor.accuracy(archs);
  const cpu = process.cpuUsage(c0);
  const perSecond = count / ((performance.now() - t0) / 1000);
  const perCpuSecond = count / ((cpu.user + cpu.system) / 1e6);

  const pnag = parseCsv(readFileSync(join(NASDATA, 'pnag_published_archs.csv'), 'utf8'), 'pnag_published_archs.csv').rows;
  const pnagArchs = pnag.map((r) => parsePnagString(r.values.pnag_string, { width: 1.2, resolution: Number(r.values.resolution) }));
  const pnagPred = await predictor.accuracy(pnagArchs);
  const maxColumnError = Math.max(...pnag.map((r, i) => Math.abs(pnagPred[i] - Number(r.values.ofa_predictor_top1_supernet))));

  // OFA's own w1.2 specialized nets, fine-tuned 75 epochs (numbers from the once-for-all README).
  // Nets at resolutions outside this space's 128..224 (OFA also released r=236 ones) are left out.
  const ofa = parseCsv(readFileSync(join(NASDATA, 'ofa_specialized_nets.csv'), 'utf8'), 'ofa_specialized_nets.csv').rows.filter(
    (r) => Number(r.values.width) === 1.2 && Number(r.values.resolution) <= 224,
  );
  const ofaArchs: Arch[] = ofa.map((r) =>
    fromOfaDict({ d: list(r.values.d), ks: list(r.values.ks), e: list(r.values.e), r: Number(r.values.resolution), w: 1.2 }),
  );
  const ofaPred = await predictor.accuracy(ofaArchs);

  const result = {
    machine: `${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}`,
    node: process.version,
    load_pth_ms: Number(loadPthMs.toFixed(1)),
    load_json_ms: Number(loadJsonMs.toFixed(1)),
    archs: count,
    load_average_1min: Number(loadavg()[0].toFixed(2)),
    predictions_per_second_wall: Math.round(perSecond),
    predictions_per_cpu_second: Math.round(perCpuSecond),
    pnag_published_max_abs_error_vs_column: Number(maxColumnError.toFixed(4)),
    gap_vs_pnag_finetuned_top1: gap(pnagPred, pnag.map((r) => Number(r.values.readme_top1))),
    gap_vs_ofa_specialized_w12_finetuned_top1: gap(ofaPred, ofa.map((r) => Number(r.values.top1))),
  };
  const rows: [string, string][] = [
    ['load acc_predictor.pth', `${result.load_pth_ms} ms`],
    ['load JSON weights', `${result.load_json_ms} ms`],
    ['predictions / s, wall (plain JS, one thread)', `${result.predictions_per_second_wall} (load average ${result.load_average_1min})`],
    ['predictions / CPU-second', `${result.predictions_per_cpu_second}`],
    ['max |error| vs published column (15 PNAG archs)', `${result.pnag_published_max_abs_error_vs_column} points`],
    ['predictor - fine-tuned top1, PNAG archs (mean, min..max)', fmtGap(result.gap_vs_pnag_finetuned_top1)],
    ['predictor - fine-tuned top1, OFA w1.2 specialized nets', fmtGap(result.gap_vs_ofa_specialized_w12_finetuned_top1)],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(58)} ${v}`);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'ofaPredictor.json'), `${JSON.stringify(result, null, 2)}\n`);
}

function fmtGap(g: { n: number; mean: number; min: number; max: number }): string {
  return `${g.mean.toFixed(2)} (${g.min.toFixed(2)}..${g.max.toFixed(2)}), n=${g.n}`;
}

void main();
