import type { Archive } from '../archive/archive';
import { InputError } from '../errors';
import type { Arch } from '../space/arch';
import { toPnagString } from '../space/pnagString';
import type { AccuracySource } from './accuracySource';

/** Answers from measured accuracies stored in an archive; it cannot evaluate anything new. */
export class ArchiveAccuracySource implements AccuracySource {
  readonly unit = '%' as const;
  readonly isEstimate = false;
  readonly measured = true;
  readonly queryable = false;
  readonly name: string;

  constructor(
    private readonly archive: Archive,
    private readonly metric = 'top1',
  ) {
    this.name = `archive:${archive.path ?? 'memory'}`;
  }

  async accuracy(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]> {
    signal?.throwIfAborted();
    return archs.map((arch) => {
      const value = this.archive.get(arch)?.metrics[this.metric];
      if (value === undefined) {
        throw new InputError(
          `${this.name}: no ${this.metric} for ${toPnagString(arch)} at width ${arch.width.toFixed(1)}, resolution ${arch.resolution} (${this.archive.withMetric(this.metric).length} architectures have one)`,
        );
      }
      return value;
    });
  }

  /** The architectures this source can answer for. */
  known(): Arch[] {
    return this.archive.withMetric(this.metric).map((r) => r.arch);
  }
}
