import type { AccuracySource } from '../sources/accuracySource';
import { withAccuracy } from '../sources/withAccuracy';
import { type Arch, archKey } from '../space/arch';
import type { EvaluationCount } from '../../shared/evaluationCount';

/**
 * Counts the evaluations of one training and times them: the clock runs while at least one request is out,
 * so a batch of eight answered in eight minutes by eight GPUs reads one minute per evaluation, and time
 * spent training between batches does not count.
 */
export class EvaluationMeter {
  /** Distinct architectures asked about: the evaluations paid for (accuracyOrSkip never asks an evaluator about a network twice). */
  private readonly asked = new Set<string>();
  /** Answers that arrived without this training asking (a reattached cluster run's): paid for, not timed here. */
  private readonly arrivedUnasked = new Set<string>();
  private inFlight = 0;
  private busySince = 0;
  private busyMs = 0;

  constructor(
    readonly total: number,
    private readonly spentBefore: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The source, seen through the meter: every architecture asked about is counted and timed. */
  watch(source: AccuracySource): AccuracySource {
    return withAccuracy(source, (archs, signal) => this.time(archs, () => source.accuracy(archs, signal)));
  }

  async time<T>(archs: readonly Arch[], ask: () => Promise<T>): Promise<T> {
    if (this.inFlight++ === 0) this.busySince = this.now();
    try {
      return await ask();
    } finally {
      archs.forEach((a) => this.asked.add(archKey(a)));
      if (--this.inFlight === 0) this.busyMs += this.now() - this.busySince;
    }
  }

  /** Counts answers that arrived unasked (a cluster run of a crashed training, reattached by this one). */
  arrived(archs: readonly Arch[]): void {
    archs.forEach((a) => this.arrivedUnasked.add(archKey(a)));
  }

  count(): EvaluationCount {
    const done = this.spentBefore + this.asked.size + this.arrivedUnasked.size;
    if (this.asked.size === 0) return { done, total: this.total };
    const busy = this.busyMs + (this.inFlight > 0 ? this.now() - this.busySince : 0);
    const secondsEach = busy / 1000 / this.asked.size;
    return { done, total: this.total, secondsEach, secondsLeft: secondsEach * Math.max(0, this.total - done) };
  }
}
