import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import type { ArchSamples } from '../../../src/core/pnag/samples';
import { type Arch, randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';

// Accuracies with a known structure, for the tests of the per-layer model and what it misses (the pair model,
// fits around the budget, the accuracy model): w1.2 networks, costs in OFA-count MAdds.

export const W = { width: 1.2 as const, resolution: 224 };
export const madds = new MaddsCostModel('ofa');

/** A sum of per-layer terms: what the per-layer model holds exactly. */
export function perLayer(arch: Arch): number {
  let acc = 74 + arch.depths.reduce((a, d, s) => a + 0.1 * d * (s + 1), 0);
  arch.kernels.forEach((k, i) => (acc += k > 0 ? 0.03 * k * ((i % 3) - 1) + 0.05 * arch.expands[i] : 0));
  return acc;
}

/** Saturating in the per-layer sum: its square is a product of every pair of layers, which no per-layer sum holds. */
export function interacting(arch: Arch): number {
  return perLayer(arch) - 0.3 * (perLayer(arch) - 80) ** 2;
}

/** A wide layer is worth more in a small network, and less in a large one. */
export function sizeDependent(arch: Arch): number {
  const wide = arch.expands.filter((e) => e === 6).length;
  return perLayer(arch) + 0.3 * wide * Math.tanh(4 * Math.log(420 / madds.costOf(arch)));
}

/** `count` random networks (seeded) with `accuracy` and their MAdds. */
export function samples(count: number, seed: number, accuracy: (a: Arch) => number): ArchSamples {
  const rng = new Random(seed);
  const archs = Array.from({ length: count }, () => randomArch(rng, W));
  return { archs, accuracies: archs.map(accuracy), costs: archs.map((a) => madds.costOf(a)) };
}
