import { InputError } from '../errors';
import type { AccuracySource } from '../sources/accuracySource';
import type { Arch } from '../space/arch';
import { OFA_FEATURE_LENGTH, ofaPredictorFeatures } from '../space/features';
import { packageDataPath } from '../data/packageData';
import { isBinaryHeaderFile, readBinaryWeightsFile } from './ofaPredictorBinary';
import { type OfaPredictorWeights, loadOfaPredictorWeights } from './ofaPredictorWeights';

/** The copy of OFA's predictor shipped in the package (data/NOTICE.md says where it comes from). */
export const BUILTIN_OFA_PREDICTOR = ['ofa-predictor', 'ofa_acc_predictor_w1.2.json'] as const;

let builtinWeights: OfaPredictorWeights | undefined;

/**
 * OFA's accuracy predictor as an accuracy source: the 128-dim one-hot features through a 4-layer ReLU MLP,
 * in plain JS (float32 weights, float64 sums). It predicts top-1 of subnets with inherited supernet weights,
 * which reads about 3 points above fine-tuned ImageNet results.
 */
/** Architectures per block of the batched forward pass. */
const BLOCK = 32;

export class OfaPredictor implements AccuracySource {
  readonly name = 'ofa-predictor';
  readonly unit = '%' as const;
  readonly isEstimate = false;
  readonly cheap = true;
  readonly queryable = true;
  /** The first layer transposed to `[inputs, hidden]`, so a one-hot input adds whole contiguous rows. */
  private readonly firstTransposed: Float32Array;
  /** The other layers' weights widened to float64 once, so the inner loop does no float32 conversions. */
  private readonly wide: Float64Array[];

  constructor(readonly weights: OfaPredictorWeights) {
    this.wide = weights.layers.slice(1).map((l) => Float64Array.from(l.weight));
    const first = weights.layers[0];
    this.firstTransposed = new Float32Array(first.inputs * first.outputs);
    for (let o = 0; o < first.outputs; o++) {
      for (let i = 0; i < first.inputs; i++) this.firstTransposed[i * first.outputs + o] = first.weight[o * first.inputs + i];
    }
  }

  /** Loads `acc_predictor.pth` (legacy torch.save), the JSON weights file, or the header of the compact binary form. */
  static fromFile(path: string): OfaPredictor {
    return new OfaPredictor(isBinaryHeaderFile(path) ? readBinaryWeightsFile(path) : loadOfaPredictorWeights(path));
  }

  /** The predictor shipped in the package; its weights are read once per process. */
  static builtin(): OfaPredictor {
    builtinWeights ??= readBinaryWeightsFile(packageDataPath(...BUILTIN_OFA_PREDICTOR));
    return new OfaPredictor(builtinWeights);
  }

  /** Predicted top-1 as OFA's predictor outputs it: a fraction in [0, 1]. */
  predictFractions(archs: readonly Arch[]): Float64Array {
    for (const arch of archs) checkCovered(arch);
    const out = new Float64Array(archs.length);
    const block = Math.min(BLOCK, archs.length);
    const features = new Float32Array(block * OFA_FEATURE_LENGTH);
    const buffers = this.weights.layers.map((l) => new Float64Array(block * l.outputs));
    for (let start = 0; start < archs.length; start += block) {
      const n = Math.min(block, archs.length - start);
      for (let b = 0; b < n; b++) ofaPredictorFeatures(archs[start + b], features, b * OFA_FEATURE_LENGTH);
      const result = this.forwardBlock(features, n, buffers);
      for (let b = 0; b < n; b++) out[start + b] = result[b];
    }
    return out;
  }

  /** Top-1 in percent. */
  async accuracy(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]> {
    signal?.throwIfAborted();
    return Array.from(this.predictFractions(archs), (f) => f * 100);
  }

  /** `n` rows at once: each weight row is read once per block rather than once per architecture. */
  private forwardBlock(x: Float32Array, n: number, buffers: Float64Array[]): Float64Array {
    const [first, ...rest] = this.weights.layers;
    const h0 = buffers[0];
    const hidden = first.outputs;
    for (let b = 0; b < n; b++) {
      const row = b * hidden;
      for (let o = 0; o < hidden; o++) h0[row + o] = first.bias[o];
      for (let i = 0; i < first.inputs; i++) {
        const v = x[b * first.inputs + i];
        if (v === 0) continue;
        const w = i * hidden;
        for (let o = 0; o < hidden; o++) h0[row + o] += v * this.firstTransposed[w + o];
      }
      for (let o = 0; o < hidden; o++) if (h0[row + o] < 0) h0[row + o] = 0;
    }
    let input = h0;
    for (let l = 0; l < rest.length; l++) {
      const layer = rest[l];
      const output = buffers[l + 1];
      const reluOut = l < rest.length - 1;
      const { inputs, outputs, bias } = layer;
      const weight = this.wide[l];
      for (let o = 0; o < outputs; o++) {
        const w = o * inputs;
        for (let b = 0; b < n; b++) {
          const h = b * inputs;
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          let i = 0;
          for (; i + 3 < inputs; i += 4) {
            s0 += weight[w + i] * input[h + i];
            s1 += weight[w + i + 1] * input[h + i + 1];
            s2 += weight[w + i + 2] * input[h + i + 2];
            s3 += weight[w + i + 3] * input[h + i + 3];
          }
          for (; i < inputs; i++) s0 += weight[w + i] * input[h + i];
          const sum = bias[o] + (s0 + s1) + (s2 + s3);
          output[b * outputs + o] = reluOut && sum < 0 ? 0 : sum;
        }
      }
      input = output;
    }
    return input;
  }
}

function checkCovered(arch: Arch): void {
  if (arch.width !== 1.2) {
    throw new InputError(`width ${arch.width.toFixed(1)}: OFA's predictor was trained on the w1.2 supernet only`);
  }
  if (arch.resolution < 112 || arch.resolution > 239) {
    throw new InputError(`resolution ${arch.resolution}: OFA's predictor encodes only 112..239`);
  }
}
