import { tf } from '../tf/backend';
import { DenseLayer, glorotUniform } from '../tf/dense';
import type { Random } from '../util/random';
import type { Arch } from '../space/arch';
import { CHOICES_PER_TOKEN, TOKEN_STEPS, TOKEN_VOCABULARY, activeFlags, stepKind, tokensToArch } from './tokens';
import { VariableSet } from './variableSet';
import { GreedyLstmDecoder, type LstmWeights } from './greedyDecoder';
import { WeightsCache } from './weightsCache';

export const DEFAULT_GENERATOR_HIDDEN = 64;

/** Sampled token rows (n x 45), their active flags and the architectures they spell. */
export interface PolicySample {
  readonly count: number;
  readonly tokens: Int32Array;
  readonly active: Uint8Array;
  readonly archs: Arch[];
}

export interface PolicyTerms {
  /** Summed log-probability of each row's active tokens, [n]. */
  readonly logProb: tf.Tensor1D;
  /** Summed entropy of each row's active steps, [n]. */
  readonly entropy: tf.Tensor1D;
}

/**
 * f(B): an LSTM cell that emits the 45 tokens one by one, conditioned on a learnable embedding g(B) of
 * each training budget added to every step's gates. A budget between two training budgets mixes their
 * embeddings through the condition weights (linear, so mixing weights = mixing embeddings).
 * Inactive tokens are fed back as zeros, so they influence nothing and carry no gradient.
 */
export class LstmPolicy {
  readonly vars = new VariableSet();
  /** g(B_k), one row per training budget. */
  readonly budgetEmbedding: tf.Variable<tf.Rank.R2>;
  private readonly cell: DenseLayer;
  private readonly budgetGate: DenseLayer;
  private readonly head: DenseLayer;
  /** The plain-JS greedy decoder, rebuilt after the weights change (training steps, checkpoint loads). */
  private readonly greedyDecoder = new WeightsCache(
    () => this.vars.variables(),
    () => new GreedyLstmDecoder(this.readGreedyWeights()),
  );

  constructor(
    readonly budgetCount: number,
    readonly hidden: number,
    rng: Random,
  ) {
    this.budgetEmbedding = tf.variable(
      tf.tensor2d(glorotUniform(rng, budgetCount, hidden), [budgetCount, hidden]),
      true,
      this.vars.name('generator/budget_embedding'),
    );
    this.cell = new DenseLayer(this.vars.name('generator/lstm'), TOKEN_VOCABULARY + hidden, 4 * hidden, rng);
    this.budgetGate = new DenseLayer(this.vars.name('generator/budget_gate'), hidden, 4 * hidden, rng);
    // Output logits start small so the untrained policy is close to uniform.
    this.head = new DenseLayer(this.vars.name('generator/head'), hidden, TOKEN_VOCABULARY, rng);
    tf.tidy(() => {
      this.head.weight.assign(tf.mul(this.head.weight, 0.1));
      // Forget-gate bias 1: remember across the 45 steps from the start.
      const bias = new Float32Array(4 * hidden);
      bias.fill(1, hidden, 2 * hidden);
      this.cell.bias.assign(tf.tensor1d(bias));
    });
    this.vars.add(this.budgetEmbedding, ...this.cell.variables(), ...this.budgetGate.variables(), ...this.head.variables());
  }

  /** Gate contribution of the condition rows (n x K weights): g(B) projected once per sequence. */
  private conditionGates(conditions: tf.Tensor2D): tf.Tensor2D {
    return this.budgetGate.apply(tf.matMul(conditions, this.budgetEmbedding));
  }

