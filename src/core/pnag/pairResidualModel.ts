import { depthChoiceOf, layerChoiceOf } from '../cost/additiveCost';
import type { Arch } from '../space/arch';
import { LAYER_SLOTS, MAX_DEPTH, STAGE_COUNT, slotIndex } from '../space/searchSpace';
import { choleskySolve } from '../util/cholesky';
import { Random } from '../util/random';
import { FIRST_CHECK_NETWORKS, RefitSchedule } from './refitSchedule';
import { type ArchSamples, holdOutQuarter, latestRows } from './samples';
import { SlotLinearModel } from './slotLinearModel';

/**
 * What a sum of per-layer terms leaves unexplained, as kernel ridge regression with the kernel
 * (shared features / FEATURES)^2: every product of two per-layer features, i.e. every pairwise interaction of
 * layers and depths, without writing its ~19,000 weights out. On the smooth DyNAS-T oracle it cuts the
 * per-layer model's error on the networks another run's rounds chose from 0.094 to 0.058 point; on OFA's
 * predictor it adds little (0.43 to 0.44 there; bench/slotModelFit.ts), so `fitPairResidual` keeps it only
 * when held-out networks say it predicts better.
 */

/** A network as 25 small integers: each stage's depth choice, then each slot's (kernel, ratio) choice or -1. */
export type LayerCode = Int8Array;
const CODE_LENGTH = STAGE_COUNT + LAYER_SLOTS;
/** Most features a network switches on (one depth per stage, one choice per present layer): the kernel's scale. */
const FEATURES = STAGE_COUNT * (1 + MAX_DEPTH);

export function layerCodeOf(arch: Arch): LayerCode {
  const code = new Int8Array(CODE_LENGTH).fill(-1);
  for (let s = 0; s < STAGE_COUNT; s++) {
    code[s] = depthChoiceOf(arch.depths[s]);
    for (let i = 0; i < arch.depths[s]; i++) {
      const slot = slotIndex(s, i);
      code[STAGE_COUNT + slot] = layerChoiceOf(arch.kernels[slot], arch.expands[slot]);
    }
  }
  return code;
}

/** Positions of two layer codes (a stage's depth choice, a slot's choice or absence) that differ: how many genes apart. */
export function genesApart(a: LayerCode, b: LayerCode): number {
  let apart = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) apart++;
  return apart;
}

/** Features two networks share: equal depth choices, and equal choices at slots present in both. */
export function sharedFeatures(a: LayerCode, b: LayerCode): number {
  let shared = 0;
  for (let s = 0; s < STAGE_COUNT; s++) if (a[s] === b[s]) shared++;
  for (let k = STAGE_COUNT; k < CODE_LENGTH; k++) if (a[k] >= 0 && a[k] === b[k]) shared++;
  return shared;
}

const kernelOf = (shared: number): number => (shared / FEATURES) ** 2;

export class PairResidualModel {
  private constructor(
    /** The fitted networks, and their codes concatenated (CODE_LENGTH each). */
    readonly archs: readonly Arch[],
    readonly codes: Int8Array,
    readonly alpha: Float64Array,
    readonly lambda: number,
  ) {}

  get size(): number {
    return this.alpha.length;
  }

  /** Fitted to `residuals` (measured accuracy less the per-layer model's) of `archs`, ridge `lambda`. */
  static fit(archs: readonly Arch[], residuals: readonly number[], lambda: number): PairResidualModel {
    const n = archs.length;
    const codes = new Int8Array(n * CODE_LENGTH);
    archs.forEach((a, i) => codes.set(layerCodeOf(a), i * CODE_LENGTH));
    const gram = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const ci = codes.subarray(i * CODE_LENGTH, (i + 1) * CODE_LENGTH);
      for (let j = 0; j <= i; j++) {
        const k = kernelOf(sharedFeatures(ci, codes.subarray(j * CODE_LENGTH, (j + 1) * CODE_LENGTH)));
        gram[i * n + j] = k;
        gram[j * n + i] = k;
      }
      gram[i * n + i] += lambda;
    }
    return new PairResidualModel(archs, codes, choleskySolve(gram, Float64Array.from(residuals), n), lambda);
  }

  /** A model fitted before (its networks, coefficients and ridge), e.g. read back from a checkpoint. */
  static fromFitted(archs: readonly Arch[], alpha: ArrayLike<number>, lambda: number): PairResidualModel {
    if (alpha.length !== archs.length) throw new Error(`pair model: ${archs.length} networks but ${alpha.length} coefficients`);
    const codes = new Int8Array(archs.length * CODE_LENGTH);
    archs.forEach((a, i) => codes.set(layerCodeOf(a), i * CODE_LENGTH));
    return new PairResidualModel(archs, codes, Float64Array.from(alpha), lambda);
  }

  predict(arch: Arch): number {
    return this.predictCode(layerCodeOf(arch));
  }

  predictCode(code: LayerCode): number {
    let sum = 0;
    for (let j = 0; j < this.alpha.length; j++) {
      sum += this.alpha[j] * kernelOf(sharedFeatures(code, this.codes.subarray(j * CODE_LENGTH, (j + 1) * CODE_LENGTH)));
    }
    return sum;
  }

  /** Each fitted network's shared-feature count with `code`: the state a local search updates move by move. */
  sharedWith(code: LayerCode): Int16Array {
    const shared = new Int16Array(this.alpha.length);
    for (let j = 0; j < shared.length; j++) shared[j] = sharedFeatures(code, this.codes.subarray(j * CODE_LENGTH, (j + 1) * CODE_LENGTH));
    return shared;
  }

  /**
   * The prediction after changing code position `position` from `from` to `to` (-1 = absent), given the shared
   * counts of the current network; `depthPosition`/`depthFrom`/`depthTo` change a stage's depth choice at the
   * same time (-1 = no depth change). O(fitted networks) instead of a full prediction.
   */
  predictMove(shared: Int16Array, position: number, from: number, to: number, depthPosition = -1, depthFrom = -1, depthTo = -1): number {
    let sum = 0;
    for (let j = 0; j < this.alpha.length; j++) {
      const theirs = this.codes[j * CODE_LENGTH + position];
      let s = shared[j] - (from >= 0 && theirs === from ? 1 : 0) + (to >= 0 && theirs === to ? 1 : 0);
      if (depthPosition >= 0) {
        const depth = this.codes[j * CODE_LENGTH + depthPosition];
        s += (depth === depthTo ? 1 : 0) - (depth === depthFrom ? 1 : 0);
      }
      sum += this.alpha[j] * kernelOf(s);
    }
    return sum;
  }
}

