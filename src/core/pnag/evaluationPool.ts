import type { AccuracySource } from '../sources/accuracySource';
import type { Arch } from '../space/arch';
import { type BatchOutcome, accuracyOrSkip } from './accuracyOrSkip';

/** One network's answer, as accuracyOrSkip gives it for a batch of one. */
export interface PoolAnswer {
  readonly arch: Arch;
  readonly outcome: BatchOutcome;
}

type Settled = { readonly id: number; readonly arch: Arch } & ({ readonly outcome: BatchOutcome } | { readonly error: unknown });

/**
 * Keeps up to `width` evaluations with the source at once, each asked on its own, and hands back each answer as
 * it comes. A batch waits for its slowest network, and a network's evaluation time grows with its size: with
 * batches the workers of an evaluator or the tasks of a cluster stood idle a third of the time on a simulated clock
 * (docs/evaluation-budget.md, "Session 18"); here a worker that finishes gets the next network at once.
 */
export class EvaluationPool {
  private readonly pending = new Map<number, Promise<Settled>>();
  private sequence = 0;

  constructor(
    private readonly source: AccuracySource,
    readonly width: number,
    private readonly signal?: AbortSignal,
  ) {}

  /** Evaluations sent and not yet handed back. */
  get size(): number {
    return this.pending.size;
  }

  get full(): boolean {
    return this.pending.size >= this.width;
  }

  send(arch: Arch): void {
    const id = ++this.sequence;
    // Settled either way, so that an evaluation failing while nobody waits on it is never an unhandled rejection.
    this.pending.set(id, accuracyOrSkip(this.source, [arch], this.signal).then(
      (outcome): Settled => ({ id, arch, outcome }),
      (error: unknown): Settled => ({ id, arch, error }),
    ));
  }

  /**
   * The first evaluation to finish. A call that failed as a whole (a cancel, an evaluator that cannot start, an
   * archive that cannot be written: accuracyOrSkip) is thrown at once; the evaluations still out are left to the
   * source, which archives what they give, and to its disposal, which stops them, as it stopped a batch's.
   */
  async next(): Promise<PoolAnswer> {
    if (this.pending.size === 0) throw new Error('evaluation pool: nothing was sent');
    const settled = await Promise.race(this.pending.values());
    this.pending.delete(settled.id);
    if ('error' in settled) throw settled.error;
    return { arch: settled.arch, outcome: settled.outcome };
  }
}