  private step(input: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, gates: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
    const z = tf.add(this.cell.apply(tf.concat([input, h], 1)), gates);
    const [i, f, o, u] = tf.split(z, 4, 1);
    const c2 = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(u))) as tf.Tensor2D;
    const h2 = tf.mul(tf.sigmoid(o), tf.tanh(c2)) as tf.Tensor2D;
    return [h2, c2];
  }

  /**
   * Draws `count` sequences, row r conditioned on weights `conditions[r*K..]` (or one K-vector for all).
   * `rng` samples from the softmax in JS; `'greedy'` takes each step's most likely choice.
   * Greedy decoding of a few rows runs in plain JS (`GreedyLstmDecoder`), ~10x faster than TF.js op by op
   * and with the same tokens; TF.js takes over when a step is too close to call and for larger batches.
   */
  sample(conditions: Float32Array, count: number, rng: Random | 'greedy'): PolicySample {
    if (rng === 'greedy' && count <= GREEDY_JS_MAX_ROWS) {
      const decoded = this.greedyDecoder.get().decode(conditions, count);
      if (decoded) {
        const archs = Array.from({ length: count }, (_, r) => tokensToArch(decoded.tokens, r * TOKEN_STEPS));
        return { count, tokens: decoded.tokens, active: decoded.active, archs };
      }
    }
    return this.sampleWithTf(conditions, count, rng);
  }

  /** `sample` computed step by step with TF.js ops, the reference the greedy JS decoder must match. */
  sampleWithTf(conditions: Float32Array, count: number, rng: Random | 'greedy'): PolicySample {
    const k = this.budgetCount;
    const rows = conditions.length === k && count > 1 ? tileRows(conditions, count) : conditions;
    const tokens = new Int32Array(count * TOKEN_STEPS);
    const active = new Uint8Array(count * TOKEN_STEPS);
    const input = new Float32Array(count * TOKEN_VOCABULARY);
    const gates = tf.tidy(() => this.conditionGates(tf.tensor2d(rows, [count, k])));
    let h: tf.Tensor2D = tf.zeros([count, this.hidden]);
    let c: tf.Tensor2D = tf.zeros([count, this.hidden]);
    const probs = new Float64Array(CHOICES_PER_TOKEN);
    try {
      for (let t = 0; t < TOKEN_STEPS; t++) {
        const [h2, c2, logits] = tf.tidy(() => {
          const [hn, cn] = this.step(tf.tensor2d(input, [count, TOKEN_VOCABULARY]), h, c, gates);
          return [hn, cn, this.head.apply(hn)];
        });
        h.dispose();
        c.dispose();
        h = h2;
        c = c2;
        const values = logits.dataSync();
        logits.dispose();
        const kind = stepKind(t);
        input.fill(0);
        for (let r = 0; r < count; r++) {
          const at = r * TOKEN_VOCABULARY + kind * CHOICES_PER_TOKEN;
          const choice = rng === 'greedy' ? argmax3(values, at) : draw3(values, at, probs, rng);
          tokens[r * TOKEN_STEPS + t] = choice;
        }
        // Flags depend only on depth tokens, which come first in each stage.
        for (let r = 0; r < count; r++) {
          if (kind === 0) activeFlags(tokens, r * TOKEN_STEPS, active, r * TOKEN_STEPS);
          if (active[r * TOKEN_STEPS + t]) input[r * TOKEN_VOCABULARY + kind * CHOICES_PER_TOKEN + tokens[r * TOKEN_STEPS + t]] = 1;
        }
      }
    } finally {
      h.dispose();
      c.dispose();
      gates.dispose();
    }
    const archs = Array.from({ length: count }, (_, r) => tokensToArch(tokens, r * TOKEN_STEPS));
    return { count, tokens, active, archs };
  }

  /** Log-probabilities and entropies of given sequences, differentiable (for REINFORCE). */
  terms(conditions: tf.Tensor2D, sample: PolicySample): PolicyTerms {
    const n = sample.count;
    const inputs = new Float32Array(TOKEN_STEPS * n * TOKEN_VOCABULARY);
    const chosen = new Float32Array(TOKEN_STEPS * n * CHOICES_PER_TOKEN);
    const activeTm = new Float32Array(TOKEN_STEPS * n);
    for (let t = 0; t < TOKEN_STEPS; t++) {
      const kind = stepKind(t);
      for (let r = 0; r < n; r++) {
        const token = sample.tokens[r * TOKEN_STEPS + t];
        const on = sample.active[r * TOKEN_STEPS + t];
        activeTm[t * n + r] = on;
        chosen[(t * n + r) * CHOICES_PER_TOKEN + token] = 1;
        if (on && t + 1 < TOKEN_STEPS) inputs[((t + 1) * n + r) * TOKEN_VOCABULARY + kind * CHOICES_PER_TOKEN + token] = 1;
      }
    }
    const kindMask = new Float32Array(TOKEN_STEPS * 3);
    for (let t = 0; t < TOKEN_STEPS; t++) kindMask[t * 3 + stepKind(t)] = 1;
    const gates = this.conditionGates(conditions);
    const stepInputs = tf.unstack(tf.tensor3d(inputs, [TOKEN_STEPS, n, TOKEN_VOCABULARY])) as tf.Tensor2D[];
    let h: tf.Tensor2D = tf.zeros([n, this.hidden]);
    let c: tf.Tensor2D = tf.zeros([n, this.hidden]);
    const hs: tf.Tensor2D[] = [];
    for (let t = 0; t < TOKEN_STEPS; t++) {
      [h, c] = this.step(stepInputs[t], h, c, gates);
      hs.push(h);
    }
    const logits9 = this.head.apply(tf.concat(hs, 0));
    // Keep each step's own three logits: [45, n, 3 kinds, 3 choices] x kind one-hot, summed over kinds.
    const logits = tf.sum(
      tf.mul(tf.reshape(logits9, [TOKEN_STEPS, n, 3, CHOICES_PER_TOKEN]), tf.tensor4d(kindMask, [TOKEN_STEPS, 1, 3, 1])),
      2,
    );
    const logSoftmax = tf.logSoftmax(logits);
    const mask = tf.tensor2d(activeTm, [TOKEN_STEPS, n]);
    const stepLogProb = tf.sum(tf.mul(logSoftmax, tf.tensor3d(chosen, [TOKEN_STEPS, n, CHOICES_PER_TOKEN])), 2);
    const stepEntropy = tf.neg(tf.sum(tf.mul(tf.exp(logSoftmax), logSoftmax), 2));
    return {
      logProb: tf.sum(tf.mul(stepLogProb, mask), 0) as tf.Tensor1D,
      entropy: tf.sum(tf.mul(stepEntropy, mask), 0) as tf.Tensor1D,
    };
  }

  variables(): tf.Variable[] {
    return this.vars.variables();
  }

  dispose(): void {
    this.vars.dispose();
  }

  /** The weights as the greedy decoder takes them. */
  private readGreedyWeights(): LstmWeights {
    const read = (v: tf.Variable): Float32Array => v.dataSync() as Float32Array;
    return {
      budgetCount: this.budgetCount,
      hidden: this.hidden,
      budgetEmbedding: read(this.budgetEmbedding),
      cellWeight: read(this.cell.weight),
      cellBias: read(this.cell.bias),
      budgetGateWeight: read(this.budgetGate.weight),
      budgetGateBias: read(this.budgetGate.bias),
      headWeight: read(this.head.weight),
      headBias: read(this.head.bias),
    };
  }
}

