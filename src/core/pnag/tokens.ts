import { type Arch, makeArch } from '../space/arch';
import { DEPTH_CHOICES, EXPAND_CHOICES, KERNEL_CHOICES, LAYER_SLOTS, MAX_DEPTH, STAGE_COUNT } from '../space/searchSpace';

/**
 * The generator's token sequence, as in PNAG's controller: per stage the depth, then for each of the 4
 * slots the expand ratio and the kernel size. Tokens of slots past the stage's depth are inactive.
 */
export const STEPS_PER_STAGE = 1 + 2 * MAX_DEPTH;
export const TOKEN_STEPS = STAGE_COUNT * STEPS_PER_STAGE;
export const CHOICES_PER_TOKEN = 3;
/** One input id per (kind, choice): kind 0 depth, 1 expand ratio, 2 kernel size. */
export const TOKEN_VOCABULARY = 3 * CHOICES_PER_TOKEN;

export type TokenKind = 0 | 1 | 2;
const KIND_CHOICES: readonly (readonly number[])[] = [DEPTH_CHOICES, EXPAND_CHOICES, KERNEL_CHOICES];

export function stepKind(step: number): TokenKind {
  const p = step % STEPS_PER_STAGE;
  return p === 0 ? 0 : p % 2 === 1 ? 1 : 2;
}

/** Layer slot (0..3) of an expand/kernel step within its stage. */
export function stepLayer(step: number): number {
  return Math.floor(((step % STEPS_PER_STAGE) - 1) / 2);
}

export function choiceValue(kind: TokenKind, choice: number): number {
  return KIND_CHOICES[kind][choice];
}

/** Maximum summed entropy of all 45 tokens (uniform policy): 45 ln 3 = 49.44 nats. */
export const MAX_TOKEN_ENTROPY = TOKEN_STEPS * Math.log(CHOICES_PER_TOKEN);
/**
 * Entropy of the active tokens under the uniform policy, i.e. of the architecture distribution it
 * induces: 5 (ln 3 + E[d] 2 ln 3) = 35 ln 3 = 38.45 nats. Training reports active-token entropy.
 */
export const UNIFORM_ACTIVE_ENTROPY = STAGE_COUNT * (1 + 2 * 3) * Math.log(CHOICES_PER_TOKEN);

/** Active flags of a token row (one architecture) from its depth tokens. */
export function activeFlags(tokens: ArrayLike<number>, offset: number, out: Uint8Array, outOffset: number): void {
  for (let s = 0; s < STAGE_COUNT; s++) {
    const base = s * STEPS_PER_STAGE;
    const depth = DEPTH_CHOICES[tokens[offset + base]];
    out[outOffset + base] = 1;
    for (let l = 0; l < MAX_DEPTH; l++) {
      const on = l < depth ? 1 : 0;
      out[outOffset + base + 1 + 2 * l] = on;
      out[outOffset + base + 2 + 2 * l] = on;
    }
  }
}

export function tokensToArch(tokens: ArrayLike<number>, offset = 0): Arch {
  const depths: number[] = [];
  const kernels = new Array<number>(LAYER_SLOTS).fill(0);
  const expands = new Array<number>(LAYER_SLOTS).fill(0);
  for (let s = 0; s < STAGE_COUNT; s++) {
    const base = offset + s * STEPS_PER_STAGE;
    const depth = DEPTH_CHOICES[tokens[base]];
    depths.push(depth);
    for (let l = 0; l < depth; l++) {
      expands[s * MAX_DEPTH + l] = EXPAND_CHOICES[tokens[base + 1 + 2 * l]];
      kernels[s * MAX_DEPTH + l] = KERNEL_CHOICES[tokens[base + 2 + 2 * l]];
    }
  }
  return makeArch(depths, kernels, expands);
}

/** The token row of an architecture (inactive slots as choice 0), e.g. to score it under the policy. */
export function archToTokens(arch: Arch, out: Int32Array = new Int32Array(TOKEN_STEPS), offset = 0): Int32Array {
  for (let s = 0; s < STAGE_COUNT; s++) {
    const base = offset + s * STEPS_PER_STAGE;
    out[base] = (DEPTH_CHOICES as readonly number[]).indexOf(arch.depths[s]);
    for (let l = 0; l < MAX_DEPTH; l++) {
      const slot = s * MAX_DEPTH + l;
      out[base + 1 + 2 * l] = Math.max(0, (EXPAND_CHOICES as readonly number[]).indexOf(arch.expands[slot]));
      out[base + 2 + 2 * l] = Math.max(0, (KERNEL_CHOICES as readonly number[]).indexOf(arch.kernels[slot]));
    }
  }
  return out;
}
