import { type Arch, archKey } from '../space/arch';
import type { AccuracySource } from '../sources/accuracySource';
import { InputError } from '../errors';

/**
 * Asks the accuracy source in batches and remembers every answer, so an architecture met twice costs
 * one query. `queries` is the number of distinct architectures asked about: the fair unit for comparing
 * searches.
 */
export class EvaluationCache {
  private readonly known = new Map<string, number>();
  private bestValue = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly source: AccuracySource,
    private readonly signal?: AbortSignal,
  ) {
    if (!source.queryable) {
      throw new InputError(`accuracy source "${source.name}" answers only for stored architectures; searching needs one that can be queried (a predictor or an evaluator)`);
    }
  }

  get queries(): number {
    return this.known.size;
  }

  get bestAccuracy(): number {
    return this.bestValue;
  }

  has(arch: Arch): boolean {
    return this.known.has(archKey(arch));
  }

  /** Accuracies of `archs` in order; only the ones not seen before go to the source, in one call. */
  async evaluate(archs: readonly Arch[]): Promise<number[]> {
    this.signal?.throwIfAborted();
    const fresh: Arch[] = [];
    const freshKeys = new Set<string>();
    for (const arch of archs) {
      const key = archKey(arch);
      if (!this.known.has(key) && !freshKeys.has(key)) {
        fresh.push(arch);
        freshKeys.add(key);
      }
    }
    if (fresh.length > 0) {
      const values = await this.source.accuracy(fresh, this.signal);
      if (values.length !== fresh.length) {
        throw new Error(`accuracy source "${this.source.name}" returned ${values.length} values for ${fresh.length} architectures`);
      }
      fresh.forEach((arch, i) => {
        this.known.set(archKey(arch), values[i]);
        if (values[i] > this.bestValue) this.bestValue = values[i];
      });
    }
    this.signal?.throwIfAborted();
    return archs.map((a) => this.known.get(archKey(a)) as number);
  }
}
