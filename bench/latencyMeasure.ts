// Latency measured on this machine over 50 random architectures: how well it ranks with MAdds (Spearman),
// and how much the median of one architecture moves between two measurements.
// Run: npx tsx bench/latencyMeasure.ts [--archs 50] [--runs 15] [--warmup 5]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LatencyMeasurement, deviceName, measureLatency } from '../src/core/cost/measuredLatency';
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
  const started = performance.now();
  for (const arch of archs) first.push(await measureLatency(arch, { warmup, runs, seed: 1 }));
  // Second pass in reverse order, so slow drift of the machine does not line up with the first pass.
  for (let i = count - 1; i >= 0; i--) second[i] = await measureLatency(archs[i], { warmup, runs, seed: 1 });
  const seconds = (performance.now() - started) / 1000;

  const m1 = first.map((m) => m.median_ms);
  const m2 = second.map((m) => m.median_ms);
  const relDiff = m1.map((a, i) => Math.abs(a - m2[i]) / ((a + m2[i]) / 2));
  const relSpread = first.map((m) => m.spread_ms / m.median_ms);
  const result = {
    device: deviceName(),
    backend,
    seed,
    archs: count,
    runs,
    warmup,
    spearman_latency_vs_madds: { first_pass: spearman(madds, m1), second_pass: spearman(madds, m2), mean_of_passes: spearman(madds, m1.map((a, i) => (a + m2[i]) / 2)) },
    spearman_pass1_vs_pass2: spearman(m1, m2),
    run_to_run_relative_difference_of_median: { median: median(relDiff), p90: median(relDiff.slice().sort((a, b) => a - b).slice(Math.floor(0.8 * count))), max: Math.max(...relDiff) },
    within_measurement_iqr_over_median: { median: median(relSpread), max: Math.max(...relSpread) },
    ms_per_madds_M: median(m1.map((t, i) => t / madds[i])),
    seconds_total: seconds,
    target: 'Spearman(latency, MAdds) >= 0.9',
    rows: archs.map((a, i) => ({ arch: archKey(a), madds_M: Number(madds[i].toFixed(2)), median_ms_1: m1[i], median_ms_2: m2[i], spread_ms_1: first[i].spread_ms })),
  };
  console.log(`device ${result.device}, backend ${backend}, ${count} archs x 2 passes, ${warmup} warm-up + ${runs} timed runs each, ${seconds.toFixed(0)} s`);
  console.log('metric                                   value');
  console.log(`Spearman(latency, MAdds) pass 1         ${result.spearman_latency_vs_madds.first_pass.toFixed(3)}`);
  console.log(`Spearman(latency, MAdds) pass 2         ${result.spearman_latency_vs_madds.second_pass.toFixed(3)}`);
  console.log(`Spearman(pass 1, pass 2)                 ${result.spearman_pass1_vs_pass2.toFixed(3)}`);
  console.log(`|median1 - median2| / mean, median       ${(100 * result.run_to_run_relative_difference_of_median.median).toFixed(1)} %`);
  console.log(`|median1 - median2| / mean, max          ${(100 * result.run_to_run_relative_difference_of_median.max).toFixed(1)} %`);
  console.log(`IQR / median within a measurement (med)  ${(100 * result.within_measurement_iqr_over_median.median).toFixed(1)} %`);
  console.log(`ms per million MAdds (median)            ${result.ms_per_madds_M.toFixed(4)}`);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'latencyMeasure.json'), JSON.stringify(result, null, 2) + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
