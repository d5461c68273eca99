import type { Arch } from '../space/arch';
import { type NetworkLayer, networkLayers } from '../space/network';

/**
 * Parameters as PyTorch counts them on OFA's built subnet: conv weights, BN weight and bias (running
 * statistics are buffers, not parameters), SE conv weights and biases, classifier weight and bias.
 * The feature-mix conv has neither bias nor BN.
 */
export function layerParams(layer: NetworkLayer): number {
  const bn = (channels: number) => 2 * channels;
  switch (layer.kind) {
    case 'firstConv':
      return layer.inChannels * layer.outChannels * layer.kernel * layer.kernel + bn(layer.outChannels);
    case 'mbconv': {
      const mid = layer.midChannels;
      const expand = layer.expandRatio === 1 ? 0 : layer.inChannels * mid + bn(mid);
      const depthwise = mid * layer.kernel * layer.kernel + bn(mid);
      const se = layer.squeezeExcite ? mid * layer.seChannels + layer.seChannels + layer.seChannels * mid + mid : 0;
      const project = mid * layer.outChannels + bn(layer.outChannels);
      return expand + depthwise + se + project;
    }
    case 'finalExpand':
      return layer.inChannels * layer.outChannels + bn(layer.outChannels);
    case 'pool':
      return 0;
    case 'featureMix':
      return layer.inChannels * layer.outChannels;
    case 'classifier':
      return layer.inFeatures * layer.outFeatures + layer.outFeatures;
  }
}

export function countParams(arch: Arch): number {
  return networkLayers(arch).reduce((sum, layer) => sum + layerParams(layer), 0);
}

export function paramsM(arch: Arch): number {
  return countParams(arch) / 1e6;
}
