import fc from 'fast-check';
import { type Arch, randomArch } from '../../../src/core/space/arch';
import { resolutionChoices, WIDTH_CHOICES } from '../../../src/core/space/searchSpace';
import { Random } from '../../../src/core/util/random';

/** A valid architecture of the space, drawn from a seed so fast-check can shrink and replay it. */
export const validArch: fc.Arbitrary<Arch> = fc
  .record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), width: fc.constantFrom(...WIDTH_CHOICES), resolution: fc.constantFrom(...resolutionChoices()) })
  .map(({ seed, width, resolution }) => randomArch(new Random(seed), { width, resolution }));

/** A metric value as files write them: plausible, or at the edges. */
export const metricValue: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 0, max: 100, noNaN: true }) },
  fc.constantFrom(0, 0.783, 100, 1e-9, 450.5, 35.2),
);

/** A measured top-1 as files write it: a percentage, or at its edges (an archive refuses anything outside [0, 100]). */
export const percentValue: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 0, max: 100, noNaN: true }) },
  fc.constantFrom(0, 0.783, 100, 1e-9, 35.2),
);
