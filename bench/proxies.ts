// Training-free accuracy proxies against DyNAS-T's measured top-1 (w1.0, r224): Kendall tau overall and
// within pairs whose MAdds lie within 5 % of each other, and how many architectures per second each scores.
// Run: npx tsx bench/proxies.ts [--archs 300] [--batch 8] [--scale 0.143]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { maddsM } from '../src/core/cost/madds';
import { kendallTau, kendallTauWithinCost, spearman } from '../src/core/predict/rankMetrics';
import { PROXY_KINDS, type ProxyKind, proxyScores } from '../src/core/proxy/proxyScore';
import { type LinearMap, applyLinearMap, fitLinearMap } from '../src/core/proxy/linearCalibration';
import { type Arch, archKey } from '../src/core/space/arch';
import { fromOfaDict } from '../src/core/space/ofaDict';
import { parseCsv } from '../src/core/util/csv';
import { Random } from '../src/core/util/random';
import { NASDATA } from './nasdata';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const list = (text: string) => text.split(',').map(Number);

/** Distinct architectures of the DyNAS-T file, repeated evaluations averaged. */
function loadDynast(): { arch: Arch; top1: number }[] {
  const table = parseCsv(readFileSync(join(NASDATA, 'dynast_ofa_mbv3_w1.0_top1_macs.csv'), 'utf8'), 'dynast');
  const byKey = new Map<string, { arch: Arch; sum: number; n: number }>();
  for (const row of table.rows) {
    const v = row.values;
    const arch = fromOfaDict({ d: list(v.d), ks: list(v.ks), e: list(v.e), r: Number(v.r), w: 1.0 });
    const key = archKey(arch);
    const entry = byKey.get(key) ?? { arch, sum: 0, n: 0 };
    entry.sum += Number(v.top1);
    entry.n++;
    byKey.set(key, entry);
  }
  return [...byKey.values()].map((e) => ({ arch: e.arch, top1: e.sum / e.n }));
}

interface PreviousResults {
  rows: ({ arch: string } & Record<ProxyKind, number>)[];
  single: Record<ProxyKind, { archs_per_second: number }>;
}

interface Metrics {
  kendall_tau: number;
  kendall_tau_within_5pct_madds: number;
  within_pairs: number;
  spearman: number;
}

function metrics(top1: readonly number[], score: readonly number[], madds: readonly number[]): Metrics {
  const within = kendallTauWithinCost(top1, score, madds, 0.05);
  return { kendall_tau: kendallTau(top1, score), kendall_tau_within_5pct_madds: within.tau, within_pairs: within.pairs, spearman: spearman(top1, score) };
}

/** Two-fold cross-validated linear map from features to top-1: metrics on the held-out halves only. */
function crossValidated(features: number[][], top1: number[], madds: number[], rng: Random): { heldOut: Metrics; rmse: number; map: LinearMap } {
  const order = rng.shuffled(features.map((_, i) => i));
  const half = order.length >> 1;
  const folds = [order.slice(0, half), order.slice(half)];
  const predicted = new Array<number>(top1.length);
  folds.forEach((test, f) => {
    const train = folds[1 - f];
    const map = fitLinearMap(train.map((i) => features[i]), train.map((i) => top1[i]));
    for (const i of test) predicted[i] = applyLinearMap(map, features[i]);
  });
  const rmse = Math.sqrt(predicted.reduce((s, p, i) => s + (p - top1[i]) ** 2, 0) / top1.length);
  return { heldOut: metrics(top1, predicted, madds), rmse, map: fitLinearMap(features, top1) };
}

