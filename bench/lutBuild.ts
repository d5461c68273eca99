// Latency tables built on this machine (`pnag lut build`) against end-to-end timing of whole networks:
// for 50 random architectures, Spearman correlation and mean absolute percentage error of the table's sum
// against the measured median, and the time the build took.
// Run: npx tsx bench/lutBuild.ts [--archs 50] [--repeats 20] [--resolutions 160,176,192,208,224] [--backend onnx]
// (--backend onnx: tables and end-to-end times on ONNX Runtime, 1 thread; writes latencyLutBuild.onnx.json)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LutCostModel } from '../src/core/cost/lut/lutCostModel';
import { maddsM } from '../src/core/cost/madds';
import { deviceName, measureLatencies } from '../src/core/cost/measuredLatency';
import { buildLatencyTables } from '../src/core/lutBuild/lutBuilder';
import { spearman } from '../src/core/predict/rankMetrics';
import { archKey, randomArch } from '../src/core/space/arch';
import { Random } from '../src/core/util/random';
import { arg, median } from './benchUtil';

async function main(): Promise<void> {
  const count = Number(arg('archs', '50'));
  const repeats = Number(arg('repeats', '20'));
  const resolutions = arg('resolutions', '160,176,192,208,224').split(',').map(Number);
  const onnx = arg('backend', 'wasm') === 'onnx';
  const dir = mkdtempSync(join(tmpdir(), 'pnag-lut-bench-'));
  const cpuDir = join(dir, 'cpu');
  const wallDir = join(dir, 'wall');
  const loadBefore = loadavg()[0];
  try {
    // One table per clock: elapsed time (what a user waits) and CPU time (steady on a shared machine).
    const build = await buildLatencyTables({ outDir: wallDir, resolutions, width: 1.2, repeats, warmup: 5, backend: onnx ? 'onnx' : 'wasm' });
    const cpuBuild = await buildLatencyTables({ outDir: cpuDir, resolutions, width: 1.2, repeats, warmup: 5, clock: 'cpu', backend: onnx ? 'onnx' : 'wasm' });
    const model = LutCostModel.load(wallDir);
    const cpuModel = LutCostModel.load(cpuDir);
    const rng = new Random(77);
    const archs = Array.from({ length: count }, () => randomArch(rng, { width: 1.2, resolution: rng.pick(resolutions) }));
    const lut = archs.map((a) => model.costOf(a));
    const cpuLut = archs.map((a) => cpuModel.costOf(a));
    const started = performance.now();
    const measured = await measureLatencies(archs, { warmup: 5, runs: 15, group: 10, runtime: onnx ? 'onnx' : 'tfjs' });
    const measureSeconds = (performance.now() - started) / 1000;
    const compare = (truth: number[], table: number[]) => ({
      spearman: spearman(truth, table),
      mape: truth.reduce((s, t, i) => s + Math.abs(table[i] - t) / t, 0) / truth.length,
      median_ratio_lut_over_measured: median(truth.map((t, i) => table[i] / t)),
    });
    const wall = measured.map((m) => m.median_ms);
    const cpu = measured.map((m) => m.cpu_median_ms);
    const result = {
      device: deviceName(),
      backend: build.backend,
      runtime: measured[0].backend,
      resolutions,
      width: 1.2,
      table_entries: build.measured,
      build_seconds: build.seconds,
      cpu_table_build_seconds: cpuBuild.seconds,
      repeats_per_entry: repeats,
      archs: count,
      measure_seconds: measureSeconds,
      load_average_1min: { before: loadBefore, after: loadavg()[0] },
      wall_lut_vs_wall_median: compare(wall, lut),
      cpu_lut_vs_cpu_median: compare(cpu, cpuLut),
      wall_lut_vs_cpu_median: compare(cpu, lut),
      spearman_madds_vs_wall_median: spearman(archs.map((a) => maddsM(a)), wall),
      targets: 'Spearman >= 0.95, MAPE <= 10 %',
      rows: archs.map((a, i) => ({ arch: archKey(a), wall_lut_ms: lut[i], cpu_lut_ms: cpuLut[i], wall_median_ms: wall[i], cpu_median_ms: cpu[i] })),
    };
    console.log(`device ${result.device} (${build.backend}); tables: ${build.measured} entries at r ${resolutions.join(',')} built in ${build.seconds.toFixed(0)} s (wall) and ${cpuBuild.seconds.toFixed(0)} s (CPU); load ${loadBefore.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`);
    console.log('table vs measured                  spearman   MAPE     median lut/measured');
    for (const [name, c] of [['wall table vs wall median', result.wall_lut_vs_wall_median], ['CPU table vs CPU-time median', result.cpu_lut_vs_cpu_median], ['wall table vs CPU-time median', result.wall_lut_vs_cpu_median]] as const) {
      console.log(`${name.padEnd(32)} ${c.spearman.toFixed(3).padStart(8)}   ${(100 * c.mape).toFixed(1).padStart(5)} %  ${c.median_ratio_lut_over_measured.toFixed(3)}`);
    }
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', onnx ? 'latencyLutBuild.onnx.json' : 'lutBuild.json'), JSON.stringify(result, null, 2) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
