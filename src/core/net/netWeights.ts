import { tf } from '../tf/backend';
import type { Random } from '../util/random';
import type { NetworkLayer } from '../space/network';
import { BN_EPS, type BatchNormStats, foldBatchNorm, initialBatchNorm } from './batchNormFold';

/**
 * Where a conv's bias comes from: a folded BatchNorm (PyTorch counts BN's weight and bias, 2 per channel),
 * the layer's own bias (1 per channel), or none.
 */
export type BiasOrigin = 'bn' | 'own' | 'none';

export interface ConvWeights {
  readonly depthwise: boolean;
  readonly kernel: number;
  readonly stride: number;
  /** `[k, k, cin, cout]`, or `[k, k, channels, 1]` for a depthwise conv. */
  readonly weight: tf.Tensor4D;
  readonly bias: tf.Tensor1D | null;
  readonly biasOrigin: BiasOrigin;
  readonly outChannels: number;
}

/** A 1x1 conv on a pooled (1x1) map, run as a matrix product. */
export interface DenseWeights {
  readonly weight: tf.Tensor2D;
  readonly bias: tf.Tensor1D | null;
  readonly biasOrigin: BiasOrigin;
  readonly outChannels: number;
}

export type LayerWeights =
  | { readonly kind: 'firstConv'; readonly conv: ConvWeights }
  | {
      readonly kind: 'mbconv';
      readonly expand: ConvWeights | null;
      readonly depthwise: ConvWeights;
      readonly seReduce: DenseWeights | null;
      readonly seExpand: DenseWeights | null;
      readonly project: ConvWeights;
    }
  | { readonly kind: 'finalExpand'; readonly conv: ConvWeights }
  | { readonly kind: 'pool' }
  | { readonly kind: 'featureMix'; readonly dense: DenseWeights }
  | { readonly kind: 'classifier'; readonly dense: DenseWeights };

/** `initial` is PyTorch's fresh BN (identity); `random` draws plausible trained-like statistics, to exercise the fold. */
export type BatchNormInit = 'initial' | 'random';

/**
 * `kaiming`: OFA's init (variance 2 / fan-out), activations keep their scale through the network.
 * `unit`: variance 1 for every conv and linear weight, as Zen-NAS initialises before scoring.
 */
export type WeightInit = 'kaiming' | 'unit';

/**
 * Uniform values with the variance of Kaiming-normal fan-out init (OFA's conv init): one draw per value is
 * several times cheaper than Box-Muller, and the ranking proxies only need the variance.
 */
function kaimingUniform(rng: Random, size: number, fanOut: number, init: WeightInit): Float32Array {
  const limit = Math.sqrt(3) * (init === 'unit' ? 1 : Math.sqrt(2 / fanOut));
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (rng.next() * 2 - 1) * limit;
  return out;
}

function batchNorm(rng: Random, channels: number, init: BatchNormInit): BatchNormStats {
  if (init === 'initial') return initialBatchNorm(channels);
  const draw = (f: () => number) => Float32Array.from({ length: channels }, f);
  return {
    gamma: draw(() => 0.5 + rng.next()),
    beta: draw(() => 0.2 * (rng.next() - 0.5)),
    mean: draw(() => 0.2 * (rng.next() - 0.5)),
    variance: draw(() => 0.5 + rng.next()),
    eps: BN_EPS,
  };
}

export interface InitChoice {
  readonly batchNorm: BatchNormInit;
  readonly weights: WeightInit;
}

function conv(rng: Random, init: InitChoice, cin: number, cout: number, kernel: number, stride: number, depthwise = false): ConvWeights {
  const shape: [number, number, number, number] = depthwise ? [kernel, kernel, cout, 1] : [kernel, kernel, cin, cout];
  const fanOut = depthwise ? kernel * kernel : kernel * kernel * cout;
  const raw = kaimingUniform(rng, shape[0] * shape[1] * shape[2] * shape[3], fanOut, init.weights);
  const folded = foldBatchNorm(raw, batchNorm(rng, cout, init.batchNorm));
  return {
    depthwise,
    kernel,
    stride,
    weight: tf.tensor4d(folded.weight, shape),
    bias: tf.tensor1d(folded.bias),
    biasOrigin: 'bn',
    outChannels: cout,
  };
}

