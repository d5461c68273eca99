// Latency measured on this machine over 50 random architectures, per runtime (TF.js wasm, ONNX Runtime CPU;
// TF.js cpu with --backend cpu): how well it ranks with MAdds (Spearman), and how much the median of one
// architecture moves between two measurements.
// Run: npx tsx bench/latencyMeasure.ts [--archs 50] [--runs 15] [--warmup 5] [--runtimes tfjs,onnx] [--threads 1]
//      npx tsx bench/latencyMeasure.ts --backend cpu --runtimes tfjs --runs 3 --warmup 1 --group 0
//      (TF.js's plain-JavaScript backend, one at a time only; writes latencyMeasure.cpu.json)
//      --out <file> writes bench/results/<file> instead; --compare <earlier results file> adds, per runtime, how
//      much each architecture's median moved between that run and this one (pass 1 of each).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { type LatencyMeasurement, type MeasureOptions, deviceName, measureLatencies, measureLatency } from '../src/core/cost/measuredLatency';
import { maddsM } from '../src/core/cost/madds';
import { spearman } from '../src/core/predict/rankMetrics';
import { type Arch, archKey, randomArch } from '../src/core/space/arch';
import { WIDTH_CHOICES, resolutionChoices } from '../src/core/space/searchSpace';
import { type BackendChoice, initBackend } from '../src/core/tf/backend';
import { type LatencyRuntime, parseRuntime } from '../src/core/net/timedNetwork';
import { Random } from '../src/core/util/random';
import { arg, median } from './benchUtil';

interface Passes {
  readonly first: LatencyMeasurement[];
  readonly second: LatencyMeasurement[];
  /** Round-robin passes (groups timed together), absent with --group 0. */
  readonly rr1?: LatencyMeasurement[];
  readonly rr2?: LatencyMeasurement[];
  readonly secondsSequential: number;
  readonly secondsRoundRobin: number;
  readonly load: { before: number; after: number };
}

/** Two passes one at a time (as `pnag latency --measure` does; the second in reverse order), then two round-robin. */
async function measurePasses(archs: readonly Arch[], options: MeasureOptions, group: number): Promise<Passes> {
  const load = { before: loadavg()[0], after: 0 };
  const started = performance.now();
  const first: LatencyMeasurement[] = [];
  const second = new Array<LatencyMeasurement>(archs.length);
  for (const arch of archs) first.push(await measureLatency(arch, options));
  // Second pass in reverse order, so slow drift of the machine does not line up with the first pass.
  for (let i = archs.length - 1; i >= 0; i--) second[i] = await measureLatency(archs[i], options);
  const secondsSequential = (performance.now() - started) / 1000;
  const startedRR = performance.now();
  let rr1: LatencyMeasurement[] | undefined;
  let rr2: LatencyMeasurement[] | undefined;
  if (group > 0) {
    // The cost model's way: groups timed round-robin, so load changes hit a group alike.
    rr1 = await measureLatencies(archs, { ...options, group });
    rr2 = (await measureLatencies(archs.slice().reverse(), { ...options, group })).reverse();
  }
  load.after = loadavg()[0];
  return { first, second, rr1, rr2, secondsSequential, secondsRoundRobin: (performance.now() - startedRR) / 1000, load };
}