/**
 * Up to this many greedy rows are decoded in JS; a batch costs the JS decoder its rows' work in full,
 * while TF.js spends most of its time dispatching ops, whatever the batch.
 */
const GREEDY_JS_MAX_ROWS = 8;

function tileRows(row: Float32Array, count: number): Float32Array {
  const out = new Float32Array(row.length * count);
  for (let r = 0; r < count; r++) out.set(row, r * row.length);
  return out;
}

function argmax3(values: ArrayLike<number>, at: number): number {
  let best = 0;
  for (let j = 1; j < CHOICES_PER_TOKEN; j++) if (values[at + j] > values[at + best]) best = j;
  return best;
}

/** Draws from softmax(values[at..at+3]) with the seeded generator (tf.multinomial is broken on cpu). */
function draw3(values: ArrayLike<number>, at: number, probs: Float64Array, rng: Random): number {
  let max = -Infinity;
  for (let j = 0; j < CHOICES_PER_TOKEN; j++) max = Math.max(max, values[at + j]);
  let total = 0;
  for (let j = 0; j < CHOICES_PER_TOKEN; j++) {
    probs[j] = Math.exp(values[at + j] - max);
    total += probs[j];
  }
  let u = rng.next() * total;
  for (let j = 0; j < CHOICES_PER_TOKEN - 1; j++) {
    u -= probs[j];
    if (u < 0) return j;
  }
  return CHOICES_PER_TOKEN - 1;
}
