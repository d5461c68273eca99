// A simulated clock for the probes of the rounds (issue 14): `width` workers (an evaluator's GPUs, a cluster's array
// tasks) evaluate networks whose time grows with their cost, so that batches (each waits for its slowest network) and
// a pool that refills a worker as soon as it is free (evaluationPool.ts) can be compared in wall time. Time is in
// units of the evaluation of a network at the range's geometric middle.
import type { Arch } from '../src/core/space/arch';
import { Random } from '../src/core/util/random';

/** An evaluation's time: `1 - costShare` fixed (loading, data) plus `costShare` in proportion to the network's cost, times log-normal noise. */
export interface EvaluationTimes {
  readonly costShare: number;
  readonly noise: number;
}

/** Assumed, not measured: fine-tuning or evaluating a subnet takes time roughly in proportion to its MAdds, plus a fixed part. */
export const DEFAULT_EVALUATION_TIMES: EvaluationTimes = { costShare: 0.7, noise: 0.25 };

export class SimulatedWorkers {
  private readonly out: { readonly arch: Arch; readonly done: number }[] = [];
  private readonly rng: Random;
  private readonly middle: number;
  private clock = 0;
  private work = 0;

  constructor(
    readonly width: number,
    private readonly costOf: (arch: Arch) => number,
    range: readonly [number, number],
    private readonly times: EvaluationTimes,
    seed: number,
  ) {
    // Its own random numbers: the probe's picks do not depend on the clock.
    this.rng = new Random(seed + 7919);
    this.middle = Math.sqrt(range[0] * range[1]);
  }

  private duration(arch: Arch): number {
    const d = (1 - this.times.costShare + (this.times.costShare * this.costOf(arch)) / this.middle) * Math.exp(this.times.noise * this.rng.normal());
    this.work += d;
    return d;
  }

  /** A batch: every network starts now, and the next starts when the slowest is done. */
  batch(archs: readonly Arch[]): void {
    if (archs.length === 0) return;
    this.clock += Math.max(...archs.map((a) => this.duration(a)));
  }

  /** Pool: one more network out (a worker must be free). */
  start(arch: Arch): void {
    if (this.out.length >= this.width) throw new Error('simulated workers: every worker is busy');
    this.out.push({ arch, done: this.clock + this.duration(arch) });
  }

  get inFlight(): number {
    return this.out.length;
  }

  /** Pool: the network that finishes first; the clock moves to then. */
  next(): Arch {
    let first = 0;
    for (let i = 1; i < this.out.length; i++) if (this.out[i].done < this.out[first].done) first = i;
    const [done] = this.out.splice(first, 1);
    this.clock = Math.max(this.clock, done.done);
    return done.arch;
  }

  /** Pool: every network of a fixed list (a coverage design), a worker taking the next as soon as it is free. */
  all(archs: readonly Arch[]): void {
    let next = 0;
    while (next < archs.length || this.out.length > 0) {
      while (this.out.length < this.width && next < archs.length) this.start(archs[next++]);
      this.next();
    }
  }

  get wall(): number {
    return this.clock;
  }

  /** Share of the workers' time spent evaluating. */
  get busy(): number {
    return this.clock > 0 ? this.work / (this.clock * this.width) : 0;
  }
}
