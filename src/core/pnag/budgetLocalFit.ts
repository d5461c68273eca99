import { Random } from '../util/random';
import { FIRST_CHECK_NETWORKS, RefitSchedule } from './refitSchedule';
import { type ArchSamples, holdOutQuarter } from './samples';
import { SlotLinearModel } from './slotLinearModel';

/**
 * The per-layer model fitted around one budget: every measured network weighted by how close its cost is to
 * the budget (a Gaussian in log-cost). What a layer is worth can depend on the network's size, which one model
 * for all sizes averages away: on the smooth DyNAS-T oracle fits around the budget predict held-out networks
 * 20-47 % better, on OFA's predictor mostly no better. So it is checked on held-out networks for each source
 * (`checkLocalFit`), as the pair model is (docs/evaluation-budget.md).
 */

/** Width of the weights in log-cost: a network 16 % dearer or cheaper than the budget weighs e^-1/2 (chosen on the tuning budgets). */
export const LOCAL_FIT_WIDTH = 0.15;
/** The local fits are used only when they lower the held-out error around the budgets by at least this share. */
export const LOCAL_FIT_MIN_GAIN = 0.15;
/** Most networks a local fit weighs (the latest measured): each pick refits, so its time stays bounded. */
export const LOCAL_FIT_MAX_NETWORKS = 4000;
/** Budgets the held-out check looks around, log-spaced over the training range. */
const CHECK_BUDGETS = 8;

export function localWeights(costs: readonly number[], budget: number, width = LOCAL_FIT_WIDTH): number[] {
  const centre = Math.log(budget);
  return costs.map((c) => Math.exp(-((Math.log(c) - centre) ** 2) / (2 * width * width)));
}

/** The per-layer model fitted around `budget` (the networks' costs must be in `data.costs`); one for all sizes when none is near it. */
export function fitAtBudget(data: ArchSamples, budget: number, width = LOCAL_FIT_WIDTH): SlotLinearModel {
  const weights = localWeights(data.costs, budget, width);
  return weights.some((w) => w > 1e-6) ? SlotLinearModel.fit(data, 1, weights) : SlotLinearModel.fit(data);
}

/** The outcome of the held-out check, for reports. */
export interface LocalFitChoice {
  readonly local: boolean;
  /** Held-out RMSE around the check's budgets (each network weighted as the local fit there weighs it). */
  readonly globalRmse: number;
  readonly localRmse: number;
}

/**
 * Fits to three quarters of `data`, one model for all sizes and one around each of CHECK_BUDGETS budgets over
 * `range`, and compares their errors on the other quarter, each held-out network weighted as the local fit
 * weighs it: local fits are chosen when they predict at least `minGain` better.
 */
export function checkLocalFit(data: ArchSamples, range: readonly [number, number], rng: Random, minGain = LOCAL_FIT_MIN_GAIN): LocalFitChoice {
  const { held, part } = holdOutQuarter(data, rng);
  const global = SlotLinearModel.fit(part);
  const globalErrors = held.archs.map((a, i) => (held.accuracies[i] - global.predict(a)) ** 2);
  let globalSum = 0;
  let localSum = 0;
  let weightSum = 0;
  const low = Math.log(range[0]);
  const span = Math.log(range[1]) - low;
  for (let c = 0; c < CHECK_BUDGETS; c++) {
    const budget = Math.exp(low + ((c + 0.5) / CHECK_BUDGETS) * span);
    const local = fitAtBudget(part, budget);
    localWeights(held.costs, budget).forEach((w, i) => {
      globalSum += w * globalErrors[i];
      localSum += w * (held.accuracies[i] - local.predict(held.archs[i])) ** 2;
      weightSum += w;
    });
  }
  if (!(weightSum > 0)) return { local: false, globalRmse: NaN, localRmse: NaN };
  const globalRmse = Math.sqrt(globalSum / weightSum);
  const localRmse = Math.sqrt(localSum / weightSum);
  return { local: localRmse <= globalRmse * (1 - minGain), globalRmse, localRmse };
}

/**
 * The check the rounds make when `data` has its size, the held-out split seeded by the size (offset from the pair
 * model's), so anyone making it again at that size (the accuracy model at the end of the rounds) gets the same choice.
 */
export function localFitCheckAtSize(data: ArchSamples, range: readonly [number, number], minGain = LOCAL_FIT_MIN_GAIN): LocalFitChoice {
  return checkLocalFit(data, range, new Random(data.archs.length + 1), minGain);
}

/** What the local-fit checks of one training decided, for its report. */
export interface LocalFitSummary {
  readonly checks: number;
  /** Checks that chose the local fits. */
  readonly kept: number;
  /** The last check's held-out errors. */
  readonly globalRmse: number;
  readonly localRmse: number;
}

/**
 * The rounds' choice between one per-layer model and fits around each pick's budget: checked again each time
 * the measured networks grew by REFIT_GROWTH. The held-out split has its own seed (the data's size, offset
 * from the pair model's), so a training whose checks never choose the local fits proposes exactly what it
 * would without them.
 */
export class LocalFitChecks {
  private readonly schedule: RefitSchedule;
  private local = false;
  private checks = 0;
  private kept = 0;
  private last?: LocalFitChoice;
  /** Every check, in order: the networks it saw and its held-out errors. */
  readonly history: { networks: number; globalRmse: number; localRmse: number }[] = [];

  constructor(
    private readonly range: readonly [number, number],
    private readonly minGain = LOCAL_FIT_MIN_GAIN,
    firstCheck = FIRST_CHECK_NETWORKS,
  ) {
    this.schedule = new RefitSchedule(firstCheck);
  }

  /** Whether the picks are drawn from fits around their budgets now. */
  current(data: ArchSamples): boolean {
    const n = data.archs.length;
    if (this.schedule.due(n)) {
      this.last = localFitCheckAtSize(data, this.range, this.minGain);
      this.local = this.last.local;
      this.history.push({ networks: n, globalRmse: this.last.globalRmse, localRmse: this.last.localRmse });
      this.checks++;
      if (this.local) this.kept++;
    }
    return this.local;
  }

  summary(): LocalFitSummary | undefined {
    return this.last && { checks: this.checks, kept: this.kept, globalRmse: this.last.globalRmse, localRmse: this.last.localRmse };
  }
}
