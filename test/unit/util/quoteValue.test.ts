import test from 'node:test';
import assert from 'node:assert/strict';
import { quoteValue } from '../../../src/core/util/quoteValue';

test('a quoted value is one line however many line breaks it holds (found by the fuzz suite)', () => {
  assert.equal(quoteValue('5.\r{~4J)\n'), '"5.\\r{~4J)\\n"');
  assert.ok(!/[\r\n]/.test(quoteValue('a\nb\rc')));
});

test('a long value is cut to the limit, marked with dots', () => {
  const quoted = quoteValue('x'.repeat(500));
  assert.ok(quoted.length <= 102);
  assert.match(quoted, /\.\.\."$/);
});
