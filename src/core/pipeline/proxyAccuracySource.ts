import { maddsM } from '../cost/madds';
import { LinearMap, applyLinearMap } from '../proxy/linearCalibration';
import { ProxyKind, checkProxyKind, proxyScores } from '../proxy/proxyScore';
import { AccuracySource } from '../sources/accuracySource';
import { Arch } from '../space/arch';

/** Default network proxy of the offline estimate. */
export const DEFAULT_PROXY_KIND: ProxyKind = 'naswot';

/**
 * Least-squares maps `top1 ~ a + b*log(MAdds) + c*score` fitted on 160 DyNAS-T architectures with measured
 * top-1 (seed 7; docs/cli.md), so the estimate reads on a percent-like scale. Training uses only its ranking.
 */
const NETWORK_CALIBRATIONS: Readonly<Record<'naswot' | 'zen', LinearMap>> = {
  naswot: { intercept: 70.7554, coefficients: [5.73019, -0.144592] },
  zen: { intercept: 54.7486, coefficients: [3.56372, -0.230917] },
};
/** `top1 ~ a + b*log(MAdds)` on the same rows, for the cost-only kinds. */
const MADDS_CALIBRATION: LinearMap = { intercept: 53.4386, coefficients: [3.97172] };

/**
 * The offline default: a training-free score of the real network at initialisation, mapped to a
 * percent-like estimate. Every number from it is an estimate (`isEstimate`), never an accuracy.
 */
export class ProxyAccuracySource implements AccuracySource {
  readonly unit = '%' as const;
  readonly isEstimate = true;
  readonly queryable = true;
  readonly name: string;
  readonly kind: ProxyKind;

  constructor(kind: string = DEFAULT_PROXY_KIND, private readonly calibration?: LinearMap) {
    this.kind = checkProxyKind(kind, 'proxy');
    this.name = `proxy:${this.kind}`;
  }

  async accuracy(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]> {
    const scores = this.kind === 'madds' || this.kind === 'params' ? [] : await proxyScores(archs, this.kind, { signal });
    if (this.kind === 'madds' || this.kind === 'params') {
      return archs.map((arch) => applyLinearMap(this.calibration ?? MADDS_CALIBRATION, [Math.log(maddsM(arch))]));
    }
    const map = this.calibration ?? NETWORK_CALIBRATIONS[this.kind];
    return archs.map((arch, i) => applyLinearMap(map, [Math.log(maddsM(arch)), scores[i]]));
  }
}
