import { InputError } from '../errors';
import {
  DEFAULT_RESOLUTION,
  DEFAULT_WIDTH,
  DEPTH_CHOICES,
  EXPAND_CHOICES,
  KERNEL_CHOICES,
  LAYER_SLOTS,
  MAX_DEPTH,
  RESOLUTION_MAX,
  RESOLUTION_MIN,
  RESOLUTION_STEP,
  STAGE_COUNT,
  WIDTH_CHOICES,
  type Width,
  slotIndex,
} from './searchSpace';
import type { Random } from '../util/random';

/**
 * The one canonical architecture of the space. `kernels` and `expands` have 20 slots, stage-major;
 * slots past a stage's depth are always 0, so two equal networks have equal values.
 */
export interface Arch {
  readonly depths: readonly number[];
  readonly kernels: readonly number[];
  readonly expands: readonly number[];
  readonly width: Width;
  readonly resolution: number;
}

export interface ArchOptions {
  width?: number;
  resolution?: number;
}

function listOf(values: readonly number[]): string {
  return values.join(', ');
}

export function checkWidth(width: number, where = 'width'): Width {
  if (!(WIDTH_CHOICES as readonly number[]).includes(width)) {
    throw new InputError(`${where}: ${width} is not one of ${listOf(WIDTH_CHOICES.map((w) => Number(w.toFixed(1))))}`);
  }
  return width as Width;
}

export function checkResolution(resolution: number, where = 'resolution'): number {
  if (
    !Number.isInteger(resolution) ||
    resolution < RESOLUTION_MIN ||
    resolution > RESOLUTION_MAX ||
    (resolution - RESOLUTION_MIN) % RESOLUTION_STEP !== 0
  ) {
    throw new InputError(
      `${where}: ${resolution} is not one of ${RESOLUTION_MIN}, ${RESOLUTION_MIN + RESOLUTION_STEP}, ..., ${RESOLUTION_MAX} (steps of ${RESOLUTION_STEP})`,
    );
  }
  return resolution;
}

/**
 * Builds a canonical architecture, checking every value. Slots past a stage's depth may hold anything
 * (OFA ignores them) and are set to 0.
 */
export function makeArch(
  depths: readonly number[],
  kernels: readonly number[],
  expands: readonly number[],
  options: ArchOptions = {},
): Arch {
  if (depths.length !== STAGE_COUNT) {
    throw new InputError(`d: expected ${STAGE_COUNT} stage depths, got ${depths.length}`);
  }
  if (kernels.length !== LAYER_SLOTS) {
    throw new InputError(`ks: expected ${LAYER_SLOTS} kernel sizes (4 per stage), got ${kernels.length}`);
  }
  if (expands.length !== LAYER_SLOTS) {
    throw new InputError(`e: expected ${LAYER_SLOTS} expand ratios (4 per stage), got ${expands.length}`);
  }
  const outKernels = new Array<number>(LAYER_SLOTS).fill(0);
  const outExpands = new Array<number>(LAYER_SLOTS).fill(0);
  for (let s = 0; s < STAGE_COUNT; s++) {
    const d = depths[s];
    if (!(DEPTH_CHOICES as readonly number[]).includes(d)) {
      throw new InputError(`stage ${s + 1}: depth ${d} is not one of ${listOf(DEPTH_CHOICES)}`);
    }
    for (let l = 0; l < d; l++) {
      const i = slotIndex(s, l);
      const k = kernels[i];
      const e = expands[i];
      if (!(KERNEL_CHOICES as readonly number[]).includes(k)) {
        throw new InputError(`stage ${s + 1}, layer ${l + 1}: kernel size ${k} is not one of ${listOf(KERNEL_CHOICES)}`);
      }
      if (!(EXPAND_CHOICES as readonly number[]).includes(e)) {
        throw new InputError(`stage ${s + 1}, layer ${l + 1}: expand ratio ${e} is not one of ${listOf(EXPAND_CHOICES)}`);
      }
      outKernels[i] = k;
      outExpands[i] = e;
    }
  }
  return {
    depths: depths.slice(),
    kernels: outKernels,
    expands: outExpands,
    width: checkWidth(options.width ?? DEFAULT_WIDTH),
    resolution: checkResolution(options.resolution ?? DEFAULT_RESOLUTION),
  };
}

/** The same network at another width or resolution. */
export function withOptions(arch: Arch, options: ArchOptions): Arch {
  return makeArch(arch.depths, arch.kernels, arch.expands, {
    width: options.width ?? arch.width,
    resolution: options.resolution ?? arch.resolution,
  });
}

export interface ActiveLayer {
  readonly stage: number;
  readonly layer: number;
  readonly slot: number;
  readonly kernel: number;
  readonly expand: number;
}

/** The layers that exist in the network, in order. */
export function activeLayers(arch: Arch): ActiveLayer[] {
  const out: ActiveLayer[] = [];
  for (let s = 0; s < STAGE_COUNT; s++) {
    for (let l = 0; l < arch.depths[s]; l++) {
      const slot = slotIndex(s, l);
      out.push({ stage: s, layer: l, slot, kernel: arch.kernels[slot], expand: arch.expands[slot] });
    }
  }
  return out;
}

/** A stable identity: equal keys mean the same network at the same width and resolution. */
export function archKey(arch: Arch): string {
  return `${arch.depths.join(',')}:${arch.kernels.join(',')}:${arch.expands.join(',')}@w${arch.width.toFixed(1)}r${arch.resolution}`;
}

export function archEquals(a: Arch, b: Arch): boolean {
  return archKey(a) === archKey(b);
}

/** A uniformly random architecture (each depth, kernel and ratio drawn independently, as OFA samples). */
export function randomArch(rng: Random, options: ArchOptions = {}): Arch {
  const depths = Array.from({ length: STAGE_COUNT }, () => rng.pick(DEPTH_CHOICES));
  const kernels = Array.from({ length: LAYER_SLOTS }, () => rng.pick(KERNEL_CHOICES));
  const expands = Array.from({ length: LAYER_SLOTS }, () => rng.pick(EXPAND_CHOICES));
  return makeArch(depths, kernels, expands, options);
}

/** Number of distinct networks at one width and resolution: per stage, sum over depth of 9^depth. */
export function spaceSize(): number {
  let perStage = 0;
  for (const d of DEPTH_CHOICES) perStage += (KERNEL_CHOICES.length * EXPAND_CHOICES.length) ** d;
  return perStage ** STAGE_COUNT;
}

export { MAX_DEPTH };
