import test from 'node:test';
import assert from 'node:assert/strict';
import { makeRecurrentKernel } from '../../../src/core/pnag/recurrentKernel';
import { Random } from '../../../src/core/util/random';

function randomValues(rng: Random, n: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
}

test('the wasm kernel loads under Node and adds h x W exactly as the JS kernel does, bit for bit', () => {
  const rng = new Random(3);
  for (const [hidden, width] of [
    [64, 256],
    [16, 64],
    [1, 4],
    [300, 1200],
  ] as const) {
    const weights = randomValues(rng, hidden * width, 0.5);
    const wasm = makeRecurrentKernel(weights, hidden, width);
    const js = makeRecurrentKernel(weights, hidden, width, 'js');
    assert.equal(wasm.kind, 'wasm');
    assert.equal(js.kind, 'js');
    for (let round = 0; round < 3; round++) {
      const z = Float64Array.from(randomValues(rng, width, 2));
      const h = Float64Array.from(randomValues(rng, hidden, 1));
      for (const kernel of [wasm, js]) {
        kernel.z.set(z);
        kernel.h.set(h);
        kernel.apply();
      }
      assert.deepEqual(Array.from(wasm.z), Array.from(js.z), `${hidden} x ${width}, round ${round}`);
      // And both are the product itself (up to float64 rounding).
      for (let i = 0; i < width; i++) {
        let sum = z[i];
        for (let m = 0; m < hidden; m++) sum += h[m] * weights[m * width + i];
        assert.ok(Math.abs(js.z[i] - sum) < 1e-9, `column ${i}`);
      }
    }
  }
});

test('two wasm kernels keep their own weights and state', () => {
  const a = makeRecurrentKernel(new Float32Array(8).fill(1), 2, 4);
  const b = makeRecurrentKernel(new Float32Array(8).fill(2), 2, 4);
  a.h.set([1, 1]);
  b.h.set([1, 1]);
  a.apply();
  b.apply();
  assert.deepEqual(Array.from(a.z), [2, 2, 2, 2]);
  assert.deepEqual(Array.from(b.z), [4, 4, 4, 4]);
});

test('weights that do not match the shape are refused', () => {
  assert.throws(() => makeRecurrentKernel(new Float32Array(10), 2, 4), /10 weights for 2 x 4/);
  assert.throws(() => makeRecurrentKernel(new Float32Array(6), 2, 3), /6 weights for 2 x 3/);
});
