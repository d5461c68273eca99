// Depthwise conv alone, kernel 3 / 5 / 7, at every depthwise shape of the space (r224, w1.2): time, and time
// per multiply-add, on TF.js wasm, TF.js cpu (plain JavaScript) and ONNX Runtime (CPU, 1 thread). Evidence for
// why measured latency and MAdds rank architectures differently on a runtime (docs/latency.md).
// Run: npx tsx bench/depthwiseKernels.ts [--runs 20] [--cpu-runs 5] [--runtimes wasm,cpu,onnx] [--resolution 224]
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { deviceName } from '../src/core/cost/measuredLatency';
import { distinctLayers } from '../src/core/lutBuild/operatorSet';
import type { ConvWeights } from '../src/core/net/netWeights';
import { exportConv } from '../src/core/net/onnx/onnxExport';
import { OnnxSession, onnxRuntimeLabel } from '../src/core/net/onnx/onnxRuntime';
import { convOutputSize } from '../src/core/space/network';
import { KERNEL_CHOICES } from '../src/core/space/searchSpace';
import { initBackend, tf } from '../src/core/tf/backend';
import { Random } from '../src/core/util/random';
import { arg, median } from './benchUtil';
import { timeOneRun } from '../src/core/cost/measuredLatency';

interface Shape {
  readonly size: number;
  readonly channels: number;
  readonly stride: number;
}

/** Distinct (input size, channels, stride) of the depthwise convs the space's blocks run. */
function depthwiseShapes(resolution: number): Shape[] {
  const seen = new Map<string, Shape>();
  for (const { layer } of distinctLayers(resolution, 1.2)) {
    if (layer.kind !== 'mbconv' || layer.stage === 0) continue;
    const shape = { size: layer.inSize, channels: layer.midChannels, stride: layer.stride };
    seen.set(`${shape.size}x${shape.channels}s${shape.stride}`, shape);
  }
  return [...seen.values()].sort((a, b) => b.size - a.size || a.channels - b.channels || a.stride - b.stride);
}

function maddsOf(shape: Shape, kernel: number): number {
  const out = convOutputSize(shape.size, shape.stride);
  return out * out * shape.channels * kernel * kernel;
}

interface Op {
  readonly kernel: number;
  run(): void | Promise<void>;
  dispose(): void | Promise<void>;
  readonly wall: number[];
  readonly cpu: number[];
}

function depthwiseWeights(shape: Shape, kernel: number, rng: Random): ConvWeights {
  const values = Float32Array.from({ length: kernel * kernel * shape.channels }, () => rng.next() - 0.5);
  return {
    depthwise: true,
    kernel,
    stride: shape.stride,
    weight: tf.tensor4d(values, [kernel, kernel, shape.channels, 1]),
    bias: tf.tensor1d(Float32Array.from({ length: shape.channels }, () => rng.next() - 0.5)),
    biasOrigin: 'bn',
    outChannels: shape.channels,
  };
}

/** The conv as the network runs it in TF.js: fused depthwise conv with bias, pad k//2. */
function tfjsOp(shape: Shape, kernel: number, rng: Random): Op {
  const w = depthwiseWeights(shape, kernel, rng);
  const x = tf.randomNormal([1, shape.size, shape.size, shape.channels], 0, 1, 'float32', 1) as tf.Tensor4D;
  return {
    kernel,
    wall: [],
    cpu: [],
    run: () => {
      const y = tf.fused.depthwiseConv2d({ x, filter: w.weight, strides: w.stride, pad: kernel >> 1, bias: w.bias ?? undefined });
      y.dataSync();
      y.dispose();
    },
    dispose: () => {
      x.dispose();
      w.weight.dispose();
      w.bias?.dispose();
    },
  };
}

/** The same conv exported to ONNX (Conv, group = channels) on ONNX Runtime's CPU provider, 1 thread. */
async function onnxOp(shape: Shape, kernel: number, rng: Random): Promise<Op> {
  const w = depthwiseWeights(shape, kernel, rng);
  const exported = exportConv(w, shape.size);
  w.weight.dispose();
  w.bias?.dispose();
  const session = await OnnxSession.create(exported.model, exported.inputShape, { threads: 1 });
  const input = Float32Array.from({ length: shape.size * shape.size * shape.channels }, () => rng.next() - 0.5);
  return {
    kernel,
    wall: [],
    cpu: [],
    run: async () => {
      await session.run(input);
    },
    dispose: () => session.dispose(),
  };
}

/** The three kernels of one shape timed round-robin, so a change of load hits them alike. */
async function timeShape(ops: Op[], warmup: number, runs: number): Promise<void> {
  for (let i = 0; i < warmup + runs; i++) {
    for (const op of ops) {
      const time = await timeOneRun(() => op.run());
      if (i >= warmup) {
        op.wall.push(time.wallMs);
        op.cpu.push(time.cpuMs);
      }
    }
  }
}

