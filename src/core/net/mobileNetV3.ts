import { tf } from '../tf/backend';
import { Random } from '../util/random';
import type { Arch } from '../space/arch';
import { type NetworkLayer, networkLayers } from '../space/network';
import type { Activation } from '../space/searchSpace';
import { BN_EPS } from './batchNormFold';
import { type BatchNormInit, type WeightInit, type ConvWeights, type DenseWeights, type LayerWeights, disposeLayerWeights, layerWeights, unfoldedParamCount } from './netWeights';

/**
 * How each BN behaves in the forward pass: `folded` is inference (the folded conv bias); `batchStats` is
 * training-mode BN with weight 1 and bias 0, normalising by the batch's own statistics (what Zen-score needs).
 */
export type NormalizeMode = 'folded' | 'batchStats';

export interface ForwardHooks {
  /** Every pre-activation of a block's ReLU or h-swish (not the SE gate), inside a tidy scope: keep what you need. */
  readonly activation?: (preActivation: tf.Tensor4D | tf.Tensor2D, kind: Activation) => void;
  /** With `batchStats`, each BN's per-channel batch variance, inside a tidy scope. */
  readonly batchVariance?: (variance: tf.Tensor1D) => void;
}

export interface ForwardOptions {
  /** `features` stops at the final expand layer's output (before pooling), `logits` runs the whole network. */
  readonly until?: 'features' | 'logits';
  readonly normalize?: NormalizeMode;
  readonly hooks?: ForwardHooks;
}

export interface NetOptions {
  /** Seeds every weight; equal seeds give equal networks. */
  readonly seed?: number;
  readonly batchNorm?: BatchNormInit;
  /** Default `kaiming` (OFA's); `unit` for Zen-score. */
  readonly weights?: WeightInit;
  /** Without the head (pool, feature mix, classifier) the network can only run `until: 'features'`. */
  readonly head?: boolean;
}

const HEAD_KINDS: ReadonlySet<NetworkLayer['kind']> = new Set(['pool', 'featureMix', 'classifier']);

export function hSwish<T extends tf.Tensor>(x: T): T {
  return tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6)) as T;
}

export function hSigmoid<T extends tf.Tensor>(x: T): T {
  return tf.div(tf.relu6(tf.add(x, 3)), 6) as T;
}

/**
 * The real Once-for-All MobileNetV3 subnet of an architecture in TensorFlow.js, built from exactly the layer
 * list `networkLayers(arch)`, with seeded random weights and BN folded into the convs. Input is NHWC.
 */
export class MobileNetV3 {
  private disposed = false;

  private constructor(
    readonly arch: Arch,
    readonly layers: readonly NetworkLayer[],
    /** Per layer of `layers`, BN folded; null for a head not built. Read by the ONNX exporter. */
    readonly weights: readonly (LayerWeights | null)[],
  ) {}

  static build(arch: Arch, options: NetOptions = {}): MobileNetV3 {
    const rng = new Random(options.seed ?? 0);
    const init = { batchNorm: options.batchNorm ?? 'initial', weights: options.weights ?? 'kaiming' } as const;
    const layers = networkLayers(arch);
    const weights = layers.map((layer) => (options.head === false && HEAD_KINDS.has(layer.kind) ? null : layerWeights(layer, rng, init)));
    return new MobileNetV3(arch, layers, weights);
  }

  /** A batch-1 input at the architecture's resolution. */
  get inputShape(): [number, number, number, number] {
    return [1, this.arch.resolution, this.arch.resolution, 3];
  }

  /** Parameters as PyTorch counts them on the unfolded network, per layer of `layers`; null for a head not built. */
  layerParamCounts(): (number | null)[] {
    return this.weights.map((w) => (w === null ? null : unfoldedParamCount(w)));
  }

  paramCount(): number {
    return this.layerParamCounts().reduce<number>((sum, n) => sum + (n ?? 0), 0);
  }

