import type { Arch } from '../space/arch';
import { type NetworkLayer, networkLayers } from '../space/network';

/**
 * Which multiply-adds are counted. `ofa` is Once-for-All's count (classifier included, as in OFA's and
 * DyNAS-T's tables); `pnag` leaves the final classifier out, as the PNAG paper's numbers do.
 */
export type MaddsCount = 'ofa' | 'pnag';
export const MADDS_COUNTS: readonly MaddsCount[] = ['ofa', 'pnag'];

export interface MaddsResult {
  /** Multiply-adds, absolute. */
  readonly madds: number;
  readonly count: MaddsCount;
}

/** Multiply-adds of a conv producing an `outSize` x `outSize` map: cin * cout * k^2 * out^2 / groups. */
export function convMadds(outSize: number, inChannels: number, outChannels: number, kernel: number, groups = 1): number {
  return (inChannels * outChannels * kernel * kernel * outSize * outSize) / groups;
}

/** Multiply-adds of one layer. Bias, BN, activations, SE scaling, residual adds and pooling count 0. */
export function layerMadds(layer: NetworkLayer): number {
  switch (layer.kind) {
    case 'firstConv':
      return convMadds(layer.outSize, layer.inChannels, layer.outChannels, layer.kernel);
    case 'mbconv': {
      const mid = layer.midChannels;
      const expand = layer.expandRatio === 1 ? 0 : convMadds(layer.inSize, layer.inChannels, mid, 1);
      const depthwise = convMadds(layer.outSize, mid, mid, layer.kernel, mid);
      const se = layer.squeezeExcite ? convMadds(1, mid, layer.seChannels, 1) + convMadds(1, layer.seChannels, mid, 1) : 0;
      const project = convMadds(layer.outSize, mid, layer.outChannels, 1);
      return expand + depthwise + se + project;
    }
    case 'finalExpand':
      return convMadds(layer.size, layer.inChannels, layer.outChannels, 1);
    case 'pool':
      return 0;
    case 'featureMix':
      return convMadds(1, layer.inChannels, layer.outChannels, 1);
    case 'classifier':
      return layer.inFeatures * layer.outFeatures;
  }
}

export function countMadds(arch: Arch, count: MaddsCount = 'ofa'): MaddsResult {
  let total = 0;
  for (const layer of networkLayers(arch)) {
    if (count === 'pnag' && layer.kind === 'classifier') continue;
    total += layerMadds(layer);
  }
  return { madds: total, count };
}

/** Multiply-adds in millions, the unit every table and budget uses. */
export function maddsM(arch: Arch, count: MaddsCount = 'ofa'): number {
  return countMadds(arch, count).madds / 1e6;
}