interface Row {
  readonly runtime: string;
  readonly size: number;
  readonly channels: number;
  readonly stride: number;
  readonly kernel: number;
  readonly madds_M: number;
  readonly wall_median_ms: number;
  readonly cpu_median_ms: number;
  /** CPU time per multiply-add, in ns (ms per MAdd x 1e6). */
  readonly cpu_ns_per_madd: number;
}

async function main(): Promise<void> {
  const resolution = Number(arg('resolution', '224'));
  const runs = Number(arg('runs', '20'));
  const cpuRuns = Number(arg('cpu-runs', '5'));
  const runtimes = arg('runtimes', 'wasm,cpu,onnx').split(',');
  const shapes = depthwiseShapes(resolution);
  const rows: Row[] = [];
  const labels: Record<string, string> = {};
  const loadBefore = loadavg()[0];
  const started = performance.now();
  await initBackend('wasm');
  for (const runtime of runtimes) {
    if (runtime === 'wasm' || runtime === 'cpu') {
      await tf.setBackend(runtime);
      labels[runtime] = `TensorFlow.js ${tf.version_core} ${runtime}`;
    } else if (runtime === 'onnx') {
      labels[runtime] = `${onnxRuntimeLabel()}, 1 intra-op thread`;
    } else throw new Error(`--runtimes: "${runtime}" is not one of wasm, cpu, onnx`);
    const [warmup, timedRuns] = runtime === 'cpu' ? [1, cpuRuns] : [5, runs];
    for (const shape of shapes) {
      const rng = new Random(shape.size * 1000 + shape.channels);
      const ops: Op[] = [];
      for (const kernel of KERNEL_CHOICES) ops.push(runtime === 'onnx' ? await onnxOp(shape, kernel, rng) : tfjsOp(shape, kernel, rng));
      try {
        await timeShape(ops, warmup, timedRuns);
      } finally {
        for (const op of ops) await op.dispose();
      }
      for (const op of ops) {
        const madds = maddsOf(shape, op.kernel);
        const cpu = median(op.cpu);
        rows.push({
          runtime, ...shape, kernel: op.kernel, madds_M: madds / 1e6,
          wall_median_ms: median(op.wall), cpu_median_ms: cpu,
          cpu_ns_per_madd: (cpu * 1e6) / madds,
        });
      }
      const line = rows.slice(-3).map((r) => `k${r.kernel} ${r.cpu_median_ms.toFixed(2).padStart(7)} ms ${r.cpu_ns_per_madd.toFixed(2).padStart(6)} ns/MAdd`).join('   ');
      console.log(`${runtime.padEnd(5)} ${`${shape.size}x${shape.size}x${shape.channels} s${shape.stride}`.padEnd(16)} ${line}`);
    }
  }
  // Per runtime: how much a bigger kernel costs against what MAdds says (49/25 = 1.96, 25/9 = 2.78).
  const summary: Record<string, object> = {};
  for (const runtime of runtimes) {
    const ratio = (big: number, small: number) =>
      median(
        shapes.map((s) => {
          const at = (k: number) =>
            rows.find((r) => r.runtime === runtime && r.size === s.size && r.channels === s.channels && r.stride === s.stride && r.kernel === k);
          return (at(big)?.cpu_median_ms ?? NaN) / (at(small)?.cpu_median_ms ?? NaN);
        }),
      );
    const perKernel = Object.fromEntries(KERNEL_CHOICES.map((k) => [`k${k}`, median(rows.filter((r) => r.runtime === runtime && r.kernel === k).map((r) => r.cpu_ns_per_madd))]));
    summary[runtime] = {
      label: labels[runtime],
      median_cpu_ns_per_madd: perKernel,
      median_time_ratio_k5_over_k3: ratio(5, 3),
      median_time_ratio_k7_over_k5: ratio(7, 5),
      madds_ratio_k5_over_k3: 25 / 9,
      madds_ratio_k7_over_k5: 49 / 25,
    };
  }
  const result = {
    device: deviceName(),
    resolution,
    width: 1.2,
    shapes: shapes.length,
    runs: { wasm: runs, onnx: runs, cpu: cpuRuns },
    warmup: { wasm: 5, onnx: 5, cpu: 1 },
    op: 'depthwise conv with bias (pad k//2), batch 1; TF.js: tf.fused.depthwiseConv2d; ONNX: Conv with group = channels',
    clock_note: 'cpu_median_ms is this process\'s CPU time per run (steady when other work shares the machine); wall_median_ms is elapsed time',
    load_average_1min: { before: loadBefore, after: loadavg()[0] },
    seconds: (performance.now() - started) / 1000,
    summary,
    rows,
  };
  console.log(JSON.stringify(summary, null, 1));
  console.log(`load ${loadBefore.toFixed(1)} -> ${loadavg()[0].toFixed(1)}, ${result.seconds.toFixed(0)} s`);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'depthwiseKernels.json'), JSON.stringify(result, null, 2) + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
