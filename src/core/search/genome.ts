import { type Arch, makeArch } from '../space/arch';
import { DEPTH_CHOICES, EXPAND_CHOICES, KERNEL_CHOICES, LAYER_SLOTS, STAGE_COUNT } from '../space/searchSpace';
import type { Random } from '../util/random';

/**
 * The full gene string OFA's evolution works on: every slot has a kernel and a ratio, even past its
 * stage's depth, so a later depth mutation has genes to expose. `Arch` zeroes those slots; a genome
 * fills them at random.
 */
export interface Genome {
  depths: number[];
  kernels: number[];
  expands: number[];
  width: number;
  resolution: number;
}

export function toGenome(arch: Arch, rng: Random): Genome {
  return {
    depths: arch.depths.slice(),
    kernels: arch.kernels.map((k) => (k === 0 ? rng.pick(KERNEL_CHOICES) : k)),
    expands: arch.expands.map((e) => (e === 0 ? rng.pick(EXPAND_CHOICES) : e)),
    width: arch.width,
    resolution: arch.resolution,
  };
}

export function fromGenome(g: Genome): Arch {
  return makeArch(g.depths, g.kernels, g.expands, { width: g.width, resolution: g.resolution });
}

export function randomGenome(rng: Random, width: number, resolutions: readonly number[]): Genome {
  return {
    depths: Array.from({ length: STAGE_COUNT }, () => rng.pick(DEPTH_CHOICES)),
    kernels: Array.from({ length: LAYER_SLOTS }, () => rng.pick(KERNEL_CHOICES)),
    expands: Array.from({ length: LAYER_SLOTS }, () => rng.pick(EXPAND_CHOICES)),
    width,
    resolution: rng.pick(resolutions),
  };
}

/** Each gene is redrawn uniformly with probability `prob`; resolution with `resolutionProb` if it may vary. */
export function mutate(g: Genome, rng: Random, prob: number, resolutions: readonly number[], resolutionProb: number): Genome {
  const redraw = <T>(value: T, choices: readonly T[], p: number): T => (rng.next() < p ? rng.pick(choices) : value);
  return {
    depths: g.depths.map((d) => redraw(d, DEPTH_CHOICES, prob)),
    kernels: g.kernels.map((k) => redraw(k, KERNEL_CHOICES, prob)),
    expands: g.expands.map((e) => redraw(e, EXPAND_CHOICES, prob)),
    width: g.width,
    resolution: resolutions.length > 1 ? redraw(g.resolution, resolutions, resolutionProb) : g.resolution,
  };
}

/** Uniform crossover: every gene from one parent or the other with equal chance. */
export function crossover(a: Genome, b: Genome, rng: Random): Genome {
  const either = <T>(x: T, y: T): T => (rng.next() < 0.5 ? x : y);
  return {
    depths: a.depths.map((d, i) => either(d, b.depths[i])),
    kernels: a.kernels.map((k, i) => either(k, b.kernels[i])),
    expands: a.expands.map((e, i) => either(e, b.expands[i])),
    width: a.width,
    resolution: either(a.resolution, b.resolution),
  };
}
