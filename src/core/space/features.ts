import type { Arch } from './arch';
import { EXPAND_CHOICES, KERNEL_CHOICES, LAYER_SLOTS } from './searchSpace';

/** Length of PNAG's per-layer one-hot encoding: 20 slots x (3 kernels + 3 ratios). */
export const PNAG_FEATURE_LENGTH = LAYER_SLOTS * (KERNEL_CHOICES.length + EXPAND_CHOICES.length);
/** Length of OFA's accuracy-predictor input: PNAG's 120 plus an 8-way resolution one-hot. */
export const OFA_FEATURE_LENGTH = PNAG_FEATURE_LENGTH + 8;

/**
 * One-hot of each slot's kernel size at `3i + {0,1,2}` and expand ratio at `60 + 3i + {0,1,2}`,
 * all zeros for unused slots. This is the layout of OFA's predictor input (nasdata README).
 */
export function pnagFeatures(arch: Arch, out: Float32Array = new Float32Array(PNAG_FEATURE_LENGTH), offset = 0): Float32Array {
  out.fill(0, offset, offset + PNAG_FEATURE_LENGTH);
  const ratioBase = LAYER_SLOTS * KERNEL_CHOICES.length;
  for (let i = 0; i < LAYER_SLOTS; i++) {
    const k = arch.kernels[i];
    if (k === 0) continue;
    out[offset + 3 * i + (KERNEL_CHOICES as readonly number[]).indexOf(k)] = 1;
    out[offset + ratioBase + 3 * i + (EXPAND_CHOICES as readonly number[]).indexOf(arch.expands[i])] = 1;
  }
  return out;
}

/** OFA's 128-dim predictor features: PNAG's 120 then one-hot resolution at `120 + (r - 112) // 16`. */
export function ofaPredictorFeatures(arch: Arch, out: Float32Array = new Float32Array(OFA_FEATURE_LENGTH), offset = 0): Float32Array {
  pnagFeatures(arch, out, offset);
  out.fill(0, offset + PNAG_FEATURE_LENGTH, offset + OFA_FEATURE_LENGTH);
  out[offset + PNAG_FEATURE_LENGTH + Math.floor((arch.resolution - 112) / 16)] = 1;
  return out;
}

/** Features of many architectures as one row-major matrix, ready for a tensor. */
export function featureMatrix(
  archs: readonly Arch[],
  encode: (arch: Arch, out: Float32Array, offset: number) => Float32Array,
  length: number,
): Float32Array {
  const out = new Float32Array(archs.length * length);
  archs.forEach((arch, row) => encode(arch, out, row * length));
  return out;
}
