import type { JobProgress, ProgressPhase } from '../../shared/engineProtocol';

/**
 * How far along a whole training job is, for the one bar a host draws: each phase fills its span of 0..1
 * in the order the phases run. Where the training part (0.35..1) splits depends on whether frontier
 * rounds follow the generator, roughly as the default run spends its time (the rounds take about a third
 * of training with 8,000 queries). A host can draw `fraction` as it comes: it never goes back.
 */
type Spans = Record<ProgressPhase, readonly [number, number]>;

const DATA_SPANS = { label: [0, 0.3], cost: [0.3, 0.35] } as const;
const WITHOUT_ROUNDS: Spans = { ...DATA_SPANS, evaluator: [0.35, 0.55], generator: [0.55, 1], frontier: [1, 1] };
const WITH_ROUNDS: Spans = { ...DATA_SPANS, evaluator: [0.35, 0.5], generator: [0.5, 0.8], frontier: [0.8, 1] };

/**
 * The phase's own share done. The rounds ask all their queries before the last one fine-tunes, so their
 * share also waits for the round: at most halfway through the round running.
 */
function share(p: JobProgress): number {
  const done = p.steps > 0 ? p.step / p.steps : 0;
  return p.phase === 'frontier' && p.round !== undefined && p.rounds ? Math.min(done, (p.round - 0.5) / p.rounds) : done;
}

export class JobFraction {
  private rounds = false;
  private reached = 0;
  private last?: JobProgress;

  constructor(private readonly forward?: (progress: JobProgress) => void) {}

  /** Said once the job knows (before training starts) whether frontier rounds follow the generator. */
  expectFrontierRounds(rounds: boolean): void {
    this.rounds = rounds;
  }

  /**
   * The progress with `fraction` set, passed on. On an evaluation budget the evaluations are the cost, so
   * they set the fraction and the time left (training between batches is small beside GPU minutes).
   */
  readonly report = (progress: JobProgress): void => {
    const [from, to] = (this.rounds ? WITH_ROUNDS : WITHOUT_ROUNDS)[progress.phase];
    const within = Math.min(1, Math.max(0, share(progress)));
    const spent = progress.evaluations && progress.evaluations.total > 0 ? Math.min(1, progress.evaluations.done / progress.evaluations.total) : undefined;
    this.reached = Math.max(this.reached, spent ?? from + (to - from) * within);
    const left = progress.evaluations?.secondsLeft;
    this.last = progress;
    this.forward?.({ ...progress, fraction: this.reached, ...(left !== undefined ? { etaSeconds: left } : {}) });
  };

  /**
   * The evaluations spent as the archive counts them, reported once more when a training on an evaluation budget
   * is cancelled: answers that came in after the last report (a batch cut short) are paid for too.
   */
  settleEvaluations(done: number): void {
    const counted = this.last?.evaluations;
    if (this.last === undefined || counted === undefined || counted.done === done) return;
    this.report({ ...this.last, evaluations: { done, total: counted.total } });
  }
}
