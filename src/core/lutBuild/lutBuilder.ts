import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { deviceName } from '../cost/measuredLatency';
import { InputError } from '../errors';
import { replaceFileAtomically } from '../fs/writeTarget';
import { checkResolution, checkWidth } from '../space/arch';
import { type BackendChoice, initBackend, tf } from '../tf/backend';
import { checkThreads, onnxRuntimeLabel } from '../net/onnx/onnxRuntime';
import { distinctLayers } from './operatorSet';
import type { LutBuildResult, TimingClock } from '../../shared/engineProtocol';
import { type LayerTiming, timeLayers } from './layerTiming';
import { MAX_BYTES, readInputText } from '../fs/readInputFile';

export interface LutBuildOptions {
  readonly outDir: string;
  /** Default 160, 176, 192, 208, 224 (OFA's Note10 set). */
  readonly resolutions?: readonly number[];
  readonly width?: number;
  readonly warmup?: number;
  readonly repeats?: number;
  /** A TF.js backend, or `onnx`: each operator exported to ONNX Runtime's CPU provider. */
  readonly backend?: BackendChoice | 'onnx';
  /** With `onnx`: ONNX Runtime intra-op threads (default 1). */
  readonly threads?: number;
  /** Name written in the `# device:` comment (the LUT cost model's name); default from CPU and backend. */
  readonly device?: string;
  /** `wall` (default): elapsed time; `cpu`: this process's CPU time, steadier on a shared machine. */
  readonly clock?: TimingClock;
  /** Operators timed round-robin together; the table is written after each group. Default 16. */
  readonly group?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: LutBuildProgress) => void;
}

export interface LutBuildProgress {
  readonly done: number;
  readonly total: number;
  readonly resolution: number;
  readonly key: string;
  /** True when the key was already in the table (a resumed build) and was not timed again. */
  readonly kept: boolean;
}

/** What a build reports: the worker's lutBuild result without what the job adds (its folder, spec and clock). */
export type LutBuildSummary = Omit<LutBuildResult, 'kind' | 'outDir' | 'costSpec' | 'clock'>;

export const DEFAULT_LUT_RESOLUTIONS: readonly number[] = [160, 176, 192, 208, 224];

export function lutFileName(resolution: number): string {
  return `${resolution}_lookup_table.yaml`;
}

