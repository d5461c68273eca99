import { isObject } from '../../shared/isObject';
import { shownValue as show } from '../../shared/shownValue';
import { InputError } from '../errors';
import type { Arch } from '../space/arch';
import { parsePnagString, toPnagString } from '../space/pnagString';
import { LOCAL_FIT_MAX_NETWORKS, fitAtBudget, localFitCheckAtSize } from './budgetLocalFit';
import { PAIR_MAX_NETWORKS, PairResidualModel, pairCheckAtSize } from './pairResidualModel';
import { FIRST_CHECK_NETWORKS } from './refitSchedule';
import { type ArchSamples, latestRows } from './samples';
import { SLOT_MODEL_WEIGHTS, SlotLinearModel, type SlotWeights, predictWithWeights } from './slotLinearModel';

/**
 * The accuracy model a training on an evaluation budget ends with: the per-layer model of its Thompson rounds
 * (fitted around the budget where the held-out check chooses that) plus the pair model where it is kept, fitted
 * to everything measured. It chose the measured frontier, and it rates f(B)'s samples better than R does: R,
 * trained on pairwise labels of a few hundred measured networks, misranks near the frontier (on the four tuning
 * runs the generator alone ranked by R ended 0.08-0.38 point below f(B)'s greedy decoding, ranked by this model
 * 0.04-0.08 above it; docs/evaluation-budget.md, "Session 10"). The checkpoint stores it, so generation rates by it.
 */

/** Budgets the fits around the budget are stored at, log-spaced over the training range (a query interpolates). */
export const LOCAL_FIT_GRID = 24;
/** Most local fits and pair-model networks a checkpoint may hold: bounds what a crafted file makes generation do. */
const MAX_LOCAL_FITS = 256;
const MAX_PAIR_NETWORKS = PAIR_MAX_NETWORKS * 2;
/** Largest magnitude of a stored weight or coefficient (accuracies are percentages; fitted values are far smaller). */
const MAX_MAGNITUDE = 1e4;

/** As the rounds were set: their first check (`thompsonFirstCheck`) and the most networks a local fit weighs. */
export interface AccuracyModelFitOptions {
  readonly firstCheck?: number;
  readonly localMaxNetworks?: number;
}

/** One per-layer fit: around `budget` when given, else for all sizes. */
interface PerLayerFit extends SlotWeights {
  readonly budget?: number;
}

export class AccuracyModel {
  private constructor(
    /** One fit for all sizes, or fits around budgets ascending. */
    readonly perLayer: readonly PerLayerFit[],
    readonly pair: PairResidualModel | undefined,
    /** Networks it was fitted to. */
    readonly networks: number,
  ) {}

  /**
   * Fitted to every measured network, with the choices the rounds' checks would make at this size (the same
   * held-out splits, seeded by the data's size, and none below `firstCheck`: pairResidualModel.ts, budgetLocalFit.ts).
   */
  static fit(data: ArchSamples, range: readonly [number, number], options: AccuracyModelFitOptions = {}): AccuracyModel {
    const n = data.archs.length;
    // Below the rounds' first check neither addition is checked, so neither is used.
    const checked = n >= (options.firstCheck ?? FIRST_CHECK_NETWORKS);
    const pair = checked ? pairCheckAtSize(data).model : undefined;
    const local = checked && localFitCheckAtSize(data, range).local;
    if (!local) return new AccuracyModel([SlotLinearModel.fit(data).pointEstimate()], pair, n);
    const recent = latestRows(data, options.localMaxNetworks ?? LOCAL_FIT_MAX_NETWORKS);
    const low = Math.log(range[0]);
    const span = Math.log(range[1]) - low;
    const fits = Array.from({ length: LOCAL_FIT_GRID }, (_, g) => {
      const budget = Math.exp(low + (g / (LOCAL_FIT_GRID - 1)) * span);
      const { intercept, weights } = fitAtBudget(recent, budget).pointEstimate();
      return { budget, intercept, weights };
    });
    return new AccuracyModel(fits, pair, n);
  }

  /** Whether the per-layer part was fitted around budgets (else one fit for all sizes). */
  get local(): boolean {
    return this.perLayer.length > 1;
  }

  /** Predicted accuracy of `arch` at `budget`: between two fits' budgets, linear in log-budget; beyond the ends, the nearest. */
  predict(arch: Arch, budget: number): number {
    return this.perLayerAt(arch, budget) + (this.pair ? this.pair.predict(arch) : 0);
  }

  rate(archs: readonly Arch[], budget: number): number[] {
    return archs.map((a) => this.predict(a, budget));
  }

  private perLayerAt(arch: Arch, budget: number): number {
    const fits = this.perLayer;
    const upper = fits.findIndex((f) => (f.budget as number) >= budget);
    if (fits.length === 1 || upper === 0) return predictWithWeights(fits[0], arch);
    if (upper < 0) return predictWithWeights(fits[fits.length - 1], arch);
    const below = fits[upper - 1];
    const above = fits[upper];
    const t = (Math.log(budget) - Math.log(below.budget as number)) / (Math.log(above.budget as number) - Math.log(below.budget as number));
    return (1 - t) * predictWithWeights(below, arch) + t * predictWithWeights(above, arch);
  }

