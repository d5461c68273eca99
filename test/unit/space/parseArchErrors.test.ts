import test from 'node:test';
import assert from 'node:assert/strict';
import { isInputError } from '../../../src/core/errors';
import { parseArchText } from '../../../src/core/space/parseArch';

// Found by the fuzz suite (test/fuzz/arch.fuzz.ts): V8's JSON.parse message quotes the whole text, so a
// pretty-printed dict with one bad token gave a many-line error.
test('an architecture that is broken JSON gets a one-line error naming the architecture', () => {
  const text = '{\n "ks": [x  3,\n  5],\n "e": [4],\n "d": [2]\n}';
  assert.throws(
    () => parseArchText(text),
    // One line, naming the architecture and where the text stops being a literal.
    (error: unknown) => isInputError(error) && /^architecture: not valid JSON or a Python literal: .*character 11/.test(error.message) && !/[\r\n]/.test(error.message),
  );
});
