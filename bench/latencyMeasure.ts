// Latency measured on this machine over 50 random architectures: how well it ranks with MAdds (Spearman),
// and how much the median of one architecture moves between two measurements.
// Run: npx tsx bench/latencyMeasure.ts [--archs 50] [--runs 15] [--warmup 5]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { LatencyMeasurement, deviceName, measureLatencies, measureLatency } from '../src/core/cost/measuredLatency';
import { maddsM } from '../src/core/cost/madds';
import { spearman } from '../src/core/predict/rankMetrics';
import { archKey, randomArch } from '../src/core/space/arch';
import { WIDTH_CHOICES, resolutionChoices } from '../src/core/space/searchSpace';
import { initBackend } from '../src/core/tf/backend';
import { Random } from '../src/core/util/random';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function median(values: readonly number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main(): Promise<void> {
  const count = arg('archs', 50);
  const runs = arg('runs', 15);
  const warmup = arg('warmup', 5);
  const seed = 2026;
  const backend = await initBackend('wasm');
  const rng = new Random(seed);
  // Width and resolution drawn too: the tool is used across the whole space.
  const archs = Array.from({ length: count }, () => randomArch(rng, { width: rng.pick(WIDTH_CHOICES), resolution: rng.pick(resolutionChoices()) }));
  const madds = archs.map((a) => maddsM(a));
  const first: LatencyMeasurement[] = [];
  const second: LatencyMeasurement[] = new Array<LatencyMeasurement>(count);
  const loadBefore = loadavg()[0];
  const started = performance.now();
  for (const arch of archs) first.push(await measureLatency(arch, { warmup, runs, seed: 1 }));
  // Second pass in reverse order, so slow drift of the machine does not line up with the first pass.
  for (let i = count - 1; i >= 0; i--) second[i] = await measureLatency(archs[i], { warmup, runs, seed: 1 });
  const seconds = (performance.now() - started) / 1000;
  // The cost model's way: groups of `group` networks timed round-robin, so load changes hit a group alike.
  const group = arg('group', 10);
  const startedRR = performance.now();
  const rr1 = await measureLatencies(archs, { warmup, runs, seed: 1, group });
  const rr2 = (await measureLatencies(archs.slice().reverse(), { warmup, runs, seed: 1, group })).reverse();
  const secondsRR = (performance.now() - startedRR) / 1000;

  const rel = (a: readonly number[], b: readonly number[]) => a.map((x, i) => Math.abs(x - b[i]) / ((x + b[i]) / 2));
  const summary = (pick: (m: LatencyMeasurement) => number, p1 = first, p2 = second) => {
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
  const statistics = {
    wall_median_ms: summary((m) => m.median_ms),
    wall_min_ms: summary((m) => m.min_ms),
    cpu_median_ms: summary((m) => m.cpu_median_ms),
    round_robin_wall_median_ms: summary((m) => m.median_ms, rr1, rr2),
    round_robin_cpu_median_ms: summary((m) => m.cpu_median_ms, rr1, rr2),
  };
  const relSpread = first.map((m) => m.spread_ms / m.median_ms);
  const result = {
    device: deviceName(),
    backend,
    seed,
    archs: count,
    runs,
    warmup,
    load_average_1min: { before: loadBefore, after: loadavg()[0] },
    statistics,
    within_measurement_iqr_over_median: { median: median(relSpread), max: Math.max(...relSpread) },
    ms_per_madds_M_wall_median: median(first.map((m, i) => m.median_ms / madds[i])),
    seconds_sequential: seconds,
    seconds_round_robin: secondsRR,
    round_robin_group: group,
    target: 'Spearman(latency, MAdds) >= 0.9',
    rows: archs.map((a, i) => ({
      arch: archKey(a),
      madds_M: Number(madds[i].toFixed(2)),
      pass1: { median_ms: first[i].median_ms, spread_ms: first[i].spread_ms, min_ms: first[i].min_ms, cpu_median_ms: first[i].cpu_median_ms },
      pass2: { median_ms: second[i].median_ms, spread_ms: second[i].spread_ms, min_ms: second[i].min_ms, cpu_median_ms: second[i].cpu_median_ms },
      round_robin1: { median_ms: rr1[i].median_ms, spread_ms: rr1[i].spread_ms, cpu_median_ms: rr1[i].cpu_median_ms },
      round_robin2: { median_ms: rr2[i].median_ms, spread_ms: rr2[i].spread_ms, cpu_median_ms: rr2[i].cpu_median_ms },
    })),
  };
  console.log(`device ${result.device}, backend ${backend}, ${count} archs x 2 passes, ${warmup} warm-up + ${runs} timed runs each, ${seconds.toFixed(0)} s sequential + ${secondsRR.toFixed(0)} s round-robin (groups of ${group}), load ${loadBefore.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`);
  console.log('statistic        rho(MAdds) p1  rho(MAdds) p2  rho(p1,p2)  |p1-p2|/mean med  p90     max');
  for (const [name, s] of Object.entries(statistics)) {
    const pct = (v: number) => `${(100 * v).toFixed(1)} %`.padStart(8);
    console.log(`${name.padEnd(16)} ${s.spearman_vs_madds_pass1.toFixed(3).padStart(13)}  ${s.spearman_vs_madds_pass2.toFixed(3).padStart(13)}  ${s.spearman_pass1_vs_pass2.toFixed(3).padStart(10)}  ${pct(s.run_to_run_rel_diff_median)}         ${pct(s.run_to_run_rel_diff_p90)} ${pct(s.run_to_run_rel_diff_max)}`);
  }
  console.log(`IQR / median within one measurement: median ${(100 * result.within_measurement_iqr_over_median.median).toFixed(1)} %`);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'latencyMeasure.json'), JSON.stringify(result, null, 2) + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
