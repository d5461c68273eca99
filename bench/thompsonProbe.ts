// The Thompson rounds alone (coverage design, then batches drawn from the per-layer model with the pair model and
// the fits around the budget where their checks choose them, the last share of the picks also weighing neighbours of
// the incumbent), as the engine runs them without R and f(B): what bench/additiveKnapsack.ts and
// bench/frontierGapDiagnosis.ts measure. Seconds per run.
import type { AdditiveCost } from '../src/core/cost/additiveCost';
import { coverageDesign } from '../src/core/pnag/coverageDesign';
import { LocalFitChecks } from '../src/core/pnag/budgetLocalFit';
import { neighboursWhen } from '../src/core/pnag/incumbentNeighbours';
import { MeasuredSet } from '../src/core/pnag/measuredSet';
import { PairResidualRefits } from '../src/core/pnag/pairResidualModel';
import { thompsonBatch } from '../src/core/pnag/thompsonProposals';
import type { Arch } from '../src/core/space/arch';
import { Random } from '../src/core/util/random';
import type { Oracle } from './evaluationOracles';
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
}

export interface ThompsonProbeRun {
  readonly measured: MeasuredSet;
  readonly refits: PairResidualRefits;
  readonly localFits?: LocalFitChecks;
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
  for (let left = rounds; left > 0; ) {
    const residual = settings.pair ? refits.current(measured.samples()) : undefined;
    const local = localFits?.current(measured.samples());
    const scale = left <= settings.tail ? settings.tailScale : settings.scale;
    const nearIncumbent = neighboursWhen(left, rounds, settings.neighbourShare);
    const batch = thompsonBatch(measured, table, oracle.range, Math.min(settings.batchSize, left), rng, scale, { residual, local, nearIncumbent });
    if (batch.length === 0) break;
    measured.add(batch, await oracle.truth.accuracy(batch), batch.map(cost));
    left -= batch.length;
  }
  return { measured, refits, localFits };
}
