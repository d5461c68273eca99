import { type Arch, randomArch } from '../../../src/core/space/arch';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { LAYER_SLOTS } from '../../../src/core/space/searchSpace';
import { Random } from '../../../src/core/util/random';
import type { ArchSamples } from '../../../src/core/pnag/samples';
import type { AccuracySource } from '../../../src/core/sources/accuracySource';
import type { TrainPnagOptions } from '../../../src/core/pnag/trainPipeline';

/**
 * A synthetic accuracy for tests: saturating in MAdds plus a fixed per-slot preference for kernel and
 * ratio, so that equal-cost architectures differ and the frontier is not just "biggest wins".
 */
export function syntheticAccuracy(arch: Arch): number {
  const madds = new MaddsCostModel('pnag').costOf(arch);
  let bonus = 0;
  for (let i = 0; i < LAYER_SLOTS; i++) {
    if (arch.kernels[i] === 0) continue;
    bonus += ((i * 7) % 5 === 0 ? 0.15 : -0.05) * (arch.kernels[i] - 5) + ((i * 3) % 4 === 0 ? 0.1 : 0) * (arch.expands[i] - 4);
  }
  return 72 + 8 * (1 - Math.exp(-madds / 350)) + bonus;
}

export function syntheticSamples(count: number, seed: number): ArchSamples {
  const rng = new Random(seed);
  const cost = new MaddsCostModel('pnag');
  const archs = Array.from({ length: count }, () => randomArch(rng));
  return { archs, accuracies: archs.map(syntheticAccuracy), costs: archs.map((a) => cost.costOf(a)) };
}

/** `syntheticAccuracy` as a queryable accuracy source. */
export const syntheticSource: AccuracySource = {
  name: 'synthetic',
  unit: '%',
  isEstimate: false,
  queryable: true,
  accuracy: async (archs) => archs.map(syntheticAccuracy),
};

/** Tiny training settings on the synthetic data (MAdds, 3 budgets over 300..500 M): seconds, not minutes. */
export function smallTraining(seed: number): TrainPnagOptions {
  return {
    budgets: { range: [300, 500], k: 3 },
    seed,
    accuracySource: 'synthetic',
    costModel: new MaddsCostModel('pnag'),
    evaluatorHidden: 32,
    generatorHidden: 16,
    evaluator: { epochs: 2, batchSize: 64 },
    generator: { steps: 4, samplesPerCondition: 4 },
  };
}

/** `count` random architectures (seeded) within `budget` MAdds (pnag count). */
export function fittingArchs(count: number, budget: number, seed: number): Arch[] {
  const madds = new MaddsCostModel('pnag');
  const rng = new Random(seed);
  const out: Arch[] = [];
  while (out.length < count) {
    const a = randomArch(rng);
    if (madds.costOf(a) <= budget) out.push(a);
  }
  return out;
}
