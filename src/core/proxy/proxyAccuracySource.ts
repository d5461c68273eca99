import { InputError } from '../errors';
import type { Arch } from '../space/arch';
import type { AccuracySource } from '../sources/accuracySource';
import { applyLinearMap } from './linearCalibration';
import { PROXY_CALIBRATION_SETTINGS, PROXY_ESTIMATORS, type ProxyEstimator } from './proxyCalibration';
import { type ProxyKind, proxyScores } from './proxyScore';

/** The estimator used when the user names none: see docs/proxy.md for the figures behind the choice. */
export const DEFAULT_PROXY_ESTIMATOR = 'zen';

export function proxyEstimatorNames(): string[] {
  return Object.keys(PROXY_ESTIMATORS);
}

/**
 * The offline default: a training-free estimate of top-1, a linear map of training-free scores calibrated
 * once on DyNAS-T's measured accuracies (w1.0, r224). It ranks; its values are estimates on a percent-like
 * scale, never accuracies, and are labelled so (`isEstimate`).
 */
export class ProxyAccuracySource implements AccuracySource {
  readonly unit = '%' as const;
  readonly isEstimate = true;
  readonly queryable = true;
  readonly name: string;
  readonly estimator: ProxyEstimator;
  /** Cost-only estimators (MAdds, parameters) answer in JS; the others score a built network. */
  readonly cheap: boolean;
  readonly needsTensorFlow: boolean;

  constructor(which: string = DEFAULT_PROXY_ESTIMATOR) {
    const estimator = PROXY_ESTIMATORS[which];
    if (estimator === undefined) throw new InputError(`proxy: "${which}" is not one of ${proxyEstimatorNames().join(', ')}`);
    this.estimator = estimator;
    this.cheap = estimator.features.every((f) => f === 'madds' || f === 'params');
    this.needsTensorFlow = !this.cheap;
    this.name = `proxy:${which}`;
  }

  /** The raw scores behind an estimate, one list per feature, in the estimator's order. */
  async features(archs: readonly Arch[], signal?: AbortSignal): Promise<number[][]> {
    const perKind = new Map<ProxyKind, number[]>();
    for (const kind of this.estimator.features) {
      perKind.set(kind, await proxyScores(archs, kind, { ...PROXY_CALIBRATION_SETTINGS, signal }));
    }
    return archs.map((_, i) => this.estimator.features.map((k) => (perKind.get(k) as number[])[i]));
  }

  async accuracy(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]> {
    return (await this.features(archs, signal)).map((f) => applyLinearMap(this.estimator.map, f));
  }
}
