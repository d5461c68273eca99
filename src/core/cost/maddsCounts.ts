import type { Arch } from '../space/arch';
import { maddsM } from './madds';

/**
 * Both MAdds counts of one network, in millions. They differ by the classifier (OFA's `count_net_flops`
 * includes it, PNAG's paper leaves it out: about 1.5 M at width 1.2), so a 300 M budget met at 299.7 M in
 * PNAG's count is 301.3 M in OFA's. Outputs carry both so nobody has to guess which one a number is.
 */
export interface MaddsCounts {
  readonly madds_ofa_M: number;
  readonly madds_pnag_M: number;
}

export function maddsCounts(arch: Arch, digits = 3): MaddsCounts {
  const round = (value: number) => Number(value.toFixed(digits));
  return { madds_ofa_M: round(maddsM(arch, 'ofa')), madds_pnag_M: round(maddsM(arch, 'pnag')) };
}

/** The count a cost model's budget is written in, or undefined for latency models. */
export function budgetCountOf(costModel: string): 'ofa' | 'pnag' | undefined {
  if (costModel === 'madds:ofa') return 'ofa';
  if (costModel === 'madds' || costModel === 'madds:pnag') return 'pnag';
  return undefined;
}

/**
 * One line naming both counts and which one the budget used, e.g.
 * `299.7M MAdds in PNAG's count (the budget's; classifier left out), 301.3M in OFA's count_net_flops`.
 */
export function describeMaddsCounts(counts: MaddsCounts, costModel: string, role = "the budget's"): string {
  const pnag = `${counts.madds_pnag_M.toFixed(1)}M in PNAG's count (classifier left out)`;
  const ofa = `${counts.madds_ofa_M.toFixed(1)}M in OFA's count_net_flops (classifier included)`;
  const used = budgetCountOf(costModel);
  if (used === 'pnag') return `${counts.madds_pnag_M.toFixed(1)}M MAdds in PNAG's count, ${role} (classifier left out); ${ofa}`;
  if (used === 'ofa') return `${counts.madds_ofa_M.toFixed(1)}M MAdds in OFA's count_net_flops, ${role} (classifier included); ${pnag}`;
  return `MAdds ${pnag}, ${ofa}`;
}
