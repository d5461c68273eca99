/**
 * Folding an inference-mode BatchNorm into the conv before it: y = gamma * (conv(x) - mean) / sqrt(var + eps) + beta
 * becomes conv'(x) + b with every output channel's filter scaled by gamma / sqrt(var + eps). The folded network
 * computes the same function with one op fewer per conv, as deployed networks do.
 */
export interface BatchNormStats {
  readonly gamma: Float32Array;
  readonly beta: Float32Array;
  readonly mean: Float32Array;
  readonly variance: Float32Array;
  readonly eps: number;
}

/** OFA's BN epsilon (`bn: {eps: 1e-5}` in its network config). */
export const BN_EPS = 1e-5;

/** PyTorch's initial BN state: weight 1, bias 0, running mean 0, running variance 1. */
export function initialBatchNorm(channels: number): BatchNormStats {
  return {
    gamma: new Float32Array(channels).fill(1),
    beta: new Float32Array(channels),
    mean: new Float32Array(channels),
    variance: new Float32Array(channels).fill(1),
    eps: BN_EPS,
  };
}

export interface FoldedConv {
  /** Filter in TF.js layout, output channel last (`[kh, kw, cin, cout]` or `[kh, kw, c, 1]` depthwise). */
  readonly weight: Float32Array;
  readonly bias: Float32Array;
}

/**
 * Folds BN into a filter whose innermost index is the output channel (TF.js layout), so channel c of
 * element i is `i % channels`. The input is not modified.
 */
export function foldBatchNorm(weight: Float32Array, bn: BatchNormStats): FoldedConv {
  const channels = bn.gamma.length;
  if (weight.length % channels !== 0) {
    throw new Error(`foldBatchNorm: ${weight.length} filter values do not divide into ${channels} channels`);
  }
  const scale = new Float32Array(channels);
  const bias = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    scale[c] = bn.gamma[c] / Math.sqrt(bn.variance[c] + bn.eps);
    bias[c] = bn.beta[c] - bn.mean[c] * scale[c];
  }
  const folded = new Float32Array(weight.length);
  for (let i = 0; i < weight.length; i++) folded[i] = weight[i] * scale[i % channels];
  return { weight: folded, bias };
}
