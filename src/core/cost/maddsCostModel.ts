import type { Arch } from '../space/arch';
import type { ExactCostModel } from './costModel';
import { type MaddsCount, maddsM } from './madds';

/** MAdds in millions as a cost model, in either count. */
export class MaddsCostModel implements ExactCostModel {
  readonly unit = 'M' as const;
  readonly exact = true as const;
  readonly name: string;
  readonly metric: string;

  constructor(readonly count: MaddsCount = 'pnag') {
    this.name = `madds:${count}`;
    this.metric = count === 'ofa' ? 'madds_M' : 'madds_pnag_M';
  }

  costOf(arch: Arch): number {
    return maddsM(arch, this.count);
  }

  async costs(archs: readonly Arch[]): Promise<number[]> {
    return archs.map((a) => this.costOf(a));
  }
}
