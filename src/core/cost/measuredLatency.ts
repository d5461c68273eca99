import { cpus } from 'node:os';
import { InputError } from '../errors';
import type { Arch } from '../space/arch';
import { type LatencyRuntime, type TimedNetwork, buildTimedNetwork } from '../net/timedNetwork';
import { checkThreads, onnxRuntimeLabel } from '../net/onnx/onnxRuntime';
import { type BackendChoice, initBackend } from '../tf/backend';
import type { CostModel } from './costModel';
import type { TimingClock } from '../../shared/engineProtocol';

/** One architecture's latency on this machine: the median of timed batch-1 forward passes and their spread. */
export interface LatencyMeasurement {
  readonly median_ms: number;
  /** Interquartile range (q3 - q1) of the timed runs. */
  readonly spread_ms: number;
  readonly q1_ms: number;
  readonly q3_ms: number;
  readonly min_ms: number;
  /**
   * Median CPU time this process spent per run. On a busy machine wall time includes waiting for a core;
   * CPU time of the (single-threaded) wasm backend does not, so it ranks networks more steadily.
   */
  readonly cpu_median_ms: number;
  /** Timed runs (warm-up runs excluded). */
  readonly runs: number;
  readonly warmup: number;
  /** CPU model and core count, e.g. `AMD EPYC x2`. */
  readonly device: string;
  /** What ran the network: the TF.js backend (`wasm`, `cpu`, `tensorflow`) or `onnxruntime <version> cpu`. */
  readonly backend: string;
  readonly runtime: LatencyRuntime;
  /** ONNX Runtime's intra-op threads; null for TF.js (its wasm backend picks its own). */
  readonly threads: number | null;
  readonly width: number;
  readonly resolution: number;
}

export interface MeasureOptions {
  /** Untimed runs first (kernel set-up, caches): default 5. */
  readonly warmup?: number;
  /** Timed runs: default 20. */
  readonly runs?: number;
  /** Seed of the random weights (latency does not depend on values; kept for reproducibility). */
  readonly seed?: number;
  /** Default `wasm`; a process uses one backend, chosen by its first `initBackend`. With `onnx` it only holds the weights. */
  readonly backend?: BackendChoice;
  /** Default `tfjs`; `onnx` runs the same network exported to ONNX Runtime's CPU execution provider. */
  readonly runtime?: LatencyRuntime;
  /** ONNX Runtime intra-op threads: default 1, the most repeatable. */
  readonly threads?: number;
  readonly signal?: AbortSignal;
}

/** The machine the figures come from, recorded beside every measurement. */
export function deviceName(): string {
  const list = cpus();
  const model = list.length > 0 ? list[0].model.trim().replace(/\s+/g, ' ') : 'unknown CPU';
  return `${model} x${list.length}`;
}

/**
 * Elapsed and this process's CPU milliseconds of one run. A synchronous run is not awaited, so no other
 * queued work lands inside the timed span.
 */
export async function timeOneRun(run: () => Promise<void> | void): Promise<{ wallMs: number; cpuMs: number }> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const pending = run();
  if (pending !== undefined) await pending;
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function checkCount(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new InputError(`${name}: ${value} must be an integer >= ${min}`);
  return value;
}

/**
 * Builds the architecture's real network (checking its parameter count against the cost model), runs
 * `warmup` untimed and `runs` timed batch-1 forward passes, and frees every tensor it made.
 */
export async function measureLatency(arch: Arch, options: MeasureOptions = {}): Promise<LatencyMeasurement> {
  return (await measureLatencies([arch], options))[0];
}

export interface InterleavedMeasureOptions extends MeasureOptions {
  /**
   * Networks held at once and timed in round-robin (one run of each, then the next round), so a change in
   * the machine's load hits every network of the group alike instead of the one being timed. Default 8.
   */
  readonly group?: number;
}

interface Timed {
  readonly arch: Arch;
  readonly net: TimedNetwork;
  readonly wall: number[];
  readonly cpu: number[];
}

/** The runtime's label for `backend`: the TF.js backend's name, or `onnxruntime <version> cpu`. */
async function runtimeLabel(options: MeasureOptions): Promise<string> {
  const tfBackend = await initBackend(options.backend ?? 'wasm');
  return (options.runtime ?? 'tfjs') === 'onnx' ? onnxRuntimeLabel() : tfBackend;
}

