import { type Arch, withOptions } from '../space/arch';
import { DEFAULT_RESOLUTION, DEFAULT_WIDTH } from '../space/searchSpace';
import type { ArchSamples } from './samples';

// f(B) spells every network at the default width and resolution; the cost model and source of a training on data
// at another width or resolution take that spelling and move it there (pipeline/atWidthResolution.ts). A network
// measured at w1.0 and the same network generated must be spelled alike to be recognised as one (keys, features).

/** The width and resolution f(B) spells every network at. */
export const GENERATED_SPACE = { width: DEFAULT_WIDTH, resolution: DEFAULT_RESOLUTION } as const;

/** The network as f(B) spells it. */
export function spelledAsGenerated(arch: Arch): Arch {
  if (arch.width === DEFAULT_WIDTH && arch.resolution === DEFAULT_RESOLUTION) return arch;
  return withOptions(arch, { width: DEFAULT_WIDTH, resolution: DEFAULT_RESOLUTION });
}

/** Labelled data as f(B) spells networks. */
export function samplesAsGenerated(data: ArchSamples): ArchSamples {
  return { archs: data.archs.map(spelledAsGenerated), accuracies: data.accuracies, costs: data.costs };
}
