import { InputError } from '../errors';
import type { ExactCostModel } from '../cost/costModel';
import type { Arch } from '../space/arch';
import { DEPTH_CHOICES, EXPAND_CHOICES, KERNEL_CHOICES, MAX_DEPTH, STAGE_COUNT } from '../space/searchSpace';

export interface RepairStep {
  readonly arch: Arch;
  readonly description: string;
}

// Module-level copies: imported bindings are getters under the CommonJS transform (tsx), slow in hot loops.
const STAGES = STAGE_COUNT;
const DEPTH = MAX_DEPTH;
const KERNELS: readonly number[] = KERNEL_CHOICES;
const EXPANDS: readonly number[] = EXPAND_CHOICES;
const DEPTHS: readonly number[] = DEPTH_CHOICES;

/** One choice down (-1) or up (+1) in an ordered list, or undefined past its end. */
function shifted(choices: readonly number[], value: number, direction: -1 | 1): number | undefined {
  return choices[choices.indexOf(value) + direction];
}

/**
 * `arch` with other layer lists. Built directly rather than through `makeArch`: every move below takes
 * values from the choice lists and keeps unused slots at 0, so the result is canonical by construction,
 * and the hill-climb builds ~25 neighbours a step.
 */
function withLayers(arch: Arch, depths: readonly number[], kernels: readonly number[], expands: readonly number[]): Arch {
  return { depths, kernels, expands, width: arch.width, resolution: arch.resolution };
}

/**
 * Every architecture one step away in `direction`: one kernel or one expand ratio a choice smaller (-1) or
 * larger (+1), or one stage a layer shorter or longer (a new last layer copies the previous last layer).
 */
function stepsAlong(arch: Arch, direction: -1 | 1): RepairStep[] {
  const out: RepairStep[] = [];
  for (let s = 0; s < STAGES; s++) {
    for (let l = 0; l < arch.depths[s]; l++) {
      const slot = s * DEPTH + l;
      const k = shifted(KERNELS, arch.kernels[slot], direction);
      if (k !== undefined) {
        const kernels = arch.kernels.slice();
        kernels[slot] = k;
        out.push({ arch: withLayers(arch, arch.depths, kernels, arch.expands), description: `stage ${s + 1} layer ${l + 1}: kernel ${arch.kernels[slot]} -> ${k}` });
      }
      const e = shifted(EXPANDS, arch.expands[slot], direction);
      if (e !== undefined) {
        const expands = arch.expands.slice();
        expands[slot] = e;
        out.push({ arch: withLayers(arch, arch.depths, arch.kernels, expands), description: `stage ${s + 1} layer ${l + 1}: expand ${arch.expands[slot]} -> ${e}` });
      }
    }
    const depth = shifted(DEPTHS, arch.depths[s], direction);
    if (depth !== undefined) {
      const depths = arch.depths.slice();
      const kernels = arch.kernels.slice();
      const expands = arch.expands.slice();
      const last = s * DEPTH + arch.depths[s] - 1;
      if (direction > 0) {
        kernels[last + 1] = kernels[last];
        expands[last + 1] = expands[last];
      } else {
        // The dropped layer's slot goes back to 0, as in every canonical architecture.
        kernels[last] = 0;
        expands[last] = 0;
      }
      depths[s] = depth;
      out.push({ arch: withLayers(arch, depths, kernels, expands), description: `stage ${s + 1}: depth ${arch.depths[s]} -> ${depth}` });
    }
  }
  return out;
}

/** Every architecture one step cheaper: one kernel or one expand ratio down a choice, or one stage one layer shorter. */
export function stepsDown(arch: Arch): RepairStep[] {
  return stepsAlong(arch, -1);
}

/** Every architecture one step larger: the reverse of `stepsDown`. */
export function stepsUp(arch: Arch): RepairStep[] {
  return stepsAlong(arch, 1);
}

/**
 * Hill-climbs within the budget: takes the single step up that raises the score most while still fitting,
 * until none does. Used after generation so a conservative pick uses the budget it was given.
 */
export function refineWithinBudget(
  arch: Arch,
  budget: number,
  costModel: ExactCostModel,
  score: (archs: readonly Arch[]) => ArrayLike<number>,
  maxSteps = 40,
): RepairResult {
  let current = arch;
  let currentScore = score([current])[0];
  const steps: string[] = [];
  for (let i = 0; i < maxSteps; i++) {
    const candidates = stepsUp(current).filter((step) => costModel.costOf(step.arch) <= budget);
    if (candidates.length === 0) break;
    const scores = score(candidates.map((c) => c.arch));
    let best = -1;
    for (let j = 0; j < candidates.length; j++) if (scores[j] > currentScore && (best < 0 || scores[j] > scores[best])) best = j;
    if (best < 0) break;
    current = candidates[best].arch;
    currentScore = scores[best];
    steps.push(candidates[best].description);
  }
  return { arch: current, cost: costModel.costOf(current), steps };
}

export interface RepairResult {
  readonly arch: Arch;
  readonly cost: number;
  readonly steps: string[];
}

/**
 * Steps an over-budget architecture down until it fits: each time the step losing the least score per
 * unit of cost saved. `score` rates candidates (higher is better); it is the evaluator in generation.
 */
export function repairToBudget(
  arch: Arch,
  budget: number,
  costModel: ExactCostModel,
  score: (archs: readonly Arch[]) => ArrayLike<number>,
): RepairResult {
  let current = arch;
  let cost = costModel.costOf(current);
  let currentScore = score([current])[0];
  const steps: string[] = [];
  while (cost > budget) {
    const candidates = stepsDown(current)
      .map((step) => ({ ...step, cost: costModel.costOf(step.arch) }))
      .filter((step) => step.cost < cost);
    if (candidates.length === 0) {
      throw new InputError(`budget ${budget}: below the cheapest network in the space (${cost.toFixed(2)} under ${costModel.name})`);
    }
    const scores = score(candidates.map((c) => c.arch));
    let best = 0;
    let bestRate = Infinity;
    candidates.forEach((c, i) => {
      // A step that reaches the budget outright is preferred by rating only its loss, not per unit.
      const loss = currentScore - scores[i];
      const rate = c.cost <= budget ? loss - 1e6 : loss / (cost - c.cost);
      if (rate < bestRate) {
        bestRate = rate;
        best = i;
      }
    });
    current = candidates[best].arch;
    cost = candidates[best].cost;
    currentScore = scores[best];
    steps.push(candidates[best].description);
  }
  return { arch: current, cost, steps };
}
