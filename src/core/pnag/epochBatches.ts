import type { Arch } from '../space/arch';
import { Random } from '../util/random';
import type { PolicySample } from './generator';
import { TOKEN_STEPS } from './tokens';

/**
 * A shuffled order of `n` rows, handed out `size` at a time; every row once per epoch (the last batch of an epoch may
 * be short). Seeded, so a distillation is repeatable.
 */
export class EpochBatches {
  private order: number[];
  private at: number;
  private readonly rng = new Random(1);

  constructor(n: number, private readonly size: number) {
    this.order = Array.from({ length: n }, (_, i) => i);
    this.at = n;
  }

  next(): number[] {
    if (this.at >= this.order.length) {
      if (this.size < this.order.length) this.order = this.rng.shuffled(this.order);
      this.at = 0;
    }
    const picked = this.order.slice(this.at, this.at + this.size);
    this.at += this.size;
    return picked;
  }
}

/** The rows `picked` of a taught sample (tokens and their active flags, `TOKEN_STEPS` per row). */
export function rowsOf(picked: readonly number[], tokens: Int32Array, active: Uint8Array, archs: readonly Arch[]): PolicySample {
  const pickedTokens = new Int32Array(picked.length * TOKEN_STEPS);
  const pickedActive = new Uint8Array(picked.length * TOKEN_STEPS);
  picked.forEach((r, i) => {
    pickedTokens.set(tokens.subarray(r * TOKEN_STEPS, (r + 1) * TOKEN_STEPS), i * TOKEN_STEPS);
    pickedActive.set(active.subarray(r * TOKEN_STEPS, (r + 1) * TOKEN_STEPS), i * TOKEN_STEPS);
  });
  return { count: picked.length, tokens: pickedTokens, active: pickedActive, archs: picked.map((r) => archs[r]) };
}

/** The rows `picked` of a row-major matrix of `k` columns (the taught budgets' embedding weights). */
export function rowsOfConditions(picked: readonly number[], rows: Float32Array, k: number): Float32Array {
  const out = new Float32Array(picked.length * k);
  picked.forEach((r, i) => out.set(rows.subarray(r * k, (r + 1) * k), i * k));
  return out;
}