function statistics(passes: Passes, madds: readonly number[]) {
  const rel = (a: readonly number[], b: readonly number[]) => a.map((x, i) => Math.abs(x - b[i]) / ((x + b[i]) / 2));
  const summary = (pick: (m: LatencyMeasurement) => number, p1: readonly LatencyMeasurement[], p2: readonly LatencyMeasurement[]) => {
    const a = p1.map(pick);
    const b = p2.map(pick);
    const d = rel(a, b).sort((x, y) => x - y);
    return {
      spearman_vs_madds_pass1: spearman(madds, a),
      spearman_vs_madds_pass2: spearman(madds, b),
      spearman_pass1_vs_pass2: spearman(a, b),
      run_to_run_rel_diff_median: median(d),
      run_to_run_rel_diff_p90: d[Math.min(d.length - 1, Math.floor(0.9 * d.length))],
      run_to_run_rel_diff_max: d[d.length - 1],
    };
  };
  const { first, second, rr1, rr2 } = passes;
  return {
    wall_median_ms: summary((m) => m.median_ms, first, second),
    wall_min_ms: summary((m) => m.min_ms, first, second),
    cpu_median_ms: summary((m) => m.cpu_median_ms, first, second),
    ...(rr1 && rr2
      ? {
          round_robin_wall_median_ms: summary((m) => m.median_ms, rr1, rr2),
          round_robin_cpu_median_ms: summary((m) => m.cpu_median_ms, rr1, rr2),
        }
      : {}),
  };
}

function printTable(title: string, stats: ReturnType<typeof statistics>): void {
  console.log(title);
  console.log('statistic                  rho(MAdds) p1  rho(MAdds) p2  rho(p1,p2)  |p1-p2|/mean med      p90      max');
  const pct = (v: number) => `${(100 * v).toFixed(1)} %`.padStart(8);
  for (const [name, s] of Object.entries(stats)) {
    console.log(`${name.padEnd(26)} ${s.spearman_vs_madds_pass1.toFixed(3).padStart(13)}  ${s.spearman_vs_madds_pass2.toFixed(3).padStart(13)}  ${s.spearman_pass1_vs_pass2.toFixed(3).padStart(10)}  ${pct(s.run_to_run_rel_diff_median)}         ${pct(s.run_to_run_rel_diff_p90)} ${pct(s.run_to_run_rel_diff_max)}`);
  }
}

function rowOf(m: LatencyMeasurement) {
  return { median_ms: m.median_ms, spread_ms: m.spread_ms, min_ms: m.min_ms, cpu_median_ms: m.cpu_median_ms };
}

type Row = { arch: string } & Record<string, unknown>;

/** Run-to-run: this run's pass-1 medians against an earlier run's (same seed, so the same architectures). */
function compareRuns(path: string, rows: readonly Row[], names: readonly string[]) {
  const earlier = JSON.parse(readFileSync(path, 'utf8')) as { rows: Row[]; runtimes: Record<string, { load_average_1min: unknown }> };
  const out: Record<string, unknown> = { file: path };
  rows.forEach((r, i) => {
    if (r.arch !== earlier.rows[i]?.arch) throw new Error(`--compare ${path}: row ${i} is another architecture; same --archs and seed needed`);
  });
  for (const name of names) {
    if (earlier.rows.length !== rows.length || !(name in earlier.runtimes)) continue;
    const pick = (r: Row, clock: 'cpu_median_ms' | 'median_ms') => (r[name] as { pass1: Record<string, number> }).pass1[clock];
    const clocks: Record<string, object> = {};
    for (const clock of ['cpu_median_ms', 'median_ms'] as const) {
      const now = rows.map((r) => pick(r, clock));
      const before = earlier.rows.map((r) => pick(r, clock));
      const d = now.map((x, i) => Math.abs(x - before[i]) / ((x + before[i]) / 2)).sort((a, b) => a - b);
      clocks[clock] = {
        spearman_run1_vs_run2: spearman(before, now),
        rel_diff_median: median(d),
        rel_diff_p90: d[Math.min(d.length - 1, Math.floor(0.9 * d.length))],
        rel_diff_max: d[d.length - 1],
        median_of_ratio_now_over_earlier: median(now.map((x, i) => x / before[i])),
      };
    }
    out[name] = { earlier_load_average_1min: earlier.runtimes[name].load_average_1min, ...clocks };
  }
  console.log(`\nRun-to-run against ${path}: ${JSON.stringify(out)}`);
  return out;
}

