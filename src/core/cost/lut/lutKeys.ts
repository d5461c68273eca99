import type { Arch } from '../../space/arch';
import { type NetworkLayer, networkLayers } from '../../space/network';
import type { LutFormat } from './latencyTable';

/**
 * The table keys of one network, one per timed layer, built the way each project's estimator builds them:
 * OFA `MBv3LatencyTable.predict_network_latency` (mit-han-lab/once-for-all) and nsganetv2 `look_up_latency`
 * (mikelzc1990/nsganetv2 utils.py). Both include the fixed first block.
 */
export function lutKeys(arch: Arch, format: LutFormat): string[] {
  const layers = networkLayers(arch);
  return format === 'ofa-mbv3' ? layers.flatMap(ofaMbv3Key) : layers.flatMap((layer) => nsganetv2Key(layer, arch.resolution));
}

function shape(size: number, channels: number): string {
  return `${size}x${size}x${channels}`;
}

/** OFA keys the expanded width (`expand:<mid channels>`, the depthwise conv's channels) and SE / h-swish. */
function ofaMbv3Key(layer: NetworkLayer): string[] {
  switch (layer.kind) {
    case 'firstConv':
      return [`Conv-input:${shape(layer.inSize, layer.inChannels)}-output:${shape(layer.outSize, layer.outChannels)}`];
    case 'mbconv':
      return [
        `expanded_conv-input:${shape(layer.inSize, layer.inChannels)}-output:${shape(layer.outSize, layer.outChannels)}` +
          `-expand:${layer.midChannels}-kernel:${layer.kernel}-stride:${layer.stride}-idskip:${layer.residual ? 1 : 0}` +
          `-se:${layer.squeezeExcite ? 1 : 0}-hs:${layer.activation === 'h_swish' ? 1 : 0}`,
      ];
    case 'finalExpand':
      return [`Conv_1-input:${shape(layer.size, layer.inChannels)}-output:${shape(layer.size, layer.outChannels)}`];
    case 'pool':
      return [`AvgPool2D-input:${shape(layer.inSize, layer.channels)}-output:${shape(1, layer.channels)}`];
    case 'featureMix':
      return [`Conv_2-input:${shape(1, layer.inChannels)}-output:${shape(1, layer.outChannels)}`];
    case 'classifier':
      return [`Logits-input:${shape(1, layer.inFeatures)}-output:${layer.outFeatures}`];
  }
}

/**
 * nsganetv2 keys the expand *ratio* (1 for the first block), has no h-swish flag and no pooling entry, and
 * writes the first conv's output as `r // 2` (equal to OFA's `(r + 1) // 2` for the even resolutions here).
 */
function nsganetv2Key(layer: NetworkLayer, resolution: number): string[] {
  switch (layer.kind) {
    case 'firstConv': {
      const out = Math.floor(resolution / 2);
      return [`first_conv-input:${shape(layer.inSize, layer.inChannels)}-output:${shape(out, layer.outChannels)}`];
    }
    case 'mbconv':
      return [
        `MBConv-input:${shape(layer.inSize, layer.inChannels)}-output:${shape(layer.outSize, layer.outChannels)}` +
          `-expand:${layer.expandRatio}-kernel:${layer.kernel}-stride:${layer.stride}-idskip:${layer.residual ? 1 : 0}` +
          `-se:${layer.squeezeExcite ? 1 : 0}`,
      ];
    case 'finalExpand':
      return [`final_expand_layer-input:${shape(layer.size, layer.inChannels)}-output:${shape(layer.size, layer.outChannels)}`];
    case 'pool':
      return [];
    case 'featureMix':
      return [`feature_mix_layer-input:${shape(1, layer.inChannels)}-output:${shape(1, layer.outChannels)}`];
    case 'classifier':
      return [`classifier-input:${layer.inFeatures}-output:${layer.outFeatures}`];
  }
}
