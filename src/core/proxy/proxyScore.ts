import { InputError } from '../errors';
import type { Arch } from '../space/arch';
import { maddsM } from '../cost/madds';
import { paramsM } from '../cost/params';
import { MobileNetV3 } from '../net/mobileNetV3';
import { currentBackend, tf } from '../tf/backend';
import { naswotScore } from './naswot';
import { zenScore } from './zenScore';

/** Training-free scores: two computed on the real network at initialisation, two from the cost model alone. */
export type ProxyKind = 'naswot' | 'zen' | 'madds' | 'params';
export const PROXY_KINDS: readonly ProxyKind[] = ['naswot', 'zen', 'madds', 'params'];

export interface ProxyOptions {
  /** Minibatch of gaussian inputs (NASWOT's kernel is batch x batch): default 8. */
  readonly batch?: number;
  /**
   * Input side as a fraction of the architecture's resolution (0.143 runs an r224 network on 32x32 inputs):
   * the proxies rank by structure, and small inputs make them several times cheaper (bench/proxies.ts: same ranking as 56x56). Default 0.143.
   */
  readonly scale?: number;
  /** Seeds the weights and the inputs; every architecture sees the same inputs. Default 0. */
  readonly seed?: number;
  readonly signal?: AbortSignal;
}

export function checkProxyKind(kind: string, where = 'proxy'): ProxyKind {
  if (!(PROXY_KINDS as readonly string[]).includes(kind)) throw new InputError(`${where}: "${kind}" is not one of ${PROXY_KINDS.join(', ')}`);
  return kind as ProxyKind;
}

/** Side of the proxy's input: the architecture's resolution times `scale`, a multiple of 4, at least 32. */
export function proxyInputSize(arch: Arch, scale: number): number {
  return Math.max(32, 4 * Math.round((arch.resolution * scale) / 4));
}

/** Scores each architecture (higher should mean more accurate). Network-based kinds need TF.js (the backend in use, else wasm). */
export async function proxyScores(archs: readonly Arch[], kind: ProxyKind, options: ProxyOptions = {}): Promise<number[]> {
  if (kind === 'madds') return archs.map((a) => Math.log(maddsM(a)));
  if (kind === 'params') return archs.map((a) => Math.log(paramsM(a)));
  const batch = options.batch ?? 8;
  const scale = options.scale ?? 0.143;
  if (!Number.isInteger(batch) || batch < 2) throw new InputError(`batch: ${batch} must be an integer >= 2`);
  if (!(scale > 0 && scale <= 1)) throw new InputError(`scale: ${scale} must be in (0, 1]`);
  // Whatever backend the process already chose (a job's --backend); wasm when nothing has chosen yet.
  await currentBackend('wasm');
  const seed = options.seed ?? 0;
  const inputs = new Map<number, [tf.Tensor4D, tf.Tensor4D]>();
  const inputsFor = (size: number): [tf.Tensor4D, tf.Tensor4D] => {
    let pair = inputs.get(size);
    if (pair === undefined) {
      pair = [tf.randomNormal([batch, size, size, 3], 0, 1, 'float32', seed + 1), tf.randomNormal([batch, size, size, 3], 0, 1, 'float32', seed + 2)];
      inputs.set(size, pair);
    }
    return pair;
  };
  const out: number[] = [];
  try {
    for (const arch of archs) {
      options.signal?.throwIfAborted();
      const [x, noise] = inputsFor(proxyInputSize(arch, scale));
      // Zen-NAS scores unit-variance weights (its BN-variance term measures their growth); NASWOT keeps OFA's init.
      const net = MobileNetV3.build(arch, { seed, head: false, weights: kind === 'zen' ? 'unit' : 'kaiming' });
      try {
        out.push(kind === 'naswot' ? naswotScore(net, x) : zenScore(net, x, noise));
      } finally {
        net.dispose();
      }
      // Let a worker's cancel message or the UI through between architectures.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    for (const [x, noise] of inputs.values()) {
      x.dispose();
      noise.dispose();
    }
  }
  return out;
}