  serialize(): SerializedAccuracyModel {
    return {
      networks: this.networks,
      perLayer: this.perLayer.map((f) => ({ ...(f.budget !== undefined ? { budget: f.budget } : {}), intercept: f.intercept, weights: Array.from(f.weights) })),
      ...(this.pair ? { pair: { lambda: this.pair.lambda, networks: this.pair.archs.map(toPnagString), alpha: Array.from(this.pair.alpha) } } : {}),
    };
  }

  /** Reads a checkpoint's `accuracyModel`; every problem is an InputError naming the field. */
  static parse(value: unknown, where: string): AccuracyModel {
    const fail = (field: string, problem: string): never => {
      throw new InputError(`${where}: accuracyModel${field}: ${problem}`);
    };
    if (!isObject(value)) return fail('', 'is not an object');
    const { networks, perLayer, pair } = value;
    if (!Number.isSafeInteger(networks) || (networks as number) < 1) fail('.networks', `${show(networks)} is not a positive whole number`);
    if (!Array.isArray(perLayer) || perLayer.length === 0 || perLayer.length > MAX_LOCAL_FITS) {
      fail('.perLayer', `must be a list of 1 to ${MAX_LOCAL_FITS} fits`);
    }
    const fits = (perLayer as unknown[]).map((entry, i): PerLayerFit => {
      const field = `.perLayer[${i}]`;
      if (!isObject(entry)) return fail(field, 'is not an object');
      const weights = finiteList(entry.weights, `${field}.weights`, fail);
      if (weights.length !== SLOT_MODEL_WEIGHTS) fail(`${field}.weights`, `${weights.length} values, expected ${SLOT_MODEL_WEIGHTS}`);
      const intercept = entry.intercept;
      if (typeof intercept !== 'number' || !Number.isFinite(intercept) || Math.abs(intercept) > MAX_MAGNITUDE) {
        return fail(`${field}.intercept`, `${show(intercept)} is not a finite number within ±${MAX_MAGNITUDE}`);
      }
      if (entry.budget === undefined) return { intercept, weights };
      const budget = entry.budget;
      if (typeof budget !== 'number' || !Number.isFinite(budget) || budget <= 0) return fail(`${field}.budget`, `${show(budget)} is not a positive number`);
      return { budget, intercept, weights };
    });
    if (fits.length > 1) {
      fits.forEach((f, i) => {
        if (f.budget === undefined) fail(`.perLayer[${i}].budget`, 'is missing (several fits are fits around budgets)');
        if (i > 0 && (f.budget as number) <= (fits[i - 1].budget as number)) fail(`.perLayer[${i}].budget`, 'budgets must ascend');
      });
    }
    return new AccuracyModel(fits, pair === undefined ? undefined : parsePair(pair, fail), networks as number);
  }
}

/** How a checkpoint stores the model (version 3 on). */
export interface SerializedAccuracyModel {
  readonly networks: number;
  readonly perLayer: { readonly budget?: number; readonly intercept: number; readonly weights: number[] }[];
  readonly pair?: { readonly lambda: number; readonly networks: string[]; readonly alpha: number[] };
}

type Fail = (field: string, problem: string) => never;

function parsePair(value: unknown, fail: Fail): PairResidualModel {
  if (!isObject(value)) return fail('.pair', 'is not an object');
  const { lambda, networks, alpha } = value;
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda <= 0) fail('.pair.lambda', `${show(lambda)} is not a positive number`);
  if (!Array.isArray(networks) || networks.length === 0 || networks.length > MAX_PAIR_NETWORKS) {
    fail('.pair.networks', `must be a list of 1 to ${MAX_PAIR_NETWORKS} architecture strings`);
  }
  const archs = (networks as unknown[]).map((text, i) => {
    if (typeof text !== 'string') return fail(`.pair.networks[${i}]`, 'is not an architecture string');
    try {
      return parsePnagString(text);
    } catch (error) {
      return fail(`.pair.networks[${i}]`, error instanceof Error ? error.message : String(error));
    }
  });
  const coefficients = finiteList(alpha, '.pair.alpha', fail);
  if (coefficients.length !== archs.length) fail('.pair.alpha', `${coefficients.length} values for ${archs.length} networks`);
  return PairResidualModel.fromFitted(archs, coefficients, lambda as number);
}

function finiteList(value: unknown, field: string, fail: Fail): number[] {
  if (!Array.isArray(value)) return fail(field, 'must be a list of numbers');
  value.forEach((v: unknown, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${field}[${i}]`, `${show(v)} is not a finite number`);
    if (Math.abs(v as number) > MAX_MAGNITUDE) fail(`${field}[${i}]`, `${show(v)} is beyond ±${MAX_MAGNITUDE}`);
  });
  return value as number[];
}
