import { InputError } from '../errors';
import { type Arch, makeArch } from './arch';
import { type MBConvBlock, networkLayers } from './network';
import { DEPTH_CHOICES, MAX_DEPTH, STAGE_COUNT, WIDTH_CHOICES, channelPlan, slotIndex } from './searchSpace';

/**
 * OFA's full network config (`MobileNetV3.config` in mit-han-lab/once-for-all): the JSON a user pastes
 * into a PyTorch OFA codebase and rebuilds with `MobileNetV3.build_from_config`.
 */
export interface OfaNetworkConfig {
  name: 'MobileNetV3';
  /** OFA's `get_bn_param()`: `ws_eps` is null unless weight standardisation is on (never in MobileNetV3). */
  bn: { momentum: number; eps: number; ws_eps: null };
  first_conv: ConvLayerConfig;
  blocks: ResidualBlockConfig[];
  final_expand_layer: ConvLayerConfig;
  feature_mix_layer: ConvLayerConfig;
  classifier: LinearLayerConfig;
  /** Not part of OFA's config; kept so the architecture's input size survives a round trip. */
  resolution?: number;
}

export interface ConvLayerConfig {
  name: 'ConvLayer';
  kernel_size: number;
  stride: number;
  dilation: 1;
  groups: 1;
  bias: boolean;
  has_shuffle: false;
  use_se: false;
  in_channels: number;
  out_channels: number;
  use_bn: boolean;
  act_func: string;
  dropout_rate: 0;
  ops_order: 'weight_bn_act';
}

export interface MBConvLayerConfig {
  name: 'MBConvLayer';
  in_channels: number;
  out_channels: number;
  kernel_size: number;
  stride: number;
  expand_ratio: number;
  /** Null where OFA leaves it unset: the fixed first block, which has no expansion conv. */
  mid_channels: number | null;
  act_func: string;
  use_se: boolean;
  groups: null;
}

export interface IdentityLayerConfig {
  name: 'IdentityLayer';
  in_channels: number;
  out_channels: number;
  use_bn: false;
  act_func: null;
  dropout_rate: 0;
  ops_order: 'weight_bn_act';
}

export interface ResidualBlockConfig {
  name: 'ResidualBlock';
  conv: MBConvLayerConfig;
  shortcut: IdentityLayerConfig | null;
}

export interface LinearLayerConfig {
  name: 'LinearLayer';
  in_features: number;
  out_features: number;
  bias: true;
  use_bn: false;
  act_func: null;
  dropout_rate: number;
  ops_order: 'weight_bn_act';
}

function conv(inChannels: number, outChannels: number, kernel: number, stride: number, useBn: boolean, act: string): ConvLayerConfig {
  return {
    name: 'ConvLayer',
    kernel_size: kernel,
    stride,
    dilation: 1,
    groups: 1,
    bias: false,
    has_shuffle: false,
    use_se: false,
    in_channels: inChannels,
    out_channels: outChannels,
    use_bn: useBn,
    act_func: act,
    dropout_rate: 0,
    ops_order: 'weight_bn_act',
  };
}

function block(layer: MBConvBlock): ResidualBlockConfig {
  return {
    name: 'ResidualBlock',
    conv: {
      name: 'MBConvLayer',
      in_channels: layer.inChannels,
      out_channels: layer.outChannels,
      kernel_size: layer.kernel,
      stride: layer.stride,
      expand_ratio: layer.expandRatio,
      // OFA's first block is built with expand_ratio 1 and no mid_channels; its config says so.
      mid_channels: layer.stage === 0 ? null : layer.midChannels,
      act_func: layer.activation,
      use_se: layer.squeezeExcite,
      groups: null,
    },
    shortcut: layer.residual
      ? {
          name: 'IdentityLayer',
          in_channels: layer.inChannels,
          out_channels: layer.outChannels,
          use_bn: false,
          act_func: null,
          dropout_rate: 0,
          ops_order: 'weight_bn_act',
        }
      : null,
  };
}