  /** Runs the network; the caller owns (and disposes) the returned tensor, every intermediate is freed. */
  forward(input: tf.Tensor4D, options: ForwardOptions = {}): tf.Tensor {
    if (this.disposed) throw new Error('MobileNetV3.forward: the network was disposed');
    const until = options.until ?? 'logits';
    const mode = options.normalize ?? 'folded';
    const hooks = options.hooks ?? {};
    return tf.tidy(() => {
      let x: tf.Tensor = input;
      for (let i = 0; i < this.layers.length; i++) {
        const layer = this.layers[i];
        if (until === 'features' && HEAD_KINDS.has(layer.kind)) break;
        const w = this.weights[i];
        if (w === null) throw new Error(`MobileNetV3.forward: layer ${i} (${layer.kind}) was not built; build with head: true`);
        x = runLayer(layer, w, x, mode, hooks);
      }
      return x;
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const w of this.weights) if (w !== null) disposeLayerWeights(w);
  }
}

/** One layer of the list on its own (also what a latency table times); not wrapped in a tidy. */
export function runLayer(layer: NetworkLayer, w: LayerWeights, x: tf.Tensor, mode: NormalizeMode = 'folded', hooks: ForwardHooks = {}): tf.Tensor {
  const x4 = x as tf.Tensor4D;
  if (layer.kind === 'firstConv' && w.kind === 'firstConv') return convAct(x4, w.conv, 'h_swish', mode, hooks);
  if (layer.kind === 'finalExpand' && w.kind === 'finalExpand') return convAct(x4, w.conv, 'h_swish', mode, hooks);
  if (layer.kind === 'pool') return tf.mean(x4, [1, 2]);
  if (layer.kind === 'featureMix' && w.kind === 'featureMix') return denseAct(x as tf.Tensor2D, w.dense, 'h_swish', hooks);
  if (layer.kind === 'classifier' && w.kind === 'classifier') return denseAct(x as tf.Tensor2D, w.dense, null, hooks);
  if (layer.kind === 'mbconv' && w.kind === 'mbconv') {
    let y = w.expand === null ? x4 : convAct(x4, w.expand, layer.activation, mode, hooks);
    y = convAct(y, w.depthwise, layer.activation, mode, hooks);
    if (w.seReduce !== null && w.seExpand !== null) {
      const pooled = tf.mean(y, [1, 2]) as tf.Tensor2D;
      const squeezed = tf.relu(linear(pooled, w.seReduce));
      const gate = hSigmoid(linear(squeezed, w.seExpand));
      y = tf.mul(y, tf.reshape(gate, [gate.shape[0], 1, 1, gate.shape[1]]));
    }
    y = convAct(y, w.project, null, mode, hooks);
    return layer.residual ? tf.add(y, x4) : y;
  }
  throw new Error(`MobileNetV3: weights of kind ${w.kind} do not fit layer ${layer.kind}`);
}

function linear(x: tf.Tensor2D, w: DenseWeights): tf.Tensor2D {
  const y = tf.matMul(x, w.weight) as tf.Tensor2D;
  return w.bias === null ? y : (tf.add(y, w.bias) as tf.Tensor2D);
}

function denseAct(x: tf.Tensor2D, w: DenseWeights, act: Activation | null, hooks: ForwardHooks): tf.Tensor2D {
  const y = linear(x, w);
  if (act === null) return y;
  hooks.activation?.(y, act);
  return act === 'relu' ? tf.relu(y) : hSwish(y);
}

/** A conv (padding k//2 on every side, as PyTorch's OFA layers pad) with its BN and activation. */
function convAct(x: tf.Tensor4D, w: ConvWeights, act: Activation | null, mode: NormalizeMode, hooks: ForwardHooks): tf.Tensor4D {
  const pad = w.kernel >> 1;
  if (mode === 'folded' && hooks.activation === undefined && act !== 'h_swish') {
    // Fast path for timing: bias and ReLU fused into the conv kernel.
    const fusedArgs = { x, filter: w.weight, strides: w.stride, pad, bias: w.bias ?? undefined, activation: act === 'relu' ? ('relu' as const) : ('linear' as const) };
    return w.depthwise ? tf.fused.depthwiseConv2d(fusedArgs) : tf.fused.conv2d(fusedArgs);
  }
  let y = w.depthwise ? tf.depthwiseConv2d(x, w.weight, w.stride, pad) : tf.conv2d(x, w.weight, w.stride, pad);
  if (mode === 'batchStats' && w.biasOrigin === 'bn') {
    const { mean, variance } = tf.moments(y, [0, 1, 2]);
    hooks.batchVariance?.(variance as tf.Tensor1D);
    y = tf.div(tf.sub(y, mean), tf.sqrt(tf.add(variance, BN_EPS)));
  } else if (w.bias !== null) {
    y = tf.add(y, w.bias);
  }
  if (act === null) return y;
  hooks.activation?.(y, act);
  return act === 'relu' ? tf.relu(y) : hSwish(y);
}
