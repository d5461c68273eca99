import { MlpEnsemble } from '../predict/learnedPredictor';
import type { FeatureSet } from '../predict/mlpFeatures';
import type { Arch } from '../space/arch';
import type { ArchSamples } from './samples';

/** The accuracy regressor behind expected improvement: an ensemble of small MLPs on the measured set. */
export interface SurrogateSettings {
  readonly ensemble: number;
  /** Input encoding of the regressors (see `mlpFeatures.ts`). */
  readonly features: FeatureSet;
  readonly hidden: readonly number[];
  readonly maxEpochs: number;
  readonly patience: number;
}

export const DEFAULT_SURROGATE: SurrogateSettings = { ensemble: 4, features: 'rich', hidden: [128, 128], maxEpochs: 150, patience: 20 };

/** The ensemble's spread is never taken below this (top-1 points): a confident ensemble can still be wrong. */
const MIN_SPREAD = 0.05;

function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Standard normal CDF (Abramowitz and Stegun 7.1.26 for erf; error below 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t) * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Expected improvement of a Gaussian belief (mean, spread) over the incumbent accuracy: how much better
 * than the best measured network within a budget a candidate is expected to be, counting only gains.
 */
export function expectedImprovement(mean: number, spread: number, incumbent: number): number {
  const s = Math.max(spread, MIN_SPREAD);
  const z = (mean - incumbent) / s;
  return (mean - incumbent) * normalCdf(z) + s * normalPdf(z);
}

/**
 * R ranks networks within a budget; choosing what to pay an evaluation for needs more: how much a network
 * may beat the best measured one, and how unsure that is. An ensemble of MLP regressors fitted to the
 * measured accuracies gives both (mean and spread of the members).
 */
export class FrontierSurrogate {
  private constructor(private readonly ensemble: MlpEnsemble) {}

  static async fit(data: ArchSamples, settings: SurrogateSettings, seed: number): Promise<FrontierSurrogate> {
    const rows = data.archs.map((arch, i) => ({ arch, value: data.accuracies[i] }));
    const ensemble = await MlpEnsemble.train(rows, {
      features: settings.features,
      ensemble: settings.ensemble,
      seed,
      // The linear path carries accuracy's near-linear growth with the per-layer costs past the measured range.
      mlp: { hidden: settings.hidden, maxEpochs: settings.maxEpochs, patience: settings.patience, linearSkip: true, weightDecay: 1e-3 },
    });
    return new FrontierSurrogate(ensemble);
  }

  /** Mean and spread (standard deviation over members) of each network's predicted top-1. */
  belief(archs: readonly Arch[]): { mean: number[]; spread: number[] } {
    const members = this.ensemble.predictMembers(archs);
    const mean = archs.map((_, i) => members.reduce((a, m) => a + m[i], 0) / members.length);
    const spread = archs.map((_, i) => Math.sqrt(members.reduce((a, m) => a + (m[i] - mean[i]) ** 2, 0) / Math.max(1, members.length - 1)));
    return { mean, spread };
  }

  dispose(): void {
    this.ensemble.dispose();
  }
}
