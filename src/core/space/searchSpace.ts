/**
 * Once-for-All's MobileNetV3 search space (Cai et al., ICLR 2020; mit-han-lab/once-for-all `OFAMobileNetV3`):
 * a first conv, a first block (expand 1, depthwise 3x3), five elastic stages, a final expand conv, a feature
 * mix conv after global pooling and a classifier.
 */

export const STAGE_COUNT = 5;
export const MAX_DEPTH = 4;
export const LAYER_SLOTS = STAGE_COUNT * MAX_DEPTH;

export const DEPTH_CHOICES = [2, 3, 4] as const;
export const KERNEL_CHOICES = [3, 5, 7] as const;
export const EXPAND_CHOICES = [3, 4, 6] as const;
export const WIDTH_CHOICES = [1.0, 1.2] as const;

export type Width = (typeof WIDTH_CHOICES)[number];

/** OFA trains its elastic-resolution supernet on 128..224 in steps of 4. */
export const RESOLUTION_MIN = 128;
export const RESOLUTION_MAX = 224;
export const RESOLUTION_STEP = 4;
export const DEFAULT_RESOLUTION = 224;
export const DEFAULT_WIDTH: Width = 1.2;
export const NUM_CLASSES = 1000;

/** Identifies this space in checkpoints, so a file from another space is refused. */
export const SEARCH_SPACE_ID = 'ofa-mbv3/d234-k357-e346';

export type Activation = 'relu' | 'h_swish';

export interface StageSpec {
  /** Output channels before the width multiplier. */
  readonly baseWidth: number;
  /** Stride of the stage's first layer; the rest have stride 1. */
  readonly stride: number;
  readonly squeezeExcite: boolean;
  readonly activation: Activation;
}

export const STAGES: readonly StageSpec[] = [
  { baseWidth: 24, stride: 2, squeezeExcite: false, activation: 'relu' },
  { baseWidth: 40, stride: 2, squeezeExcite: true, activation: 'relu' },
  { baseWidth: 80, stride: 2, squeezeExcite: false, activation: 'h_swish' },
  { baseWidth: 112, stride: 1, squeezeExcite: true, activation: 'h_swish' },
  { baseWidth: 160, stride: 2, squeezeExcite: true, activation: 'h_swish' },
];

export const FIRST_CONV_BASE_WIDTH = 16;
export const FINAL_EXPAND_BASE_WIDTH = 960;
export const FEATURE_MIX_BASE_WIDTH = 1280;
/** Squeeze-excite reduces the mid channels by 4 (OFA's `SEModule.REDUCTION`). */
export const SE_REDUCTION = 4;

/** OFA's `make_divisible`: round to a multiple of `divisor`, never dropping more than 10 %. */
export function makeDivisible(value: number, divisor = 8, minValue = divisor): number {
  let rounded = Math.max(minValue, Math.floor((value + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * value) rounded += divisor;
  return rounded;
}

/** Channel counts of the fixed parts of the network for a width multiplier. */
export interface ChannelPlan {
  /** Output of the first conv, which is also the first block's input and output. */
  readonly firstConv: number;
  readonly stages: readonly number[];
  readonly finalExpand: number;
  readonly featureMix: number;
}

export function channelPlan(width: Width): ChannelPlan {
  return {
    firstConv: makeDivisible(FIRST_CONV_BASE_WIDTH * width),
    stages: STAGES.map((s) => makeDivisible(s.baseWidth * width)),
    finalExpand: makeDivisible(FINAL_EXPAND_BASE_WIDTH * width),
    featureMix: makeDivisible(FEATURE_MIX_BASE_WIDTH * width),
  };
}

/** Mid (expanded) channels of an inverted-bottleneck layer, as OFA's `get_active_subnet` computes them. */
export function midChannels(inChannels: number, expandRatio: number): number {
  return makeDivisible(Math.round(inChannels * expandRatio));
}

export function seChannels(mid: number): number {
  return makeDivisible(Math.floor(mid / SE_REDUCTION));
}

/** Every resolution OFA's elastic-resolution supernet was trained on. */
export function resolutionChoices(): number[] {
  const out: number[] = [];
  for (let r = RESOLUTION_MIN; r <= RESOLUTION_MAX; r += RESOLUTION_STEP) out.push(r);
  return out;
}

export function slotIndex(stage: number, layer: number): number {
  return stage * MAX_DEPTH + layer;
}