function dense(rng: Random, init: InitChoice, cin: number, cout: number, withBias: boolean): DenseWeights {
  const limit = init.weights === 'unit' ? Math.sqrt(3) : 1 / Math.sqrt(cin);
  const w = new Float32Array(cin * cout);
  for (let i = 0; i < w.length; i++) w[i] = (rng.next() * 2 - 1) * limit;
  return {
    weight: tf.tensor2d(w, [cin, cout]),
    bias: withBias ? tf.zeros([cout]) : null,
    biasOrigin: withBias ? 'own' : 'none',
    outChannels: cout,
  };
}

/** Random weights for one layer of `networkLayers(arch)`, BN folded into every conv that has one. */
export function layerWeights(layer: NetworkLayer, rng: Random, init: InitChoice): LayerWeights {
  switch (layer.kind) {
    case 'firstConv':
      return { kind: 'firstConv', conv: conv(rng, init, layer.inChannels, layer.outChannels, layer.kernel, layer.stride) };
    case 'mbconv': {
      const mid = layer.midChannels;
      return {
        kind: 'mbconv',
        expand: layer.expandRatio === 1 ? null : conv(rng, init, layer.inChannels, mid, 1, 1),
        depthwise: conv(rng, init, mid, mid, layer.kernel, layer.stride, true),
        seReduce: layer.squeezeExcite ? dense(rng, init, mid, layer.seChannels, true) : null,
        seExpand: layer.squeezeExcite ? dense(rng, init, layer.seChannels, mid, true) : null,
        project: conv(rng, init, mid, layer.outChannels, 1, 1),
      };
    }
    case 'finalExpand':
      return { kind: 'finalExpand', conv: conv(rng, init, layer.inChannels, layer.outChannels, 1, 1) };
    case 'pool':
      return { kind: 'pool' };
    case 'featureMix':
      // OFA's feature-mix conv has neither bias nor BN.
      return { kind: 'featureMix', dense: dense(rng, init, layer.inChannels, layer.outChannels, false) };
    case 'classifier':
      return { kind: 'classifier', dense: dense(rng, init, layer.inFeatures, layer.outFeatures, true) };
  }
}

/** Parameters PyTorch would count for these weights before folding: a folded bias stands for BN's weight and bias. */
export function unfoldedParamCount(weights: LayerWeights): number {
  const biasParams = (bias: tf.Tensor1D | null, origin: BiasOrigin) =>
    bias === null ? 0 : origin === 'bn' ? 2 * bias.size : origin === 'own' ? bias.size : 0;
  const of = (w: ConvWeights | DenseWeights | null) => (w === null ? 0 : w.weight.size + biasParams(w.bias, w.biasOrigin));
  switch (weights.kind) {
    case 'firstConv':
    case 'finalExpand':
      return of(weights.conv);
    case 'mbconv':
      return of(weights.expand) + of(weights.depthwise) + of(weights.seReduce) + of(weights.seExpand) + of(weights.project);
    case 'pool':
      return 0;
    case 'featureMix':
    case 'classifier':
      return of(weights.dense);
  }
}

export function disposeLayerWeights(weights: LayerWeights): void {
  const free = (w: ConvWeights | DenseWeights | null) => {
    if (w === null) return;
    w.weight.dispose();
    w.bias?.dispose();
  };
  switch (weights.kind) {
    case 'firstConv':
    case 'finalExpand':
      free(weights.conv);
      return;
    case 'mbconv':
      [weights.expand, weights.depthwise, weights.seReduce, weights.seExpand, weights.project].forEach(free);
      return;
    case 'pool':
      return;
    case 'featureMix':
    case 'classifier':
      free(weights.dense);
  }
}
