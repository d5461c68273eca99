import { type RecurrentKernel, makeRecurrentKernel } from './recurrentKernel';
import { CHOICES_PER_TOKEN, TOKEN_STEPS, TOKEN_VOCABULARY, activeFlags, stepKind } from './tokens';

/** The LSTM policy's weights as plain row-major arrays (shapes as in `LstmPolicy`). */
export interface LstmWeights {
  readonly budgetCount: number;
  readonly hidden: number;
  /** [K, H] */
  readonly budgetEmbedding: Float32Array;
  /** [9 + H, 4H]: token rows first, then recurrent rows. */
  readonly cellWeight: Float32Array;
  /** [4H] */
  readonly cellBias: Float32Array;
  /** [H, 4H] */
  readonly budgetGateWeight: Float32Array;
  /** [4H] */
  readonly budgetGateBias: Float32Array;
  /** [H, 9] */
  readonly headWeight: Float32Array;
  /** [9] */
  readonly headBias: Float32Array;
}

/**
 * A step whose two best logits are closer than this (plus `GREEDY_TIE_RELATIVE` of the best logit's size)
 * is left to TF.js: it computes in float32 with its own summation order, so only a clear winner is certain
 * to be its winner too. Measured |TF.js - float64| logit differences: up to 4e-6 on a trained policy (logits
 * of a few units), 2e-8 on random ones.
 */
export const GREEDY_TIE_MARGIN = 1e-4;
export const GREEDY_TIE_RELATIVE = 1e-5;

// Module-level copies: imported bindings are getters under the CommonJS transform, too slow for inner loops.
const CHOICES = CHOICES_PER_TOKEN;
const STEPS = TOKEN_STEPS;
const KINDS = Int8Array.from({ length: TOKEN_STEPS }, (_, t) => stepKind(t));

export interface GreedyTokens {
  readonly tokens: Int32Array;
  readonly active: Uint8Array;
}

/**
 * Greedy decoding of `LstmPolicy` in plain JS (float64), for one or a few rows. The TF.js path spends
 * ~17 op dispatches per step on a 1 x 64 state; here a step is the recurrent product h x W_h (64 x 256)
 * plus element-wise work, because a token's input contribution to the gates is a row lookup and the budget
 * condition's contribution is one fixed vector per row.
 */
export class GreedyLstmDecoder {
  private readonly hidden: number;
  private readonly budgetCount: number;
  /** Gate rows contributed by each input token id, [9][4H]. */
  private readonly tokenGates: Float64Array;
  /** Adds h x W_h to the gates; owns the state vectors z (gates) and h. */
  private readonly recurrent: RecurrentKernel;
  /** g(B_k) projected to the gates, one row per training budget, [K][4H]. */
  private readonly budgetGates: Float64Array;
  /** Both gate biases summed, [4H]. */
  private readonly gateBias: Float64Array;
  /** Output weights transposed, one contiguous row of H per logit, [9][H]. */
  private readonly headByKind: Float64Array;
  private readonly headBias: Float64Array;

  constructor(w: LstmWeights, kernel: 'wasm' | 'js' = 'wasm') {
    const h = w.hidden;
    const g = 4 * h;
    const k = w.budgetCount;
    checkLength('budgetEmbedding', w.budgetEmbedding, k * h);
    checkLength('cellWeight', w.cellWeight, (TOKEN_VOCABULARY + h) * g);
    checkLength('cellBias', w.cellBias, g);
    checkLength('budgetGateWeight', w.budgetGateWeight, h * g);
    checkLength('budgetGateBias', w.budgetGateBias, g);
    checkLength('headWeight', w.headWeight, h * TOKEN_VOCABULARY);
    checkLength('headBias', w.headBias, TOKEN_VOCABULARY);
    this.hidden = h;
    this.budgetCount = k;
    this.tokenGates = Float64Array.from(w.cellWeight.subarray(0, TOKEN_VOCABULARY * g));
    this.recurrent = makeRecurrentKernel(w.cellWeight.subarray(TOKEN_VOCABULARY * g), h, g, kernel);
    this.budgetGates = new Float64Array(k * g);
    for (let b = 0; b < k; b++) {
      for (let m = 0; m < h; m++) {
        const e = w.budgetEmbedding[b * h + m];
        for (let i = 0; i < g; i++) this.budgetGates[b * g + i] += e * w.budgetGateWeight[m * g + i];
      }
    }
    this.gateBias = new Float64Array(g);
    for (let i = 0; i < g; i++) this.gateBias[i] = w.cellBias[i] + w.budgetGateBias[i];
    this.headByKind = new Float64Array(TOKEN_VOCABULARY * h);
    for (let m = 0; m < h; m++) for (let v = 0; v < TOKEN_VOCABULARY; v++) this.headByKind[v * h + m] = w.headWeight[m * TOKEN_VOCABULARY + v];
    this.headBias = Float64Array.from(w.headBias);
  }

