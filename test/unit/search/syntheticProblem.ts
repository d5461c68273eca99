import { type Arch, activeLayers } from '../../../src/core/space/arch';
import type { AccuracySource } from '../../../src/core/sources/accuracySource';
import { Random } from '../../../src/core/util/random';

/**
 * A smooth synthetic objective for search tests: 60 plus, for each active layer, a fixed per-slot
 * preference for its kernel and ratio. Deeper and wider networks score higher, as real accuracy does,
 * and the preferences give each slot a best choice a search must discover.
 */
export class SyntheticAccuracy implements AccuracySource {
  readonly name = 'synthetic';
  readonly unit = '%' as const;
  readonly isEstimate = false;
  readonly queryable = true;
  readonly calls: number[] = [];
  readonly seen: Arch[] = [];
  private readonly prefs: number[][];

  constructor(seed = 7) {
    const rng = new Random(seed);
    this.prefs = Array.from({ length: 20 }, () => Array.from({ length: 9 }, () => rng.next()));
  }

  score(arch: Arch): number {
    let s = 60;
    for (const l of activeLayers(arch)) {
      const ki = [3, 5, 7].indexOf(l.kernel);
      const ei = [3, 4, 6].indexOf(l.expand);
      s += 0.5 + this.prefs[l.slot][ki * 3 + ei];
    }
    return s;
  }

  async accuracy(archs: readonly Arch[]): Promise<number[]> {
    this.calls.push(archs.length);
    this.seen.push(...archs);
    return archs.map((a) => this.score(a));
  }
}