/** Measures many architectures, in groups timed round-robin; results in input order. */
export async function measureLatencies(archs: readonly Arch[], options: InterleavedMeasureOptions = {}): Promise<LatencyMeasurement[]> {
  const warmup = checkCount(options.warmup ?? 5, 'warmup', 0);
  const runs = checkCount(options.runs ?? 20, 'runs', 1);
  const group = checkCount(options.group ?? 8, 'group', 1);
  const runtime = options.runtime ?? 'tfjs';
  const threads = runtime === 'onnx' ? checkThreads(options.threads ?? 1, 'threads') : null;
  const backend = await runtimeLabel(options);
  const device = deviceName();
  const out: LatencyMeasurement[] = [];
  for (let first = 0; first < archs.length; first += group) {
    const timed: Timed[] = [];
    try {
      for (const arch of archs.slice(first, first + group)) {
        const net = await buildTimedNetwork(arch, { runtime, seed: options.seed, threads: threads ?? undefined });
        timed.push({ arch, net, wall: [], cpu: [] });
      }
      for (let i = 0; i < warmup + runs; i++) {
        // Between rounds (never inside a timed run) let a cancel message through.
        await new Promise<void>((resolve) => setImmediate(resolve));
        for (const t of timed) {
          options.signal?.throwIfAborted();
          const time = await timeOneRun(() => t.net.run());
          if (i >= warmup) {
            t.wall.push(time.wallMs);
            t.cpu.push(time.cpuMs);
          }
        }
      }
      for (const t of timed) out.push(summarize(t, { runs, warmup, device, backend, runtime, threads }));
    } finally {
      for (const t of timed) await t.net.dispose();
    }
  }
  return out;
}

function summarize(
  t: Timed,
  context: { runs: number; warmup: number; device: string; backend: string; runtime: LatencyRuntime; threads: number | null },
): LatencyMeasurement {
  const times = t.wall.slice().sort((a, b) => a - b);
  const cpuTimes = t.cpu.slice().sort((a, b) => a - b);
  const q1 = quantile(times, 0.25);
  const q3 = quantile(times, 0.75);
  return {
    median_ms: quantile(times, 0.5),
    spread_ms: q3 - q1,
    q1_ms: q1,
    q3_ms: q3,
    min_ms: times[0],
    cpu_median_ms: quantile(cpuTimes, 0.5),
    ...context,
    width: t.arch.width,
    resolution: t.arch.resolution,
  };
}

export interface MeasuredCostOptions extends InterleavedMeasureOptions {
  /** Which median the model reports; `cpu` is far steadier on a shared machine (bench/results/latencyMeasure.json). */
  readonly clock?: TimingClock;
}

/** Latency measured on this machine as a cost model: not exact (timings vary run to run), in milliseconds. */
export class MeasuredLatencyCostModel implements CostModel {
  readonly unit = 'ms' as const;
  readonly exact = false as const;
  readonly name: string;
  readonly metric: string;

  private constructor(
    readonly backend: string,
    readonly device: string,
    private readonly options: MeasuredCostOptions,
  ) {
    const clock = options.clock === 'cpu' ? ':cpu' : '';
    // `onnx` names the runtime; its version and threads are in every measurement's `backend` and `threads`.
    this.name = `measure:${backend}${clock}`;
    this.metric = `latency_ms@${backend}${clock}:${device.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
  }

  /** Initialises the backend first, so the name says which one measures. */
  static async create(options: MeasuredCostOptions = {}): Promise<MeasuredLatencyCostModel> {
    const tfBackend = await initBackend(options.backend ?? 'wasm');
    // Loads ORT now, so a missing package fails here with its InputError rather than at the first measurement.
    if (options.runtime === 'onnx') onnxRuntimeLabel();
    return new MeasuredLatencyCostModel(options.runtime === 'onnx' ? 'onnx' : tfBackend, deviceName(), options);
  }

  /** Full measurements, in groups timed round-robin (never in parallel: that would distort them). */
  async measure(archs: readonly Arch[], signal?: AbortSignal): Promise<LatencyMeasurement[]> {
    return measureLatencies(archs, { ...this.options, signal: signal ?? this.options.signal });
  }

  async costs(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]> {
    const cpu = this.options.clock === 'cpu';
    return (await this.measure(archs, signal)).map((m) => (cpu ? m.cpu_median_ms : m.median_ms));
  }
}
