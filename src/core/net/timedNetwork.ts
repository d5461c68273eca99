import { countParams } from '../cost/params';
import { InputError } from '../errors';
import { quoteValue } from '../util/quoteValue';
import type { Arch } from '../space/arch';
import { tf } from '../tf/backend';
import { MobileNetV3 } from './mobileNetV3';
import { exportMobileNetV3 } from './onnx/onnxExport';
import { OnnxSession, randomOnnxInput } from './onnx/onnxRuntime';

/** What runs the network: TensorFlow.js (its backend chosen by `initBackend`) or ONNX Runtime's CPU provider. */
export type LatencyRuntime = 'tfjs' | 'onnx';
export const LATENCY_RUNTIMES: readonly LatencyRuntime[] = ['tfjs', 'onnx'];

export function parseRuntime(value: string, where = '--runtime'): LatencyRuntime {
  const choice = value.trim().toLowerCase();
  if (!(LATENCY_RUNTIMES as readonly string[]).includes(choice)) throw new InputError(`${where}: ${quoteValue(value)} is not one of ${LATENCY_RUNTIMES.join(', ')}`);
  return choice as LatencyRuntime;
}

/** A built network with its batch-1 input, ready to be timed: `run` returns once the output has been read. */
export interface TimedNetwork {
  readonly arch: Arch;
  run(): void | Promise<void>;
  dispose(): Promise<void>;
}

export interface TimedNetworkOptions {
  readonly runtime?: LatencyRuntime;
  /** Seed of the weights and the input (values do not change the time; kept for reproducibility). */
  readonly seed?: number;
  /** ONNX Runtime intra-op threads (default 1). */
  readonly threads?: number;
}

function checkParams(arch: Arch, built: number, where: string): void {
  const expected = countParams(arch);
  if (built !== expected) throw new Error(`${where}: built network has ${built} parameters, the cost model counts ${expected}`);
}

/**
 * Builds the architecture's real network — `MobileNetV3.build`'s seeded, BN-folded weights; for ONNX Runtime
 * the same weights exported — and checks its parameter count against the cost model before any timing.
 */
export async function buildTimedNetwork(arch: Arch, options: TimedNetworkOptions = {}): Promise<TimedNetwork> {
  const seed = options.seed ?? 0;
  const net = MobileNetV3.build(arch, { seed });
  if ((options.runtime ?? 'tfjs') === 'tfjs') {
    const input = tf.randomNormal(net.inputShape, 0, 1, 'float32', seed) as tf.Tensor4D;
    try {
      checkParams(arch, net.paramCount(), 'measureLatency');
    } catch (error) {
      input.dispose();
      net.dispose();
      throw error;
    }
    return {
      arch,
      run: () => {
        const result = net.forward(input);
        // Reading the result waits for the backend to finish; synchronously, so no event-loop delay is timed.
        result.dataSync();
        result.dispose();
      },
      dispose: async () => {
        input.dispose();
        net.dispose();
      },
    };
  }
  let exported;
  try {
    exported = exportMobileNetV3(net);
  } finally {
    net.dispose();
  }
  checkParams(arch, exported.unfoldedParams, 'measureLatency (onnx)');
  const session = await OnnxSession.create(exported.model, exported.inputShape, { threads: options.threads });
  const input = randomOnnxInput(exported.inputShape, seed);
  return {
    arch,
    run: async () => {
      await session.run(input);
    },
    dispose: () => session.dispose(),
  };
}
