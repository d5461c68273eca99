import { countMadds } from '../core/cost/madds';
import { paramsM } from '../core/cost/params';
import type { Arch } from '../core/space/arch';
import { toPnagString } from '../core/space/pnagString';
import type { ArchCosts } from '../shared/protocol';

/** The figures the Frontier view shows for one architecture, in both MAdds counts. */
export function archCosts(arch: Arch): ArchCosts {
  return {
    arch: toPnagString(arch),
    width: arch.width,
    resolution: arch.resolution,
    maddsOfaM: countMadds(arch, 'ofa').madds / 1e6,
    maddsPnagM: countMadds(arch, 'pnag').madds / 1e6,
    paramsM: paramsM(arch),
  };
}
