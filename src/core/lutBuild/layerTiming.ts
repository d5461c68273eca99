import type { NetworkLayer } from '../space/network';
import { runLayer } from '../net/mobileNetV3';
import { layerInputShape } from '../net/layerShapes';
import { exportLayer } from '../net/onnx/onnxExport';
import { OnnxSession, randomOnnxInput } from '../net/onnx/onnxRuntime';
import type { LatencyRuntime } from '../net/timedNetwork';
import { disposeLayerWeights, layerWeights } from '../net/netWeights';
import { tf } from '../tf/backend';
import { Random } from '../util/random';
import type { TimingClock } from '../../shared/engineProtocol';

/** One table entry, in OFA's fields: timed runs, their mean and standard deviation, in ms. */
export interface LayerTiming {
  readonly count: number;
  readonly mean: number;
  readonly std: number;
}

export interface LayerTimingOptions {
  readonly clock?: TimingClock;
  /** Default `tfjs` (the backend `initBackend` chose); `onnx` times the layer exported to ONNX Runtime. */
  readonly runtime?: LatencyRuntime;
  /** ONNX Runtime intra-op threads (default 1). */
  readonly threads?: number;
  readonly warmup?: number;
  readonly repeats?: number;
  readonly seed?: number;
}

/**
 * Mean and standard deviation of the runs inside Tukey's fences (q1 - 1.5 IQR, q3 + 1.5 IQR): a run the
 * operating system preempted takes tens of ms where the operator takes one, and would dominate a plain mean.
 * `count` is the number of runs kept.
 */
export function robustTiming(times: readonly number[]): LayerTiming {
  const sorted = times.slice().sort((a, b) => a - b);
  const at = (q: number) => {
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    return sorted[lo] + (sorted[Math.ceil(pos)] - sorted[lo]) * (pos - lo);
  };
  const q1 = at(0.25);
  const q3 = at(0.75);
  const kept = sorted.filter((t) => t >= q1 - 1.5 * (q3 - q1) && t <= q3 + 1.5 * (q3 - q1));
  const mean = kept.reduce((a, b) => a + b, 0) / kept.length;
  const std = Math.sqrt(kept.reduce((a, t) => a + (t - mean) ** 2, 0) / kept.length);
  return { count: kept.length, mean, std };
}

/** Times one layer alone (see `timeLayers`). */
export async function timeLayer(layer: NetworkLayer, options: LayerTimingOptions = {}): Promise<LayerTiming> {
  return (await timeLayers([layer], options))[0];
}

interface LayerRunner {
  run(): void | Promise<void>;
  dispose(): Promise<void>;
}

/** One layer alone, random weights (BN folded): the TF.js `runLayer`, or the same layer exported to ONNX Runtime. */
async function layerRunner(layer: NetworkLayer, options: LayerTimingOptions): Promise<LayerRunner> {
  const weights = layerWeights(layer, new Random(options.seed ?? 0), { batchNorm: 'initial', weights: 'kaiming' });
  if ((options.runtime ?? 'tfjs') === 'onnx') {
    let exported;
    try {
      exported = exportLayer(layer, weights);
    } finally {
      disposeLayerWeights(weights);
    }
    const session = await OnnxSession.create(exported.model, exported.inputShape, { threads: options.threads });
    const input = randomOnnxInput(exported.inputShape, options.seed ?? 0);
    return {
      run: async () => {
        await session.run(input);
      },
      dispose: () => session.dispose(),
    };
  }
  const input = tf.randomNormal(layerInputShape(layer), 0, 1, 'float32', options.seed ?? 0);
  return {
    run: () => {
      const out = tf.tidy(() => runLayer(layer, weights, input));
      out.dataSync();
      out.dispose();
    },
    dispose: async () => {
      input.dispose();
      disposeLayerWeights(weights);
    },
  };
}

/**
 * Builds each layer alone with random weights (BN folded), then runs them round-robin: `warmup` untimed
 * rounds, `repeats` timed ones, so a change in the machine's load hits every layer of the group alike.
 */
export async function timeLayers(layers: readonly NetworkLayer[], options: LayerTimingOptions & { signal?: AbortSignal } = {}): Promise<LayerTiming[]> {
  const warmup = options.warmup ?? 5;
  const repeats = options.repeats ?? 20;
  const cpu = options.clock === 'cpu';
  const built: { runner: LayerRunner; times: number[] }[] = [];
  try {
    for (const layer of layers) built.push({ runner: await layerRunner(layer, options), times: [] });
    for (let i = 0; i < warmup + repeats; i++) {
      for (const b of built) {
        // Between runs (never inside a timed one), let a SIGINT handler or a cancel message run.
        await new Promise((resolve) => setImmediate(resolve));
        options.signal?.throwIfAborted();
        const cpuStart = cpu ? process.cpuUsage() : undefined;
        const start = performance.now();
        const pending = b.runner.run();
        if (pending !== undefined) await pending;
        const used = cpuStart === undefined ? undefined : process.cpuUsage(cpuStart);
        const elapsed = used === undefined ? performance.now() - start : (used.user + used.system) / 1000;
        if (i >= warmup) b.times.push(elapsed);
      }
    }
  } finally {
    for (const b of built) await b.runner.dispose();
  }
  return built.map((b) => robustTiming(b.times));
}
