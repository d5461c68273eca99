import test from 'node:test';
import assert from 'node:assert/strict';
import { QUOTED_MAX, abbreviate, abbreviateJson } from '../../../src/shared/abbreviate';

test('abbreviate keeps short text and cuts long text to the limit, ending in ...', () => {
  assert.equal(abbreviate('short', 10), 'short');
  assert.equal(abbreviate('x'.repeat(10), 10), 'x'.repeat(10));
  assert.equal(abbreviate('x'.repeat(11), 10), `${'x'.repeat(7)}...`);
  assert.equal(abbreviate('y'.repeat(QUOTED_MAX + 20)).length, QUOTED_MAX);
});

test('abbreviateJson quotes BigInts, cycles and undefined without throwing', () => {
  assert.equal(abbreviateJson({ n: 5n }, 80), '{"n":"5n"}');
  const cyclic: { self?: unknown } = {};
  cyclic.self = cyclic;
  assert.equal(abbreviateJson(cyclic, 80), '[object Object]');
  assert.equal(abbreviateJson(undefined, 80), 'undefined');
  assert.equal(abbreviateJson({ long: 'z'.repeat(500) }, 40).length, 40);
});