/** The default device name: CPU model, core count and backend, in the characters a cost model name allows. */
export function defaultLutDevice(backend: string): string {
  return `${deviceName()}-${backend}`.toLowerCase().replace(/[^a-z0-9.+-]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Entries of a table this tool wrote before, to resume; a table from another backend is refused. */
function readExisting(path: string, backend: string, clock: TimingClock): Map<string, LayerTiming> {
  const out = new Map<string, LayerTiming>();
  if (!existsSync(path)) return out;
  const text = readInputText(path, '', MAX_BYTES.latencyTable);
  const runtime = /^# runtime: .*backend ([\w-]+)/m.exec(text);
  if (runtime && runtime[1] !== backend) {
    throw new InputError(`${path}: measured with backend ${runtime[1]}, this build uses ${backend}; choose another --out folder`);
  }
  const timedWith = /^# clock: (\w+)/m.exec(text)?.[1] ?? 'wall';
  if (runtime && timedWith !== clock) {
    throw new InputError(`${path}: timed with the ${timedWith} clock, this build uses ${clock}; choose another --out folder`);
  }
  let value: unknown;
  try {
    value = parse(text, { uniqueKeys: false });
  } catch (error) {
    throw new InputError(`${path}: cannot resume, not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  for (const [key, entry] of Object.entries((value ?? {}) as Record<string, Partial<LayerTiming>>)) {
    if (typeof entry?.mean === 'number' && typeof entry.std === 'number' && typeof entry.count === 'number') {
      out.set(key, { count: entry.count, mean: entry.mean, std: entry.std });
    }
  }
  return out;
}

function tableText(header: readonly string[], entries: ReadonlyMap<string, LayerTiming>): string {
  const lines = header.map((h) => `# ${h}`);
  for (const [key, t] of [...entries.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`${key}:`, `  count: ${t.count}`, `  mean: ${t.mean}`, `  std: ${t.std}`);
  }
  return lines.join('\n') + '\n';
}

/** Written to a temporary file and renamed, so an interrupted build never leaves a half-written table; a symlink is followed. */
function writeAtomically(path: string, text: string): void {
  replaceFileAtomically(path, text);
}

/**
 * Times every distinct layer of the space at each resolution on this machine and writes OFA-format tables
 * (`<r>_lookup_table.yaml`, `<key>: {count, mean, std}` in ms). Keys already in an existing table are kept,
 * so an interrupted build resumes where it stopped; the table is rewritten after every group of keys.
 */
export async function buildLatencyTables(options: LutBuildOptions): Promise<LutBuildSummary> {
  const resolutions = (options.resolutions ?? DEFAULT_LUT_RESOLUTIONS).map((r) => checkResolution(r, '--resolutions'));
  const width = checkWidth(options.width ?? 1.2, '--width');
  const warmup = options.warmup ?? 5;
  const repeats = options.repeats ?? 20;
  const group = options.group ?? 16;
  const clock = options.clock ?? 'wall';
  if (clock !== 'wall' && clock !== 'cpu') throw new InputError(`--clock: "${clock}" is not one of wall, cpu`);
  if (!Number.isInteger(group) || group < 1) throw new InputError(`group: ${group} must be an integer >= 1`);
  if (!Number.isInteger(repeats) || repeats < 1) throw new InputError(`--repeats: ${repeats} must be an integer >= 1`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new InputError(`--warmup: ${warmup} must be an integer >= 0`);
  const onnx = options.backend === 'onnx';
  const threads = onnx ? checkThreads(options.threads ?? 1, '--threads') : undefined;
  // With onnx the TF.js backend only holds the weights while they are exported.
  const tfBackend = await initBackend(onnx ? 'wasm' : ((options.backend ?? 'wasm') as BackendChoice));
  const backend = onnx ? 'onnx' : tfBackend;
  const runtimeLine = onnx
    ? `ONNX Runtime ${onnxRuntimeLabel().replace(/^onnxruntime /, '')} (${threads} intra-op thread${threads === 1 ? '' : 's'}), backend onnx, Node ${process.version}`
    : `TensorFlow.js ${tf.version_core}, backend ${backend}, Node ${process.version}`;
  const device = options.device ?? `${defaultLutDevice(backend)}${clock === 'cpu' ? '-cputime' : ''}`;
  if (!/^[\w.+-]+$/.test(device)) throw new InputError(`--device "${device}": use letters, digits, '.', '+', '-' or '_'`);
  mkdirSync(options.outDir, { recursive: true });
  const plan = resolutions.map((r) => ({ resolution: r, layers: distinctLayers(r, width), path: join(options.outDir, lutFileName(r)) }));
  const total = plan.reduce((n, p) => n + p.layers.length, 0);
  const started = performance.now();
  let done = 0;
  let measured = 0;
  let kept = 0;
  for (const { resolution, layers, path } of plan) {
    const entries = readExisting(path, backend, clock);
    const header = [
      `device: ${device}`,
      `cpu: ${deviceName()}`,
      `runtime: ${runtimeLine}`,
      `resolution ${resolution}, width ${width.toFixed(1)}, batch 1, ${warmup} warm-up + ${repeats} timed runs per key, round-robin in groups of ${group}, ${clock === 'cpu' ? 'CPU' : 'wall-clock'} time in ms`,
      `clock: ${clock}`,
      'mean/std/count: of the runs inside Tukey\'s fences (preempted runs dropped)',
      'built by `pnag lut build`; OFA MBv3LatencyTable format',
    ];
    for (const { key } of layers.filter((l) => entries.has(l.key))) {
      kept++;
      done++;
      options.onProgress?.({ done, total, resolution, key, kept: true });
    }
    const missing = layers.filter((l) => !entries.has(l.key));
    for (let first = 0; first < missing.length; first += group) {
      // Timing is synchronous; yield once per group so a SIGINT handler or a cancel message can run.
      await new Promise((resolve) => setImmediate(resolve));
      options.signal?.throwIfAborted();
      const chunk = missing.slice(first, first + group);
      const timings = await timeLayers(chunk.map((l) => l.layer), { warmup, repeats, clock, signal: options.signal, runtime: onnx ? 'onnx' : 'tfjs', threads });
      chunk.forEach(({ key }, i) => entries.set(key, timings[i]));
      writeAtomically(path, tableText(header, entries));
      for (const { key } of chunk) {
        measured++;
        done++;
        options.onProgress?.({ done, total, resolution, key, kept: false });
      }
    }
    writeAtomically(path, tableText(header, entries));
  }
  return { files: plan.map((p) => p.path), measured, kept, seconds: (performance.now() - started) / 1000, device, backend };
}
