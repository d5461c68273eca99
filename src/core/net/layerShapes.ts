import type { NetworkLayer } from '../space/network';

/** The batch-1 input a layer takes in TF.js's layout: an NHWC feature map, or a vector after pooling. */
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

/** The batch-1 output of a layer, NHWC or a vector. */
export function layerOutputShape(layer: NetworkLayer): number[] {
  switch (layer.kind) {
    case 'firstConv':
    case 'mbconv':
      return [1, layer.outSize, layer.outSize, layer.outChannels];
    case 'finalExpand':
      return [1, layer.size, layer.size, layer.outChannels];
    case 'pool':
      return [1, layer.channels];
    case 'featureMix':
      return [1, layer.outChannels];
    case 'classifier':
      return [1, layer.outFeatures];
  }
}

/** NHWC to NCHW (ONNX's layout); a vector shape is unchanged. */
export function nchwShape(shape: readonly number[]): number[] {
  return shape.length === 4 ? [shape[0], shape[3], shape[1], shape[2]] : shape.slice();
}