async function main(): Promise<void> {
  const count = Number(arg('archs', '50'));
  const runs = Number(arg('runs', '15'));
  const warmup = Number(arg('warmup', '5'));
  const group = Number(arg('group', '10'));
  const threads = Number(arg('threads', '1'));
  const tfBackend = arg('backend', 'wasm') as BackendChoice;
  const runtimes = arg('runtimes', 'tfjs,onnx').split(',').map((r) => parseRuntime(r, '--runtimes'));
  const seed = 2026;
  const backend = await initBackend(tfBackend);
  const rng = new Random(seed);
  // Width and resolution drawn too: the tool is used across the whole space.
  const archs = Array.from({ length: count }, () => randomArch(rng, { width: rng.pick(WIDTH_CHOICES), resolution: rng.pick(resolutionChoices()) }));
  const madds = archs.map((a) => maddsM(a));
  const sections: Record<string, object> = {};
  const measured = new Map<string, Passes>();
  for (const runtime of runtimes as LatencyRuntime[]) {
    const name = runtime === 'onnx' ? 'onnx' : backend;
    const passes = await measurePasses(archs, { warmup, runs, seed: 1, runtime, threads: runtime === 'onnx' ? threads : undefined }, group);
    measured.set(name, passes);
    const stats = statistics(passes, madds);
    const relSpread = passes.first.map((m) => m.spread_ms / m.median_ms);
    sections[name] = {
      backend: passes.first[0].backend,
      runtime,
      threads: passes.first[0].threads,
      load_average_1min: passes.load,
      statistics: stats,
      within_measurement_iqr_over_median: { median: median(relSpread), max: Math.max(...relSpread) },
      ms_per_madds_M_cpu_median: median(passes.first.map((m, i) => m.cpu_median_ms / madds[i])),
      seconds_sequential: passes.secondsSequential,
      seconds_round_robin: passes.secondsRoundRobin,
    };
    printTable(
      `\n${passes.first[0].backend}${runtime === 'onnx' ? `, ${threads} intra-op thread(s)` : ''}: ${count} archs x 2 passes, ${warmup} warm-up + ${runs} timed runs, ` +
        `${passes.secondsSequential.toFixed(0)} s one at a time + ${passes.secondsRoundRobin.toFixed(0)} s round-robin (groups of ${group}), load ${passes.load.before.toFixed(1)} -> ${passes.load.after.toFixed(1)}`,
      stats,
    );
  }
  // How alike the runtimes rank the 50 (CPU-time medians of pass 1).
  const names = [...measured.keys()];
  const between: Record<string, number> = {};
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      between[`${names[i]}_vs_${names[j]}`] = spearman(measured.get(names[i])!.first.map((m) => m.cpu_median_ms), measured.get(names[j])!.first.map((m) => m.cpu_median_ms));
    }
  }
  if (names.length > 1) console.log(`\nSpearman between runtimes (CPU-time medians): ${JSON.stringify(between)}`);
  const result = {
    device: deviceName(),
    seed,
    archs: count,
    runs,
    warmup,
    round_robin_group: group,
    target: 'Spearman(latency, MAdds) >= 0.9',
    runtimes: sections,
    spearman_between_runtimes_cpu_median: between,
    rows: archs.map((a, i) => ({
      arch: archKey(a),
      madds_M: Number(madds[i].toFixed(2)),
      ...Object.fromEntries(
        names.map((name) => {
          const p = measured.get(name)!;
          const roundRobin = p.rr1 && p.rr2 ? { round_robin1: rowOf(p.rr1[i]), round_robin2: rowOf(p.rr2[i]) } : {};
          return [name, { pass1: rowOf(p.first[i]), pass2: rowOf(p.second[i]), ...roundRobin }];
        }),
      ),
    })),
  };
  const compareWith = arg('compare', '');
  const compared = compareWith === '' ? undefined : compareRuns(compareWith, result.rows, names);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  const file = arg('out', tfBackend === 'wasm' ? 'latencyMeasure.json' : `latencyMeasure.${tfBackend}.json`);
  writeFileSync(join(__dirname, 'results', file), JSON.stringify({ ...result, compared_with_earlier_run: compared }, null, 2) + '\n');
  console.log(`wrote bench/results/${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
