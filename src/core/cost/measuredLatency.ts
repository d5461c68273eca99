import { cpus } from 'node:os';
import { InputError } from '../errors';
import { Arch } from '../space/arch';
import { MobileNetV3 } from '../net/mobileNetV3';
import { BackendChoice, initBackend, tf } from '../tf/backend';
import { CostModel } from './costModel';
import { countParams } from './params';

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
  /** TF.js backend that ran the network: `wasm`, `cpu` or `tensorflow`. */
  readonly backend: string;
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
  /** Default `wasm`; a process uses one backend, chosen by its first `initBackend`. */
  readonly backend?: BackendChoice;
  readonly signal?: AbortSignal;
}

/** The machine the figures come from, recorded beside every measurement. */
export function deviceName(): string {
  const list = cpus();
  const model = list.length > 0 ? list[0].model.trim().replace(/\s+/g, ' ') : 'unknown CPU';
  return `${model} x${list.length}`;
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
  const warmup = checkCount(options.warmup ?? 5, 'warmup', 0);
  const runs = checkCount(options.runs ?? 20, 'runs', 1);
  const backend = await initBackend(options.backend ?? 'wasm');
  const net = MobileNetV3.build(arch, { seed: options.seed ?? 0 });
  const input = tf.randomNormal(net.inputShape, 0, 1, 'float32', options.seed ?? 0) as tf.Tensor4D;
  try {
    const built = net.paramCount();
    const expected = countParams(arch);
    if (built !== expected) throw new Error(`measureLatency: built network has ${built} parameters, the cost model counts ${expected}`);
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      options.signal?.throwIfAborted();
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      const out = net.forward(input);
      // Reading the result waits for the backend to finish (wasm runs synchronously; others need the sync).
      await out.data();
      const elapsed = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      out.dispose();
      if (i >= warmup) {
        times.push(elapsed);
        cpuTimes.push((cpu.user + cpu.system) / 1000);
      }
    }
    times.sort((a, b) => a - b);
    cpuTimes.sort((a, b) => a - b);
    const q1 = quantile(times, 0.25);
    const q3 = quantile(times, 0.75);
    return {
      median_ms: quantile(times, 0.5),
      spread_ms: q3 - q1,
      q1_ms: q1,
      q3_ms: q3,
      min_ms: times[0],
      cpu_median_ms: quantile(cpuTimes, 0.5),
      runs,
      warmup,
      device: deviceName(),
      backend,
      width: arch.width,
      resolution: arch.resolution,
    };
  } finally {
    input.dispose();
    net.dispose();
  }
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
    private readonly options: MeasureOptions,
  ) {
    this.name = `measure:${backend}`;
    this.metric = `latency_ms@${backend}:${device.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
  }

  /** Initialises the backend first, so the name says which one measures. */
  static async create(options: MeasureOptions = {}): Promise<MeasuredLatencyCostModel> {
    const backend = await initBackend(options.backend ?? 'wasm');
    return new MeasuredLatencyCostModel(backend, deviceName(), options);
  }

  /** Full measurements, one architecture after another (timing them in parallel would distort them). */
  async measure(archs: readonly Arch[], signal?: AbortSignal): Promise<LatencyMeasurement[]> {
    const out: LatencyMeasurement[] = [];
    for (const arch of archs) out.push(await measureLatency(arch, { ...this.options, signal: signal ?? this.options.signal }));
    return out;
  }

  async costs(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]> {
    return (await this.measure(archs, signal)).map((m) => m.median_ms);
  }
}
