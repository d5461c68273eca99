// Latency look-up tables: load time (cold and cached), look-ups per second, agreement with the published
// Note10 column, and OFA's Note10-specialized nets against the latency their names promise.
// Run: npx tsx bench/latencyLut.ts [--archs 20000]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { parse } from 'yaml';
import { LutCostModel } from '../src/core/cost/lut/lutCostModel';
import { randomArch } from '../src/core/space/arch';
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

function timed<T>(run: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = run();
  return { value, ms: performance.now() - t0 };
}

function perSecond(model: LutCostModel, count: number, resolutions: readonly number[], width: 1.0 | 1.2): number {
  const rng = new Random(2026);
  const archs = Array.from({ length: count }, () => randomArch(rng, { width, resolution: rng.pick(resolutions) }));
  const t0 = performance.now();
  for (const arch of archs) model.costOf(arch);
  return count / ((performance.now() - t0) / 1000);
}

function main(): void {
  const count = arg('archs', 20000);
  const note10Dir = join(NASDATA, 'ofa_note10_lut');
  const nsgaFile = join(NASDATA, 'nsganetv2_i7-8700K_lut.yaml');
  const note10Cold = timed(() => LutCostModel.load(note10Dir));
  const note10Warm = timed(() => LutCostModel.load(note10Dir));
  const nsgaCold = timed(() => LutCostModel.load(nsgaFile));
  const nsgaWarm = timed(() => LutCostModel.load(nsgaFile));
  // Why parseLatencyTable turns off the yaml package's duplicate-key check (quadratic in the key count).
  const nsgaText = readFileSync(nsgaFile, 'utf8');
  const uniqueKeysOn = timed(() => parse(nsgaText));

  const pnag = parseCsv(readFileSync(join(NASDATA, 'pnag_published_archs.csv'), 'utf8'), 'pnag_published_archs.csv').rows;
  const maxError = Math.max(
    ...pnag.map((r) =>
      Math.abs(
        note10Cold.value.costOf(parsePnagString(r.values.pnag_string, { width: 1.2, resolution: Number(r.values.resolution) })) -
          Number(r.values.note10_lut_latency_ms),
      ),
    ),
  );

  // OFA's Note10 nets (w1.2) at a resolution the tables cover; their names state the latency they were searched for.
  const specialized = parseCsv(readFileSync(join(NASDATA, 'ofa_specialized_nets.csv'), 'utf8'), 'ofa_specialized_nets.csv')
    .rows.filter((r) => r.values.name.startsWith('note10_') && Number(r.values.width) === 1.2)
    .filter((r) => note10Cold.value.resolutions.includes(Number(r.values.resolution)))
    .map((r) => {
      const arch = fromOfaDict({ d: list(r.values.d), ks: list(r.values.ks), e: list(r.values.e), r: Number(r.values.resolution), w: 1.2 });
      const target = Number(/lat@(\d+)ms/.exec(r.values.name)?.[1]);
      return { name: r.values.name, resolution: arch.resolution, target_ms: target, lut_ms: Number(note10Cold.value.costOf(arch).toFixed(2)) };
    });

  const result = {
    machine: `${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}`,
    node: process.version,
    load_average_1min: Number(loadavg()[0].toFixed(2)),
    note10_load_cold_ms: Number(note10Cold.ms.toFixed(1)),
    note10_load_cached_ms: Number(note10Warm.ms.toFixed(2)),
    nsganetv2_load_cold_ms: Number(nsgaCold.ms.toFixed(1)),
    nsganetv2_load_cached_ms: Number(nsgaWarm.ms.toFixed(2)),
    nsganetv2_yaml_parse_with_unique_keys_ms: Number(uniqueKeysOn.ms.toFixed(1)),
    note10_lookups_per_second: Math.round(perSecond(note10Cold.value, count, note10Cold.value.resolutions, 1.2)),
    nsganetv2_lookups_per_second: Math.round(perSecond(nsgaCold.value, count, [128, 160, 192, 224], 1.0)),
    pnag_published_max_abs_error_ms: Number(maxError.toFixed(4)),
    ofa_note10_specialized: specialized,
  };
  const rows: [string, string][] = [
    ['Note10 folder (5 tables): first load / cached', `${result.note10_load_cold_ms} ms / ${result.note10_load_cached_ms} ms`],
    ['nsganetv2 i7-8700K file (4,050 keys): first load / cached', `${result.nsganetv2_load_cold_ms} ms / ${result.nsganetv2_load_cached_ms} ms`],
    ['  same file, yaml parse with duplicate-key check on', `${result.nsganetv2_yaml_parse_with_unique_keys_ms} ms`],
    ['network latencies / s (Note10, nsganetv2)', `${result.note10_lookups_per_second}, ${result.nsganetv2_lookups_per_second}`],
    ['max |error| vs published Note10 column (15 PNAG archs)', `${result.pnag_published_max_abs_error_ms} ms`],
    ...specialized.map((s): [string, string] => [`  ${s.name} (r${s.resolution})`, `${s.lut_ms} ms (target ${s.target_ms} ms)`]),
  ];
  console.log(`load average ${result.load_average_1min}`);
  for (const [k, v] of rows) console.log(`${k.padEnd(62)} ${v}`);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'latencyLut.json'), `${JSON.stringify(result, null, 2)}\n`);
}

main();
