import type { PnagProgress } from '../pnag/trainPipeline';

/**
 * Time left of a training with frontier rounds. Before the rounds, the engine's estimate covers the
 * evaluator and generator only, so a guess of the rounds is added: their work is mostly short generator
 * and evaluator fine-tuning, counted in generator steps timed on this run's generator phase. During the
 * rounds the engine extrapolates from queries alone, which leaves out fine-tuning (it says 0 s while the
 * last round still fine-tunes); once a round has finished, the time a round took is the better measure.
 */
const GENERATOR_STEP_SECONDS_GUESS = 0.25;
/** Per round: 20 generator steps and an evaluator epoch (about 5 steps' time); per query: proposing and asking. */
const GENERATOR_STEPS_PER_ROUND = 25;
const GENERATOR_STEPS_PER_QUERY = 0.006;
/** As the engine picks them: at most 4 rounds, each with at least 16 queries per budget. */
const MAX_ROUNDS = 4;
const MIN_QUERIES_PER_ROUND = 16;

export class FrontierEta {
  private generatorStart: { readonly at: number; readonly step: number } | undefined;
  private secondsPerStep = GENERATOR_STEP_SECONDS_GUESS;
  private lastBeforeRounds: number | undefined;
  private readonly roundStarts = new Map<number, number>();

  constructor(
    private readonly queries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds left in the whole training after this progress event. */
  secondsLeft(p: PnagProgress): number {
    const t = this.now();
    if (p.phase !== 'frontier') {
      if (p.phase === 'generator') this.timeGenerator(p.step, t);
      this.lastBeforeRounds = t;
      return p.totalEtaSeconds + this.guess();
    }
    const roundsStart = this.lastBeforeRounds ?? t;
    if (!this.roundStarts.has(p.round)) this.roundStarts.set(p.round, t);
    const thisRound = this.roundStarts.get(p.round) ?? t;
    const perRound = p.round > 1 ? (thisRound - roundsStart) / 1000 / (p.round - 1) : this.guess() / p.rounds;
    const byRounds = perRound * (p.rounds - p.round + 1) - (t - thisRound) / 1000;
    return Math.max(0, p.totalEtaSeconds, byRounds);
  }

  private guess(): number {
    const rounds = Math.min(MAX_ROUNDS, Math.max(1, Math.floor(this.queries / MIN_QUERIES_PER_ROUND)));
    return this.secondsPerStep * (rounds * GENERATOR_STEPS_PER_ROUND + this.queries * GENERATOR_STEPS_PER_QUERY);
  }

  private timeGenerator(step: number, t: number): void {
    if (!this.generatorStart) {
      this.generatorStart = { at: t, step };
      return;
    }
    const steps = step - this.generatorStart.step;
    if (steps >= 5) this.secondsPerStep = (t - this.generatorStart.at) / 1000 / steps;
  }
}
