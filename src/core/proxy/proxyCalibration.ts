import type { LinearMap } from './linearCalibration';
import type { ProxyKind } from './proxyScore';

/**
 * Calibration of the training-free estimates: linear maps from scores to DyNAS-T's measured top-1 (w1.0, r224),
 * fitted by `npx tsx bench/proxies.ts` on 300 distinct architectures (seed 2026) and copied from
 * bench/results/proxies.json (`calibrated_two_fold[...].map_on_all`); a unit test keeps the two equal.
 */
export interface ProxyEstimator {
  readonly features: readonly ProxyKind[];
  readonly map: LinearMap;
  readonly description: string;
}

/** The proxy settings the maps were fitted with; scores at other settings are on another scale. */
export const PROXY_CALIBRATION_SETTINGS = { batch: 8, scale: 0.143, seed: 0 } as const;

export const PROXY_ESTIMATORS: Readonly<Record<string, ProxyEstimator>> = {
  cost: {
    features: ['madds', 'params'],
    map: { intercept: 57.38257895351083, coefficients: [2.53440433810227, 2.515469073663434] },
    description: 'log MAdds and log params: instant, no network',
  },
  zen: {
    features: ['madds', 'params', 'zen'],
    map: { intercept: 59.898182404871314, coefficients: [1.8953777591833503, 2.3367863964609707, 0.015995699112163336] },
    description: 'log MAdds, log params and Zen-score on the real network (the default)',
  },
  naswot: {
    features: ['madds', 'params', 'naswot'],
    map: { intercept: 64.35804922931915, coefficients: [3.743980799746805, 1.88634254387295, -0.14864326479927295] },
    description: 'log MAdds, log params and NASWOT on the real network',
  },
  madds: {
    features: ['madds'],
    map: { intercept: 54.44064004195736, coefficients: [3.7963925509722922] },
    description: 'log MAdds alone (the baseline)',
  },
};