/** Ridge strengths the held-out check chooses among. */
export const PAIR_RESIDUAL_LAMBDAS = [0.1, 1, 10] as const;
/** The pair model is kept only when it lowers the held-out error of the per-layer model by at least this share. */
export const PAIR_RESIDUAL_MIN_GAIN = 0.1;

/** The outcome of the held-out check, for reports. */
export interface PairResidualChoice {
  readonly model?: PairResidualModel;
  /** Held-out RMSE of the per-layer model alone and with the best pair model. */
  readonly perLayerRmse: number;
  readonly withPairsRmse: number;
}

/**
 * The pair model on what the per-layer model (fitted to all of `data`) leaves, if a held-out quarter of the
 * networks says it predicts them at least PAIR_RESIDUAL_MIN_GAIN better: both models are fitted on the other
 * three quarters, each ridge strength tried.
 */
export function fitPairResidual(data: ArchSamples, rng: Random, minGain = PAIR_RESIDUAL_MIN_GAIN): PairResidualChoice {
  const { held, part } = holdOutQuarter(data, rng);
  const partModel = SlotLinearModel.fit(part);
  const partResiduals = part.archs.map((a, i) => part.accuracies[i] - partModel.predict(a));
  const heldResiduals = held.archs.map((a, i) => held.accuracies[i] - partModel.predict(a));
  const rmse = (errors: number[]): number => Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / Math.max(1, errors.length));
  const perLayerRmse = rmse(heldResiduals);
  let best = { lambda: 0, rmse: Infinity };
  for (const lambda of PAIR_RESIDUAL_LAMBDAS) {
    const model = PairResidualModel.fit(part.archs, partResiduals, lambda);
    const error = rmse(held.archs.map((a, h) => heldResiduals[h] - model.predict(a)));
    if (error < best.rmse) best = { lambda, rmse: error };
  }
  if (held.archs.length === 0 || !(best.rmse <= perLayerRmse * (1 - minGain))) return { perLayerRmse, withPairsRmse: best.rmse };
  const full = SlotLinearModel.fit(data);
  const residuals = data.archs.map((a, i) => data.accuracies[i] - full.predict(a));
  return { model: PairResidualModel.fit(data.archs, residuals, best.lambda), perLayerRmse, withPairsRmse: best.rmse };
}

/**
 * Most networks a pair model is fitted to, the latest measured (the fit is cubic in them: about 2 s at 2,000 in
 * plain JavaScript, and its memory n^2 doubles); a budget of many thousand evaluations keeps learning from the
 * networks its rounds measured last.
 */
export const PAIR_MAX_NETWORKS = 2000;

/**
 * The check the rounds make when `data` has its size: `fitPairResidual` on the latest `maxNetworks` networks, the
 * held-out split seeded by the size, so anyone making it again at that size (the accuracy model at the end of the
 * rounds) gets the same choice.
 */
export function pairCheckAtSize(data: ArchSamples, minGain = PAIR_RESIDUAL_MIN_GAIN, maxNetworks = PAIR_MAX_NETWORKS): PairResidualChoice {
  return fitPairResidual(latestRows(data, maxNetworks), new Random(data.archs.length), minGain);
}

/** What the pair models of one training did, for its report. */
export interface PairResidualSummary {
  /** Held-out checks made, and how many kept the pair model. */
  readonly checks: number;
  readonly kept: number;
  /** The last check's held-out errors. */
  readonly perLayerRmse: number;
  readonly withPairsRmse: number;
}

/**
 * The pair model of the rounds: checked and refitted each time the measured networks grew by REFIT_GROWTH,
 * kept in between. The held-out split is drawn from its own seed (the data's size), so a training whose checks
 * never keep the pair model proposes exactly what it would without them.
 */
export class PairResidualRefits {
  private readonly schedule: RefitSchedule;
  private model?: PairResidualModel;
  private checks = 0;
  private kept = 0;
  private last?: PairResidualChoice;

  constructor(
    private readonly minGain = PAIR_RESIDUAL_MIN_GAIN,
    private readonly maxNetworks = PAIR_MAX_NETWORKS,
    firstCheck = FIRST_CHECK_NETWORKS,
  ) {
    this.schedule = new RefitSchedule(firstCheck);
  }

  current(data: ArchSamples): PairResidualModel | undefined {
    const n = data.archs.length;
    if (this.schedule.due(n)) {
      this.last = pairCheckAtSize(data, this.minGain, this.maxNetworks);
      this.model = this.last.model;
      this.checks++;
      if (this.model) this.kept++;
    }
    return this.model;
  }

  summary(): PairResidualSummary | undefined {
    return this.last && { checks: this.checks, kept: this.kept, perLayerRmse: this.last.perLayerRmse, withPairsRmse: this.last.withPairsRmse };
  }
}
