import { NetworkLayer } from '../space/network';
import { runLayer } from '../net/mobileNetV3';
import { disposeLayerWeights, layerWeights } from '../net/netWeights';
import { tf } from '../tf/backend';
import { Random } from '../util/random';

/** One table entry, in OFA's fields: timed runs, their mean and standard deviation, in ms. */
export interface LayerTiming {
  readonly count: number;
  readonly mean: number;
  readonly std: number;
}

export interface LayerTimingOptions {
  readonly warmup?: number;
  readonly repeats?: number;
  readonly seed?: number;
}

/** The batch-1 input a layer takes: a feature map, or a vector after pooling. */
export function layerInputShape(layer: NetworkLayer): number[] {
  switch (layer.kind) {
    case 'firstConv':
    case 'mbconv':
      return [1, layer.inSize, layer.inSize, layer.inChannels];
    case 'finalExpand':
      return [1, layer.size, layer.size, layer.inChannels];
    case 'pool':
      return [1, layer.inSize, layer.inSize, layer.channels];
    case 'featureMix':
      return [1, layer.inChannels];
    case 'classifier':
      return [1, layer.inFeatures];
  }
}

/** Builds the layer alone with random weights (BN folded), runs it `warmup` times untimed, then times `repeats` runs. */
export async function timeLayer(layer: NetworkLayer, options: LayerTimingOptions = {}): Promise<LayerTiming> {
  const warmup = options.warmup ?? 5;
  const repeats = options.repeats ?? 20;
  const weights = layerWeights(layer, new Random(options.seed ?? 0), { batchNorm: 'initial', weights: 'kaiming' });
  const input = tf.randomNormal(layerInputShape(layer), 0, 1, 'float32', options.seed ?? 0);
  const times: number[] = [];
  try {
    for (let i = 0; i < warmup + repeats; i++) {
      const start = performance.now();
      const out = tf.tidy(() => runLayer(layer, weights, input));
      await out.data();
      const elapsed = performance.now() - start;
      out.dispose();
      if (i >= warmup) times.push(elapsed);
    }
  } finally {
    input.dispose();
    disposeLayerWeights(weights);
  }
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const std = Math.sqrt(times.reduce((a, t) => a + (t - mean) ** 2, 0) / times.length);
  return { count: times.length, mean, std };
}
