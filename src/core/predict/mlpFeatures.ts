import type { Arch } from '../space/arch';
import { PNAG_FEATURE_LENGTH, ofaPredictorFeatures, OFA_FEATURE_LENGTH, pnagFeatures } from '../space/features';
import { networkLayers } from '../space/network';
import { layerMadds } from '../cost/madds';
import { layerParams } from '../cost/params';
import { DEPTH_CHOICES, LAYER_SLOTS, STAGE_COUNT, slotIndex } from '../space/searchSpace';
import { InputError } from '../errors';

/**
 * Input encodings for the learned predictors.
 * - `onehot`: PNAG's 120-dim per-slot kernel/ratio one-hot.
 * - `ofa`: OFA's 128-dim predictor input (the one-hot plus a resolution one-hot).
 * - `rich`: the one-hot plus exact costs the network implies - per-layer and per-stage MAdds, total
 *   and log MAdds, parameters, depth one-hots, resolution and width. Costs are deterministic functions
 *   of the architecture, so giving them to the MLP spares it from learning them from 2,000 samples.
 */
export const FEATURE_SETS = ['onehot', 'ofa', 'rich'] as const;
export type FeatureSet = (typeof FEATURE_SETS)[number];

const RICH_EXTRA = LAYER_SLOTS + STAGE_COUNT + 4 + STAGE_COUNT * DEPTH_CHOICES.length + 2;

export function checkFeatureSet(value: string, where = 'feature set'): FeatureSet {
  if (!(FEATURE_SETS as readonly string[]).includes(value)) {
    throw new InputError(`${where}: "${value}" is not one of ${FEATURE_SETS.join(', ')}`);
  }
  return value as FeatureSet;
}

export function featureLength(set: FeatureSet): number {
  switch (set) {
    case 'onehot':
      return PNAG_FEATURE_LENGTH;
    case 'ofa':
      return OFA_FEATURE_LENGTH;
    case 'rich':
      return PNAG_FEATURE_LENGTH + RICH_EXTRA;
  }
}

function richFeatures(arch: Arch, out: Float32Array, offset: number): void {
  pnagFeatures(arch, out, offset);
  let o = offset + PNAG_FEATURE_LENGTH;
  const perSlot = new Float64Array(LAYER_SLOTS);
  const perStage = new Float64Array(STAGE_COUNT);
  let total = 0;
  let params = 0;
  for (const layer of networkLayers(arch)) {
    const m = layerMadds(layer);
    total += m;
    params += layerParams(layer);
    if (layer.kind === 'mbconv' && layer.stage > 0) {
      perSlot[slotIndex(layer.stage - 1, layer.layer)] = m / 1e6;
      perStage[layer.stage - 1] += m / 1e6;
    }
  }
  for (let i = 0; i < LAYER_SLOTS; i++) out[o++] = perSlot[i];
  for (let s = 0; s < STAGE_COUNT; s++) out[o++] = perStage[s];
  out[o++] = total / 1e6;
  out[o++] = Math.log(total / 1e6);
  out[o++] = params / 1e6;
  out[o++] = arch.depths.reduce((a, b) => a + b, 0);
  for (let s = 0; s < STAGE_COUNT; s++) {
    for (const d of DEPTH_CHOICES) out[o++] = arch.depths[s] === d ? 1 : 0;
  }
  out[o++] = arch.resolution / 224;
  out[o++] = arch.width;
}

/** Encodes architectures as one row-major matrix of `featureLength(set)` columns. */
export function encodeArchs(archs: readonly Arch[], set: FeatureSet): Float32Array {
  const length = featureLength(set);
  const out = new Float32Array(archs.length * length);
  archs.forEach((arch, row) => {
    const offset = row * length;
    if (set === 'onehot') pnagFeatures(arch, out, offset);
    else if (set === 'ofa') ofaPredictorFeatures(arch, out, offset);
    else richFeatures(arch, out, offset);
  });
  return out;
}
