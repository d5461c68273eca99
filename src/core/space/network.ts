import { type Arch, activeLayers } from './arch';
import { type Activation, NUM_CLASSES, STAGES, channelPlan, midChannels, seChannels } from './searchSpace';

/**
 * The concrete layer list of one architecture: the single description from which MAdds, parameters,
 * OFA's network config, latency-table keys and the real TensorFlow.js network are all derived.
 */
export type NetworkLayer = FirstConvLayer | MBConvBlock | FinalExpandLayer | PoolLayer | FeatureMixLayer | ClassifierLayer;

export interface FirstConvLayer {
  readonly kind: 'firstConv';
  readonly inChannels: 3;
  readonly outChannels: number;
  readonly kernel: 3;
  readonly stride: 2;
  readonly inSize: number;
  readonly outSize: number;
  readonly activation: 'h_swish';
}

export interface MBConvBlock {
  readonly kind: 'mbconv';
  /** 0 for the fixed first block, 1..5 for the elastic stages. */
  readonly stage: number;
  /** Position in the stage, from 0. */
  readonly layer: number;
  readonly inChannels: number;
  readonly outChannels: number;
  /** Expanded channels; equal to `inChannels` for the first block, which has no expansion conv. */
  readonly midChannels: number;
  readonly expandRatio: number;
  readonly kernel: number;
  readonly stride: number;
  readonly squeezeExcite: boolean;
  /** Channels inside the squeeze-excite bottleneck, 0 without SE. */
  readonly seChannels: number;
  readonly activation: Activation;
  /** Identity shortcut: stride 1 and equal in/out channels. */
  readonly residual: boolean;
  readonly inSize: number;
  readonly outSize: number;
}

export interface FinalExpandLayer {
  readonly kind: 'finalExpand';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly size: number;
  readonly activation: 'h_swish';
}

export interface PoolLayer {
  readonly kind: 'pool';
  readonly channels: number;
  readonly inSize: number;
}

export interface FeatureMixLayer {
  readonly kind: 'featureMix';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly activation: 'h_swish';
}

export interface ClassifierLayer {
  readonly kind: 'classifier';
  readonly inFeatures: number;
  readonly outFeatures: number;
}

/** Output size of a conv with padding k//2: `(size - 1) // stride + 1`. */
export function convOutputSize(size: number, stride: number): number {
  return Math.floor((size - 1) / stride) + 1;
}

export function networkLayers(arch: Arch): NetworkLayer[] {
  const plan = channelPlan(arch.width);
  const layers: NetworkLayer[] = [];
  let size = convOutputSize(arch.resolution, 2);
  layers.push({
    kind: 'firstConv',
    inChannels: 3,
    outChannels: plan.firstConv,
    kernel: 3,
    stride: 2,
    inSize: arch.resolution,
    outSize: size,
    activation: 'h_swish',
  });
  layers.push({
    kind: 'mbconv',
    stage: 0,
    layer: 0,
    inChannels: plan.firstConv,
    outChannels: plan.firstConv,
    midChannels: plan.firstConv,
    expandRatio: 1,
    kernel: 3,
    stride: 1,
    squeezeExcite: false,
    seChannels: 0,
    activation: 'relu',
    residual: true,
    inSize: size,
    outSize: size,
  });
  let channels = plan.firstConv;
  for (const l of activeLayers(arch)) {
    const spec = STAGES[l.stage];
    const stride = l.layer === 0 ? spec.stride : 1;
    const out = plan.stages[l.stage];
    const mid = midChannels(channels, l.expand);
    const outSize = convOutputSize(size, stride);
    layers.push({
      kind: 'mbconv',
      stage: l.stage + 1,
      layer: l.layer,
      inChannels: channels,
      outChannels: out,
      midChannels: mid,
      expandRatio: l.expand,
      kernel: l.kernel,
      stride,
      squeezeExcite: spec.squeezeExcite,
      seChannels: spec.squeezeExcite ? seChannels(mid) : 0,
      activation: spec.activation,
      residual: stride === 1 && channels === out,
      inSize: size,
      outSize,
    });
    channels = out;
    size = outSize;
  }
  layers.push({ kind: 'finalExpand', inChannels: channels, outChannels: plan.finalExpand, size, activation: 'h_swish' });
  layers.push({ kind: 'pool', channels: plan.finalExpand, inSize: size });
  layers.push({ kind: 'featureMix', inChannels: plan.finalExpand, outChannels: plan.featureMix, activation: 'h_swish' });
  layers.push({ kind: 'classifier', inFeatures: plan.featureMix, outFeatures: NUM_CLASSES });
  return layers;
}
