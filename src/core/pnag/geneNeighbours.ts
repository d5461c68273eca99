import type { ExactCostModel } from '../cost/costModel';
import { type Arch, archKey, makeArch } from '../space/arch';
import { DEPTH_CHOICES, EXPAND_CHOICES, KERNEL_CHOICES, MAX_DEPTH, STAGE_COUNT } from '../space/searchSpace';

/** One change of one gene: a kernel, an expand ratio or a stage depth set to another allowed value. */
interface GeneChange {
  readonly kind: 'k' | 'e' | 'd';
  readonly index: number;
  readonly value: number;
}

function changesOf(arch: Arch): GeneChange[] {
  const out: GeneChange[] = [];
  for (let s = 0; s < STAGE_COUNT; s++) {
    for (const d of DEPTH_CHOICES) if (d !== arch.depths[s]) out.push({ kind: 'd', index: s, value: d });
    for (let l = 0; l < arch.depths[s]; l++) {
      const slot = s * MAX_DEPTH + l;
      for (const k of KERNEL_CHOICES) if (k !== arch.kernels[slot]) out.push({ kind: 'k', index: slot, value: k });
      for (const e of EXPAND_CHOICES) if (e !== arch.expands[slot]) out.push({ kind: 'e', index: slot, value: e });
    }
  }
  return out;
}

function apply(arch: Arch, changes: readonly GeneChange[]): Arch {
  const depths = arch.depths.slice();
  const kernels = arch.kernels.slice();
  const expands = arch.expands.slice();
  for (const c of changes) {
    if (c.kind === 'd') {
      // Layers a deeper stage gains copy the stage's last active layer.
      for (let l = depths[c.index]; l < c.value; l++) {
        const slot = c.index * MAX_DEPTH + l;
        kernels[slot] = kernels[slot - 1];
        expands[slot] = expands[slot - 1];
      }
      depths[c.index] = c.value;
    } else if (c.kind === 'k') kernels[c.index] = c.value;
    else expands[c.index] = c.value;
  }
  return makeArch(depths, kernels, expands, { width: arch.width, resolution: arch.resolution });
}

function describe(arch: Arch, c: GeneChange): string {
  if (c.kind === 'd') return `stage ${c.index + 1}: depth ${arch.depths[c.index]} -> ${c.value}`;
  const where = `stage ${Math.floor(c.index / MAX_DEPTH) + 1} layer ${(c.index % MAX_DEPTH) + 1}`;
  return c.kind === 'k' ? `${where}: kernel ${arch.kernels[c.index]} -> ${c.value}` : `${where}: expand ${arch.expands[c.index]} -> ${c.value}`;
}

/** Genes a change touches; two changes on the same gene (or a depth and a slot of its stage) do not pair. */
function overlaps(a: GeneChange, b: GeneChange): boolean {
  const stage = (c: GeneChange): number => (c.kind === 'd' ? c.index : Math.floor(c.index / MAX_DEPTH));
  if (a.kind === 'd' || b.kind === 'd') return stage(a) === stage(b);
  return a.kind === b.kind && a.index === b.index;
}

/**
 * Every architecture one or two gene changes away that fits the budget: single changes, and pairs of one
 * change that adds cost with one that saves it (the trades a pick at the budget's edge needs).
 */
export function neighboursWithin(arch: Arch, budget: number, costModel: Pick<ExactCostModel, 'costOf'>): { arch: Arch; cost: number; move: string }[] {
  const base = costModel.costOf(arch);
  const singles = changesOf(arch).map((c) => {
    const next = apply(arch, [c]);
    return { change: c, arch: next, cost: costModel.costOf(next) };
  });
  const out = new Map<string, { arch: Arch; cost: number; move: string }>();
  for (const s of singles) if (s.cost <= budget) out.set(archKey(s.arch), { arch: s.arch, cost: s.cost, move: describe(arch, s.change) });
  const ups = singles.filter((s) => s.cost > base);
  const downs = singles.filter((s) => s.cost < base);
  for (const up of ups) {
    for (const down of downs) {
      // Costs of different genes add up closely enough to skip pairs that clearly do not fit.
      if (overlaps(up.change, down.change) || up.cost + down.cost - base > budget * 1.02) continue;
      const next = apply(arch, [up.change, down.change]);
      const key = archKey(next);
      if (out.has(key)) continue;
      const cost = costModel.costOf(next);
      if (cost <= budget) out.set(key, { arch: next, cost, move: `${describe(arch, up.change)}; ${describe(arch, down.change)}` });
    }
  }
  return [...out.values()];
}
