import test from 'node:test';
import assert from 'node:assert/strict';
import { initBackend, tf } from '../../../src/core/tf/backend';
import { LstmPolicy, type PolicySample } from '../../../src/core/pnag/generator';
import { GreedyLstmDecoder, type LstmWeights } from '../../../src/core/pnag/greedyDecoder';
import { budgetPosition, resolveBudgets } from '../../../src/core/pnag/budgets';
import { trainPolicy, DEFAULT_REINFORCE } from '../../../src/core/pnag/reinforce';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { Random } from '../../../src/core/util/random';
import { syntheticAccuracy } from './synthetic';

const budgets = resolveBudgets({ range: [250, 700], k: 10 });
/** Clamped (below 250, above 700), on training budgets, and interpolated between them. */
const queryBudgets = [120, 249, 250, 262.5, 300, 333.3, 400, 455, 512.7, 600, 650, 699, 700, 701, 900];

function conditionsOf(budget: number): Float32Array {
  return budgetPosition(budget, budgets).weights;
}

function assertSameSample(fast: PolicySample, reference: PolicySample, where: string): void {
  assert.deepEqual(Array.from(fast.tokens), Array.from(reference.tokens), `${where}: tokens`);
  assert.deepEqual(Array.from(fast.active), Array.from(reference.active), `${where}: active flags`);
}

/** The JS decoder of a policy, built from its current weights (as the policy's own cache does). */
function decoderOf(policy: LstmPolicy): GreedyLstmDecoder {
  return new GreedyLstmDecoder((policy as unknown as { readGreedyWeights(): LstmWeights }).readGreedyWeights());
}

/** A few REINFORCE steps towards accurate networks near each budget: peaked, budget-dependent logits. */
async function train(policy: LstmPolicy, steps: number, seed: number): Promise<LstmPolicy> {
  const madds = new MaddsCostModel('pnag');
  await trainPolicy(
    policy,
    budgets.map((b) => conditionsOf(b)),
    (sample, groups) => Float32Array.from(sample.archs, (arch, i) => syntheticAccuracy(arch) - Math.abs(madds.costOf(arch) - budgets[groups[i]]) / 20),
    { ...DEFAULT_REINFORCE, steps, samplesPerCondition: 4, learningRate: 3e-2 },
    new Random(seed),
  );
  return policy;
}

test('greedy decoding in JS gives the same tokens as TF.js on random-weight policies, at every kind of budget', async () => {
  await initBackend();
  for (const [seed, hidden] of [
    [1, 64],
    [2, 64],
    [3, 16],
  ] as const) {
    const policy = new LstmPolicy(budgets.length, hidden, new Random(seed));
    const decoder = decoderOf(policy);
    let decided = 0;
    for (const budget of queryBudgets) {
      const w = conditionsOf(budget);
      const reference = policy.sampleWithTf(w, 1, 'greedy');
      assertSameSample(policy.sample(w, 1, 'greedy'), reference, `seed ${seed} budget ${budget}`);
      const decoded = decoder.decode(w, 1);
      if (decoded) {
        decided++;
        assert.deepEqual(Array.from(decoded.tokens), Array.from(reference.tokens), `seed ${seed} budget ${budget}: decoder tokens`);
      }
    }
    // Untrained logits are small and close, so some budgets go to TF.js, but JS decides many of them.
    assert.ok(decided >= queryBudgets.length / 4, `seed ${seed}: JS decided ${decided} of ${queryBudgets.length}`);
    policy.dispose();
  }
});

