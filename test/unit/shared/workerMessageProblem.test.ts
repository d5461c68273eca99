import test from 'node:test';
import assert from 'node:assert/strict';
import { workerMessageProblem } from '../../../src/shared/engineProtocol';

// Found by the fuzz suite (test/fuzz/engineMessage.fuzz.ts): a frontierData result whose bad point held a BigInt
// (structured clone carries them) made the reason itself throw "Do not know how to serialize a BigInt".
test('the reason a frontierData result is refused can be told whatever its bad point holds', () => {
  const message = { type: 'result', id: 3, result: { kind: 'frontierData', points: [{ id: 'a', x: 10n }], notes: [], records: 0, skipped: [], skippedCount: 0 } };
  assert.match(workerMessageProblem(message), /^worker message "result" for job 3: frontierData result: points\[0\] is not a plot point \(.*10.*\)$/);
});

// Found by the fuzz suite: an id or a phase holding a line break split the reason over two lines.
test('the reason a worker message is refused stays on one line', () => {
  assert.equal(workerMessageProblem({ type: 'note', id: 'two\nlines' }), 'worker message "note": id two\\nlines is not a job id');
  assert.doesNotMatch(workerMessageProblem({ type: 'progress', id: 1, progress: { phase: 'a\r\nb' } }), /[\r\n]/);
});
