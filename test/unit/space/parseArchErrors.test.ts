import test from 'node:test';
import assert from 'node:assert/strict';
import { InputError, isInputError } from '../../../src/core/errors';
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

test('a dict that spells its resolution or width in a way it does not read is refused, not costed at the default', () => {
  const layers = Array(20).fill(3);
  const dict = (extra: Record<string, unknown>): string => JSON.stringify({ ks: layers, e: layers, d: [2, 2, 2, 2, 2], ...extra });
  for (const [extra, pattern] of [
    [{ resolution: 160 }, /OFA dict: key "resolution" is not read; give the resolution as r/],
    [{ res: 160 }, /key "res" is not read; give the resolution as r/],
    [{ width: 1.0 }, /key "width" is not read; give the width as w/],
    [{ r: 160, image_size: 224 }, /r 160 and image_size 224 disagree/],
  ] as const) assert.throws(() => parseArchText(dict(extra)), (e: unknown) => e instanceof InputError && pattern.test(e.message), JSON.stringify(extra));
  assert.equal(parseArchText(dict({ r: 160, image_size: 160 })).resolution, 160);
  assert.equal(parseArchText(dict({ r: [176], w: 1.0 })).resolution, 176);
});