  /**
   * Greedy token rows for `count` rows conditioned on `conditions` (one K-vector for all rows or one per
   * row), or undefined when some step's choice is too close to call exactly as TF.js would.
   */
  decode(conditions: Float32Array, count: number): GreedyTokens | undefined {
    const k = this.budgetCount;
    if (conditions.length !== k && conditions.length !== k * count) {
      throw new Error(`greedy decoder: ${conditions.length} condition weights for ${count} row(s) of ${k} budgets`);
    }
    const tokens = new Int32Array(count * TOKEN_STEPS);
    const active = new Uint8Array(count * TOKEN_STEPS);
    for (let r = 0; r < count; r++) {
      const at = conditions.length === k ? 0 : r * k;
      if (!this.decodeRow(conditions.subarray(at, at + k), tokens, active, r * TOKEN_STEPS)) return undefined;
    }
    return { tokens, active };
  }

  private decodeRow(condition: Float32Array, tokens: Int32Array, active: Uint8Array, offset: number): boolean {
    const hidden = this.hidden;
    const g = 4 * hidden;
    const { tokenGates, recurrent, headByKind, headBias } = this;
    const base = Float64Array.from(this.gateBias);
    for (let b = 0; b < this.budgetCount; b++) {
      const weight = condition[b];
      if (weight === 0) continue;
      for (let i = 0; i < g; i++) base[i] += weight * this.budgetGates[b * g + i];
    }
    const { z, h } = recurrent;
    h.fill(0);
    const c = new Float64Array(hidden);
    const logits = new Float64Array(CHOICES);
    let input = -1;
    for (let t = 0; t < STEPS; t++) {
      z.set(base);
      if (input >= 0) for (let i = 0, at = input * g; i < g; i++) z[i] += tokenGates[at + i];
      recurrent.apply();
      // Gate order as in the TF.js split: input, forget, output, candidate.
      for (let m = 0; m < hidden; m++) {
        const cm = sigmoid(z[hidden + m]) * c[m] + sigmoid(z[m]) * Math.tanh(z[3 * hidden + m]);
        c[m] = cm;
        h[m] = sigmoid(z[2 * hidden + m]) * Math.tanh(cm);
      }
      const kind = KINDS[t];
      for (let j = 0; j < CHOICES; j++) {
        const column = kind * CHOICES + j;
        let sum = headBias[column];
        for (let m = 0, at = column * hidden; m < hidden; m++) sum += h[m] * headByKind[at + m];
        logits[j] = sum;
      }
      const choice = clearArgmax(logits);
      if (choice < 0) return false;
      tokens[offset + t] = choice;
      if (kind === 0) activeFlags(tokens, offset, active, offset);
      input = active[offset + t] ? kind * CHOICES + choice : -1;
    }
    return true;
  }
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Index of the largest value, or -1 when a runner-up is within the tie margin of it. */
function clearArgmax(values: Float64Array): number {
  let best = 0;
  for (let j = 1; j < values.length; j++) if (values[j] > values[best]) best = j;
  const margin = GREEDY_TIE_MARGIN + GREEDY_TIE_RELATIVE * Math.abs(values[best]);
  for (let j = 0; j < values.length; j++) if (j !== best && values[best] - values[j] < margin) return -1;
  return best;
}

function checkLength(name: string, values: Float32Array, expected: number): void {
  if (values.length !== expected) throw new Error(`greedy decoder: ${name} holds ${values.length} values, expected ${expected}`);
}