test('on a trained policy the JS decoder decides every budget itself and matches TF.js; the cache follows training', async () => {
  await initBackend();
  const policy = new LstmPolicy(budgets.length, 64, new Random(11));
  // Build the decoder cache on the untrained weights, then train: the optimizer's writes must invalidate it.
  const before = queryBudgets.map((b) => policy.sample(conditionsOf(b), 1, 'greedy').tokens.join());
  await train(policy, 25, 12);
  const decoder = decoderOf(policy);
  let changed = 0;
  queryBudgets.forEach((budget, i) => {
    const w = conditionsOf(budget);
    const reference = policy.sampleWithTf(w, 1, 'greedy');
    const decoded = decoder.decode(w, 1);
    assert.ok(decoded, `budget ${budget}: the trained policy's greedy steps are clear, so JS decides`);
    assert.deepEqual(Array.from(decoded.tokens), Array.from(reference.tokens), `budget ${budget}: decoder tokens`);
    const fast = policy.sample(w, 1, 'greedy');
    assertSameSample(fast, reference, `budget ${budget}`);
    if (fast.tokens.join() !== before[i]) changed++;
  });
  // Training moved the greedy picks, so a stale cache would have shown above.
  assert.ok(changed > 0);
  policy.dispose();
});

test('several rows, one condition per row, decode like TF.js; loading other weights rebuilds the decoder', async () => {
  await initBackend();
  const policy = await train(new LstmPolicy(budgets.length, 64, new Random(5)), 25, 6);
  const rows = [200, 333, 480, 700, 800];
  const conditions = new Float32Array(rows.length * budgets.length);
  rows.forEach((b, r) => conditions.set(conditionsOf(b), r * budgets.length));
  const reference = policy.sampleWithTf(conditions, rows.length, 'greedy');
  const decoded = decoderOf(policy).decode(conditions, rows.length);
  assert.ok(decoded, 'JS decides all rows');
  assert.deepEqual(Array.from(decoded.tokens), Array.from(reference.tokens));
  const fast = policy.sample(conditions, rows.length, 'greedy');
  assertSameSample(fast, reference, 'per-row conditions');
  assert.equal(fast.archs.length, rows.length);
  // As a checkpoint load does: other weights into the same variables, after the decoder was cached.
  const other = await train(new LstmPolicy(budgets.length, 64, new Random(8)), 25, 9);
  policy.vars.load(other.vars.serialize(), 'test');
  const otherReference = other.sampleWithTf(conditions, rows.length, 'greedy');
  assert.notDeepEqual(Array.from(otherReference.tokens), Array.from(reference.tokens));
  assertSameSample(policy.sample(conditions, rows.length, 'greedy'), otherReference, 'after loading other weights');
  policy.dispose();
  other.dispose();
});

test('a step too close to call is left to TF.js, which breaks exact ties towards the first choice', async () => {
  await initBackend();
  const policy = new LstmPolicy(3, 16, new Random(4));
  // Zero output weights: every logit is 0, every step a tie.
  for (const v of policy.variables().filter((v) => v.name.includes('generator/head'))) v.assign(tf.zerosLike(v));
  const w = new Float32Array([0, 1, 0]);
  assert.equal(decoderOf(policy).decode(w, 1), undefined);
  const sample = policy.sample(w, 1, 'greedy');
  assertSameSample(sample, policy.sampleWithTf(w, 1, 'greedy'), 'all ties');
  assert.ok(sample.tokens.every((t) => t === 0));
  policy.dispose();
});

test('the decoder gives the same tokens with the JS recurrent kernel as with the wasm one', async () => {
  await initBackend();
  const policy = await train(new LstmPolicy(budgets.length, 64, new Random(13)), 10, 14);
  const p = policy as unknown as { readGreedyWeights(): LstmWeights };
  const wasm = new GreedyLstmDecoder(p.readGreedyWeights());
  const js = new GreedyLstmDecoder(p.readGreedyWeights(), 'js');
  let decided = 0;
  for (const budget of queryBudgets) {
    const w = conditionsOf(budget);
    const a = wasm.decode(w, 1);
    const b = js.decode(w, 1);
    assert.deepEqual(a && Array.from(a.tokens), b && Array.from(b.tokens), `budget ${budget}`);
    if (a) decided++;
  }
  assert.ok(decided > queryBudgets.length / 2);
  policy.dispose();
});

test('the decoder rejects condition weights that fit neither one row nor one per row', () => {
  const policy = new LstmPolicy(3, 8, new Random(2));
  assert.throws(() => decoderOf(policy).decode(new Float32Array(4), 2), /4 condition weights for 2 row\(s\) of 3 budgets/);
  policy.dispose();
});
