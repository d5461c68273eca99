import test from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../src/core/tf/backend';
import { LstmPolicy } from '../../../src/core/pnag/generator';
import { archToTokens, TOKEN_STEPS, tokensToArch, UNIFORM_ACTIVE_ENTROPY, MAX_TOKEN_ENTROPY } from '../../../src/core/pnag/tokens';
import { makeArch, randomArch, archKey } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { tf } from '../../../src/core/tf/backend';

test('every sampled token row spells a valid architecture, and inactive slots hold no layer', async () => {
  await initBackend();
  const policy = new LstmPolicy(3, 16, new Random(1));
  const sample = policy.sample(new Float32Array([0, 1, 0]), 50, new Random(2));
  assert.equal(sample.archs.length, 50);
  for (const arch of sample.archs) {
    const again = makeArch(arch.depths, arch.kernels, arch.expands);
    assert.equal(archKey(again), archKey(arch));
  }
  for (let r = 0; r < 50; r++) {
    const arch = sample.archs[r];
    for (let s = 0; s < 5; s++) {
      for (let l = 0; l < 4; l++) {
        assert.equal(sample.active[r * TOKEN_STEPS + s * 9 + 1 + 2 * l], l < arch.depths[s] ? 1 : 0);
      }
    }
  }
  // An untrained policy is close to uniform, so 50 samples are nearly all distinct.
  assert.ok(new Set(sample.archs.map(archKey)).size >= 45);
  policy.dispose();
});

test('tokens and architectures convert both ways', () => {
  const rng = new Random(5);
  for (let i = 0; i < 20; i++) {
    const arch = randomArch(rng);
    assert.equal(archKey(tokensToArch(archToTokens(arch))), archKey(arch));
  }
});

test('the same seed draws the same architectures; greedy decoding needs no seed', async () => {
  await initBackend();
  const policy = new LstmPolicy(2, 16, new Random(7));
  const cond = new Float32Array([1, 0]);
  const a = policy.sample(cond, 8, new Random(3)).archs.map(archKey);
  const b = policy.sample(cond, 8, new Random(3)).archs.map(archKey);
  assert.deepEqual(a, b);
  assert.equal(archKey(policy.sample(cond, 1, 'greedy').archs[0]), archKey(policy.sample(cond, 1, 'greedy').archs[0]));
  policy.dispose();
});

test('an untrained policy has near-maximal active-token entropy; log-probabilities are finite and negative', async () => {
  await initBackend();
  const policy = new LstmPolicy(2, 16, new Random(9));
  const sample = policy.sample(new Float32Array([1, 0]), 16, new Random(1));
  const [logProb, entropy] = tf.tidy(() => {
    const terms = policy.terms(tf.tensor2d(new Float32Array(32).map((_, i) => (i % 2 === 0 ? 1 : 0)), [16, 2]), sample);
    return [terms.logProb.arraySync(), terms.entropy.arraySync()];
  });
  for (const lp of logProb) assert.ok(Number.isFinite(lp) && lp < 0);
  entropy.forEach((h, r) => {
    const activeTokens = sample.active.slice(r * TOKEN_STEPS, (r + 1) * TOKEN_STEPS).reduce((a, b) => a + b, 0);
    assert.ok(h > 0.95 * activeTokens * Math.log(3) && h <= activeTokens * Math.log(3) + 1e-4, `row ${r}: entropy ${h}`);
  });
  assert.ok(Math.abs(UNIFORM_ACTIVE_ENTROPY - 35 * Math.log(3)) < 1e-9 && Math.abs(MAX_TOKEN_ENTROPY - 49.4376) < 1e-3);
  policy.dispose();
});
