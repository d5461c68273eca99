import { ExactCostModel } from '../cost/costModel';
import { Arch, makeArch } from '../space/arch';
import { DEPTH_CHOICES, EXPAND_CHOICES, KERNEL_CHOICES, STAGE_COUNT, slotIndex } from '../space/searchSpace';

/** Every architecture one step smaller: one kernel, one expand ratio or one stage depth down a choice. */
export function smallerNeighbours(arch: Arch): Arch[] {
  const out: Arch[] = [];
  const options = { width: arch.width, resolution: arch.resolution };
  const lower = (choices: readonly number[], value: number) => choices[choices.indexOf(value) - 1];
  for (let s = 0; s < STAGE_COUNT; s++) {
    for (let l = 0; l < arch.depths[s]; l++) {
      const i = slotIndex(s, l);
      const k = lower(KERNEL_CHOICES, arch.kernels[i]);
      if (k !== undefined) out.push(makeArch(arch.depths, replace(arch.kernels, i, k), arch.expands, options));
      const e = lower(EXPAND_CHOICES, arch.expands[i]);
      if (e !== undefined) out.push(makeArch(arch.depths, arch.kernels, replace(arch.expands, i, e), options));
    }
    const d = lower(DEPTH_CHOICES, arch.depths[s]);
    if (d !== undefined) out.push(makeArch(replace(arch.depths, s, d), arch.kernels, arch.expands, options));
  }
  return out;
}

function replace(values: readonly number[], index: number, value: number): number[] {
  const out = values.slice();
  out[index] = value;
  return out;
}

/**
 * Steps an over-budget architecture down until it fits: at each step, among the smaller neighbours the
 * one `score` likes best (ties: the cheaper). Returns undefined when even the smallest does not fit.
 */
export function repairToBudget(arch: Arch, budget: number, model: ExactCostModel, score: (archs: Arch[]) => Float32Array): Arch | undefined {
  let current = arch;
  for (let guard = 0; guard < 200 && model.costOf(current) > budget; guard++) {
    const next = smallerNeighbours(current);
    if (next.length === 0) return undefined;
    const scores = score(next);
    let best = 0;
    for (let i = 1; i < next.length; i++) {
      if (scores[i] > scores[best] || (scores[i] === scores[best] && model.costOf(next[i]) < model.costOf(next[best]))) best = i;
    }
    current = next[best];
  }
  return model.costOf(current) <= budget ? current : undefined;
}
