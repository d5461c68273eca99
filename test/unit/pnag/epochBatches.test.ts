import test from 'node:test';
import assert from 'node:assert/strict';
import { EpochBatches, rowsOf, rowsOfConditions } from '../../../src/core/pnag/epochBatches';
import { TOKEN_STEPS } from '../../../src/core/pnag/tokens';
import { syntheticSamples } from './synthetic';

test('epoch batches hand out every row once per epoch, in an order that changes between epochs', () => {
  const batches = new EpochBatches(10, 4);
  const epochs: number[][] = [];
  for (let e = 0; e < 3; e++) {
    const sizes = [batches.next(), batches.next(), batches.next()];
    assert.deepEqual(sizes.map((b) => b.length), [4, 4, 2]);
    epochs.push(sizes.flat());
  }
  for (const epoch of epochs) assert.deepEqual([...epoch].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.notDeepEqual(epochs[0], epochs[1]);
  // A batch as large as the rows is every row, in order, each time.
  const whole = new EpochBatches(5, 5);
  assert.deepEqual([whole.next(), whole.next()], [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4]]);
});

test('the rows picked of a taught sample and of its conditions are those rows, in the order picked', () => {
  const { archs } = syntheticSamples(3, 1);
  const tokens = Int32Array.from({ length: 3 * TOKEN_STEPS }, (_, i) => i);
  const active = Uint8Array.from({ length: 3 * TOKEN_STEPS }, (_, i) => Math.floor(i / TOKEN_STEPS));
  const picked = rowsOf([2, 0], tokens, active, archs);
  assert.equal(picked.count, 2);
  assert.deepEqual(Array.from(picked.tokens.subarray(0, TOKEN_STEPS)), Array.from(tokens.subarray(2 * TOKEN_STEPS, 3 * TOKEN_STEPS)));
  assert.deepEqual(Array.from(picked.tokens.subarray(TOKEN_STEPS)), Array.from(tokens.subarray(0, TOKEN_STEPS)));
  assert.deepEqual(Array.from(new Set(picked.active.subarray(0, TOKEN_STEPS))), [2]);
  assert.deepEqual(picked.archs, [archs[2], archs[0]]);
  assert.deepEqual(Array.from(rowsOfConditions([1], Float32Array.from([1, 2, 3, 4, 5, 6]), 2)), [3, 4]);
});
