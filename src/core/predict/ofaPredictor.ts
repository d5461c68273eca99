import { InputError } from '../errors';
import { AccuracySource } from '../sources/accuracySource';
import { Arch } from '../space/arch';
import { OFA_FEATURE_LENGTH, ofaPredictorFeatures } from '../space/features';
import { OfaPredictorWeights, loadOfaPredictorWeights } from './ofaPredictorWeights';

/**
 * OFA's accuracy predictor as an accuracy source: the 128-dim one-hot features through a 4-layer ReLU MLP,
 * in plain JS (float32 weights, float64 sums). It predicts top-1 of subnets with inherited supernet weights,
 * which reads about 3 points above fine-tuned ImageNet results.
 */
export class OfaPredictor implements AccuracySource {
  readonly name = 'ofa-predictor';
  readonly unit = '%' as const;
  readonly isEstimate = false;
  readonly queryable = true;
  /** The first layer transposed to `[inputs, hidden]`, so a one-hot input adds whole contiguous rows. */
  private readonly firstTransposed: Float32Array;

  constructor(readonly weights: OfaPredictorWeights) {
    const first = weights.layers[0];
    this.firstTransposed = new Float32Array(first.inputs * first.outputs);
    for (let o = 0; o < first.outputs; o++) {
      for (let i = 0; i < first.inputs; i++) this.firstTransposed[i * first.outputs + o] = first.weight[o * first.inputs + i];
    }
  }

  /** Loads `acc_predictor.pth` (legacy torch.save) or the JSON weights file. */
  static fromFile(path: string): OfaPredictor {
    return new OfaPredictor(loadOfaPredictorWeights(path));
  }

  /** Predicted top-1 as OFA's predictor outputs it: a fraction in [0, 1]. */
  predictFractions(archs: readonly Arch[]): Float64Array {
    const out = new Float64Array(archs.length);
    const features = new Float32Array(OFA_FEATURE_LENGTH);
    const hidden = this.weights.layers.slice(0, -1).map((l) => new Float64Array(l.outputs));
    for (let n = 0; n < archs.length; n++) {
      const arch = archs[n];
      if (arch.width !== 1.2) {
        throw new InputError(`width ${arch.width.toFixed(1)}: OFA's predictor was trained on the w1.2 supernet only`);
      }
      if (arch.resolution < 112 || arch.resolution > 239) {
        throw new InputError(`resolution ${arch.resolution}: OFA's predictor encodes only 112..239`);
      }
      ofaPredictorFeatures(arch, features);
      out[n] = this.forward(features, hidden);
    }
    return out;
  }

  /** Top-1 in percent. */
  async accuracy(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]> {
    signal?.throwIfAborted();
    return Array.from(this.predictFractions(archs), (f) => f * 100);
  }

  private forward(x: Float32Array, hidden: Float64Array[]): number {
    const [first, ...rest] = this.weights.layers;
    const h0 = hidden[0];
    for (let o = 0; o < first.outputs; o++) h0[o] = first.bias[o];
    for (let i = 0; i < first.inputs; i++) {
      const v = x[i];
      if (v === 0) continue;
      const row = i * first.outputs;
      for (let o = 0; o < first.outputs; o++) h0[o] += v * this.firstTransposed[row + o];
    }
    relu(h0);
    let input = h0;
    for (let l = 0; l < rest.length; l++) {
      const layer = rest[l];
      const last = l === rest.length - 1;
      const target = last ? null : hidden[l + 1];
      let result = 0;
      for (let o = 0; o < layer.outputs; o++) {
        let sum = layer.bias[o];
        const row = o * layer.inputs;
        const w = layer.weight;
        for (let i = 0; i < layer.inputs; i++) sum += w[row + i] * input[i];
        if (target) target[o] = sum > 0 ? sum : 0;
        else result = sum;
      }
      if (target) input = target;
      else return result;
    }
    throw new Error('OFA predictor has no output layer');
  }
}

function relu(values: Float64Array): void {
  for (let i = 0; i < values.length; i++) if (values[i] < 0) values[i] = 0;
}