export function toNetworkConfig(arch: Arch, dropoutRate = 0.1): OfaNetworkConfig {
  const layers = networkLayers(arch);
  const blocks: ResidualBlockConfig[] = [];
  let config: Partial<OfaNetworkConfig> = { name: 'MobileNetV3', bn: { momentum: 0.1, eps: 1e-5, ws_eps: null } };
  for (const layer of layers) {
    switch (layer.kind) {
      case 'firstConv':
        config.first_conv = conv(3, layer.outChannels, 3, 2, true, 'h_swish');
        break;
      case 'mbconv':
        blocks.push(block(layer));
        break;
      case 'finalExpand':
        config.final_expand_layer = conv(layer.inChannels, layer.outChannels, 1, 1, true, 'h_swish');
        break;
      case 'featureMix':
        config.feature_mix_layer = conv(layer.inChannels, layer.outChannels, 1, 1, false, 'h_swish');
        break;
      case 'classifier':
        config.classifier = {
          name: 'LinearLayer',
          in_features: layer.inFeatures,
          out_features: layer.outFeatures,
          bias: true,
          use_bn: false,
          act_func: null,
          dropout_rate: dropoutRate,
          ops_order: 'weight_bn_act',
        };
        break;
      case 'pool':
        break;
    }
  }
  config = { ...config, blocks, resolution: arch.resolution };
  return config as OfaNetworkConfig;
}

/**
 * Reads an OFA network config back into the canonical architecture. Width comes from the first conv's
 * channels, depths from the stage boundaries (a block whose output channels change starts a stage).
 */
export function fromNetworkConfig(value: unknown, resolution?: number, defaultResolution?: number): Arch {
  const where = 'network config';
  if (typeof value !== 'object' || value === null) throw new InputError(`${where}: expected an object`);
  const record = value as Record<string, unknown>;
  const firstConv = record.first_conv as Record<string, unknown> | undefined;
  const blocks = record.blocks;
  if (!firstConv || typeof firstConv.out_channels !== 'number') {
    throw new InputError(`${where}: first_conv.out_channels is missing`);
  }
  if (!Array.isArray(blocks) || blocks.length < 1) throw new InputError(`${where}: blocks must be a non-empty list`);
  const width = WIDTH_CHOICES.find((w) => channelPlan(w).firstConv === firstConv.out_channels);
  if (width === undefined) {
    throw new InputError(
      `${where}: first_conv.out_channels ${firstConv.out_channels} matches no width (${WIDTH_CHOICES.map((w) => `${channelPlan(w).firstConv} for w${w.toFixed(1)}`).join(', ')})`,
    );
  }
  const plan = channelPlan(width);
  const depths: number[] = [];
  const kernels = new Array<number>(STAGE_COUNT * MAX_DEPTH).fill(0);
  const expands = new Array<number>(STAGE_COUNT * MAX_DEPTH).fill(0);
  let stage = -1;
  let layer = 0;
  // blocks[0] is the fixed first block.
  for (let b = 1; b < blocks.length; b++) {
    const conv = (blocks[b] as Record<string, unknown> | null)?.conv as Record<string, unknown> | undefined;
    if (!conv) throw new InputError(`${where}: blocks[${b}].conv is missing`);
    for (const field of ['out_channels', 'kernel_size', 'expand_ratio']) {
      if (typeof conv[field] !== 'number') throw new InputError(`${where}: blocks[${b}].conv.${field} must be a number`);
    }
    const out = conv.out_channels as number;
    if (stage < 0 || out !== plan.stages[stage]) {
      if (stage >= 0) depths.push(layer);
      stage++;
      layer = 0;
      if (stage >= STAGE_COUNT || out !== plan.stages[stage]) {
        throw new InputError(
          `${where}: blocks[${b}].conv.out_channels ${out} does not follow the stage widths ${plan.stages.join(', ')} of w${width.toFixed(1)}`,
        );
      }
    }
    if (layer >= MAX_DEPTH) {
      throw new InputError(`${where}: stage ${stage + 1} has more than ${MAX_DEPTH} blocks; depth must be one of ${DEPTH_CHOICES.join(', ')}`);
    }
    kernels[slotIndex(stage, layer)] = conv.kernel_size as number;
    expands[slotIndex(stage, layer)] = conv.expand_ratio as number;
    layer++;
  }
  depths.push(layer);
  if (depths.length !== STAGE_COUNT) {
    throw new InputError(`${where}: found ${depths.length} stages, expected ${STAGE_COUNT}`);
  }
  const r = resolution ?? (typeof record.resolution === 'number' ? record.resolution : defaultResolution);
  return makeArch(depths, kernels, expands, { width, resolution: r });
}