async function main(): Promise<void> {
  const count = arg('archs', 300);
  const batch = arg('batch', 8);
  const scale = arg('scale', 0.143);
  const seed = 2026;
  const all = loadDynast();
  const subset = new Random(seed).shuffled(all).slice(0, count);
  const archs = subset.map((s) => s.arch);
  const top1 = subset.map((s) => s.top1);
  const madds = archs.map((a) => maddsM(a));
  const scores = {} as Record<ProxyKind, number[]>;
  const results: Record<string, unknown> = {};
  console.log(`${archs.length} distinct DyNAS-T archs of ${all.length} (seed ${seed}), proxy inputs ${batch} x ${Math.round(224 * scale)}^2`);
  console.log('proxy        tau     tau(MAdds within 5%)  spearman  archs/s');
  // --kinds a,b recomputes only those and takes the others (and their speed) from the last results file.
  const kindsArg = process.argv.indexOf('--kinds');
  const recompute = kindsArg >= 0 ? process.argv[kindsArg + 1].split(',') : PROXY_KINDS;
  const previousPath = join(__dirname, 'results', 'proxies.json');
  const previous = recompute.length < PROXY_KINDS.length ? (JSON.parse(readFileSync(previousPath, 'utf8')) as PreviousResults) : null;
  for (const kind of PROXY_KINDS) {
    const start = performance.now();
    let seconds: number;
    if (previous !== null && !recompute.includes(kind)) {
      const rows = previous.rows;
      if (rows.length !== archs.length || rows.some((r, i) => r.arch !== archKey(archs[i]))) throw new Error('--kinds: the previous results are for other architectures');
      scores[kind] = rows.map((r) => r[kind]);
      seconds = archs.length / previous.single[kind].archs_per_second;
    } else {
      scores[kind] = await proxyScores(archs, kind, { batch, scale, seed: 0 });
      seconds = (performance.now() - start) / 1000;
    }
    const m = metrics(top1, scores[kind], madds);
    results[kind] = { ...m, archs_per_second: archs.length / seconds };
    console.log(`${kind.padEnd(12)} ${m.kendall_tau.toFixed(3)}   ${m.kendall_tau_within_5pct_madds.toFixed(3)} (${m.within_pairs} pairs)     ${m.spearman.toFixed(3)}    ${(archs.length / seconds).toFixed(2)}`);
  }
  // Calibrated combinations: does a network proxy add to log MAdds? (held-out halves, 2-fold)
  const combos: Record<string, unknown> = {};
  const rng = new Random(seed + 1);
  const sets: ProxyKind[][] = [['madds'], ['params'], ['madds', 'params'], ['madds', 'naswot'], ['madds', 'zen'], ['madds', 'params', 'naswot'], ['madds', 'params', 'zen'], ['madds', 'params', 'naswot', 'zen']];
  for (const set of sets) {
    const features = archs.map((_, i) => set.map((k) => scores[k][i]));
    const cv = crossValidated(features, top1, madds, rng);
    const name = `linear(${set.join(', ')})`;
    combos[name] = { features: set, ...cv.heldOut, rmse_points: cv.rmse, map_on_all: cv.map };
    console.log(`${name.padEnd(36)} held-out tau ${cv.heldOut.kendall_tau.toFixed(3)}, within ${cv.heldOut.kendall_tau_within_5pct_madds.toFixed(3)}, RMSE ${cv.rmse.toFixed(3)} points`);
  }
  // Validation: the maps fitted on all of this subset, applied to the next, disjoint, set of DyNAS-T archs.
  const validation = new Random(seed).shuffled(all).slice(count, 2 * count);
  const vArchs = validation.map((v) => v.arch);
  const vTop1 = validation.map((v) => v.top1);
  const vMadds = vArchs.map((a) => maddsM(a));
  const vScores = {} as Record<ProxyKind, number[]>;
  for (const kind of PROXY_KINDS) vScores[kind] = await proxyScores(vArchs, kind, { batch, scale, seed: 0 });
  const validated: Record<string, Metrics> = {};
  for (const [name, entry] of Object.entries(combos) as [string, { features: ProxyKind[]; map_on_all: LinearMap }][]) {
    const predicted = vArchs.map((_, i) => applyLinearMap(entry.map_on_all, entry.features.map((k) => vScores[k][i])));
    validated[name] = metrics(vTop1, predicted, vMadds);
    console.log(`validation ${name.padEnd(36)} tau ${validated[name].kendall_tau.toFixed(3)}, within ${validated[name].kendall_tau_within_5pct_madds.toFixed(3)} (${validated[name].within_pairs} pairs)`);
  }
  const out = {
    data: 'dynast_ofa_mbv3_w1.0_top1_macs.csv (distinct archs, repeated evaluations averaged)',
    archs: archs.length,
    seed,
    proxy_batch: batch,
    proxy_input_side: Math.round(224 * scale),
    device: `${cpus()[0]?.model ?? 'unknown'} x${cpus().length}`,
    load_average_1min_at_end: loadavg()[0],
    single: results,
    calibrated_two_fold: combos,
    validation_next_archs: { archs: vArchs.length, metrics_of_map_on_all: validated },
    rows: archs.map((a, i) => ({ arch: archKey(a), top1: top1[i], madds_M: madds[i], ...Object.fromEntries(PROXY_KINDS.map((k) => [k, scores[k][i]])) })),
  };
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  // --out <name> writes a variant (other batch or scale) beside the main results instead of over them.
  const outArg = process.argv.indexOf('--out');
  const outName = outArg >= 0 ? process.argv[outArg + 1] : 'proxies.json';
  writeFileSync(join(__dirname, 'results', outName), JSON.stringify(out, null, 2) + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
