import test from 'node:test';
import assert from 'node:assert/strict';
import { parseReplyLine } from '../../../../src/core/sources/evaluator/protocol';

// Found by the fuzz suite (test/fuzz/evaluatorReply.fuzz.ts): a garbage line holding a carriage return was
// quoted raw, so the protocol-error note printed over two lines.
test('an evaluator line that is not a reply is quoted on one line', () => {
  for (const line of ['{"":"68\r,"er"', 'progress 50%\r', '[1,\r2]', '{"x":\r1}']) {
    const parsed = parseReplyLine(line);
    assert.equal(parsed.kind, 'garbage');
    if (parsed.kind === 'garbage') assert.ok(!/[\r\n]/.test(parsed.message), JSON.stringify(parsed.message));
  }
});

test('a reply with a metric name holding a line break is a bad reply reported on one line', () => {
  const parsed = parseReplyLine('{"id": "3", "metrics": {"lat\\ncy_ms": 3}}');
  assert.equal(parsed.kind, 'bad-reply');
  if (parsed.kind === 'bad-reply') assert.match(parsed.message, /^reply: metric name "lat\\ncy_ms" must look like/);
});
