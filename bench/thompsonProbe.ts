// The Thompson rounds alone (coverage design, then picks drawn from the per-layer model with the pair model and
// the fits around the budget where their checks choose them, the last share of the picks also weighing neighbours of
// the incumbent), as the engine runs them without R and f(B): what bench/additiveKnapsack.ts and
// bench/frontierGapDiagnosis.ts measure. Seconds per run. As the engine (since session 18), `batchSize` picks are
// out at once and each answer is replaced by a new draw, in the order a simulated clock finishes them
// (simulatedWorkers.ts); `batches` draws and answers whole batches instead, as the engine did before.
import type { AdditiveCost } from '../src/core/cost/additiveCost';
import { coverageDesign } from '../src/core/pnag/coverageDesign';
import { LocalFitChecks } from '../src/core/pnag/budgetLocalFit';
import { tailPick } from '../src/core/pnag/incumbentNeighbours';
import { MeasuredSet } from '../src/core/pnag/measuredSet';
import { PairResidualRefits } from '../src/core/pnag/pairResidualModel';
import { thompsonBatch } from '../src/core/pnag/thompsonProposals';
import { type Arch, archKey } from '../src/core/space/arch';
import { Random } from '../src/core/util/random';
import type { Oracle } from './evaluationOracles';
import { DEFAULT_EVALUATION_TIMES, type EvaluationTimes, SimulatedWorkers } from './simulatedWorkers';
import { LOCAL_FIT_MIN_GAIN } from '../src/core/pnag/budgetLocalFit';
import { DEFAULT_FRONTIER_ROUNDS } from '../src/core/pnag/frontierRoundsSettings';
import { PAIR_RESIDUAL_MIN_GAIN } from '../src/core/pnag/pairResidualModel';
import { FIRST_CHECK_NETWORKS } from '../src/core/pnag/refitSchedule';

export interface ThompsonProbeSettings {
  /** Evaluations in all, one per query budget kept out as the engine keeps them for generation. */
  readonly total: number;
  readonly reserve: number;
  /** Share of the rest spent on the coverage design. */
  readonly share: number;
  readonly batchSize: number;
  readonly scale: number;
  /** The last `tail` evaluations drawn at `tailScale` instead (0 = none). */
  readonly tail: number;
  readonly tailScale: number;
  /** Pair model and fits around the budget (undefined = not used) with their thresholds and first check. */
  readonly pair?: { readonly minGain: number };
  readonly local?: { readonly minGain: number };
  readonly firstCheck: number;
  /** Share of the rounds' evaluations, at the end, whose picks also weigh neighbours of the incumbent (0 = none). */
  readonly neighbourShare: number;
  /** The tail begins at the latest after this many of the rounds' evaluations (default NEIGHBOURS_BEGIN_BY; Infinity = by share only). */
  readonly neighboursBeginBy?: number;
  /** A tail longer than its share draws its budgets uniformly in cost^this (default LONG_TAIL_BUDGET_POWER; 0 = log-uniformly). */
  readonly longTailBudgetPower?: number;
  /** Whole batches, each drawn at once and answered before the next (the engine before session 18). */
  readonly batches?: boolean;
  /** How long an evaluation takes on the simulated clock (default DEFAULT_EVALUATION_TIMES). */
  readonly times?: EvaluationTimes;
}

export interface ThompsonProbeRun {
  readonly measured: MeasuredSet;
  readonly refits: PairResidualRefits;
  readonly localFits?: LocalFitChecks;
  /** The simulated workers: wall time of the coverage design and the rounds, and the share of it they were busy. */
  readonly workers: SimulatedWorkers;
}

/** The probe as the engine runs its rounds by default (what the diagnosis benches start from); `reserve` per query budget. */
export function engineProbeSettings(total: number, reserve: number, neighbourShare = DEFAULT_FRONTIER_ROUNDS.thompsonNeighbourShare): ThompsonProbeSettings {
  return { total, reserve, share: 0.2, batchSize: 8, scale: 0.25, tail: 0, tailScale: 0, pair: { minGain: PAIR_RESIDUAL_MIN_GAIN },
    local: { minGain: LOCAL_FIT_MIN_GAIN }, firstCheck: FIRST_CHECK_NETWORKS, neighbourShare };
}

export async function runThompsonProbe(oracle: Oracle, table: AdditiveCost, seed: number, settings: ThompsonProbeSettings): Promise<ThompsonProbeRun> {
  const space = { width: oracle.width, resolution: 224 };
  const cost = (a: Arch): number => oracle.cost.costOf(a);
  const rng = new Random(seed);
  const initial = Math.round((settings.total - settings.reserve) * settings.share);
  const design = coverageDesign(oracle.cost, oracle.range[0] * 0.85, oracle.range[1], initial, rng, space);
  const measured = new MeasuredSet({ archs: design, accuracies: await oracle.truth.accuracy(design), costs: design.map(cost) });
  const refits = new PairResidualRefits(settings.pair?.minGain, undefined, settings.firstCheck);
  const localFits = settings.local ? new LocalFitChecks(oracle.range, settings.local.minGain, settings.firstCheck) : undefined;
  const rounds = settings.total - settings.reserve - initial;
  const workers = new SimulatedWorkers(settings.batchSize, cost, oracle.range, settings.times ?? DEFAULT_EVALUATION_TIMES, seed);
  if (settings.batches) for (let i = 0; i < design.length; i += settings.batchSize) workers.batch(design.slice(i, i + settings.batchSize));
  else workers.all(design);
  /** `count` picks drawn from what is measured now, none of them in `out`. */
  const draw = (count: number, left: number, out: ReadonlySet<string>): Arch[] => {
    const residual = settings.pair ? refits.current(measured.samples()) : undefined;
    const local = localFits?.current(measured.samples());
    const scale = left <= settings.tail ? settings.tailScale : settings.scale;
    const tail = tailPick(left, rounds, settings.neighbourShare, settings.neighboursBeginBy, settings.longTailBudgetPower);
    return thompsonBatch(measured, table, oracle.range, Math.min(count, left), rng, scale, { residual, local, ...tail, exclude: out });
  };
  if (settings.batches) {
    for (let left = rounds; left > 0; ) {
      const batch = draw(settings.batchSize, left, new Set());
      if (batch.length === 0) break;
      workers.batch(batch);
      measured.add(batch, await oracle.truth.accuracy(batch), batch.map(cost));
      left -= batch.length;
    }
    return { measured, refits, localFits, workers };
  }
  const out = new Map<string, Arch>();
  for (let sent = 0; ; ) {
    while (out.size < settings.batchSize && sent < rounds) {
      const [pick] = draw(1, rounds - sent, new Set(out.keys()));
      if (!pick) break;
      sent++;
      out.set(archKey(pick), pick);
      workers.start(pick);
    }
    if (out.size === 0) break;
    const done = workers.next();
    out.delete(archKey(done));
    measured.add([done], await oracle.truth.accuracy([done]), [cost(done)]);
  }
  return { measured, refits, localFits, workers };
}
