import test from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from '../../../src/core/sources/evaluator/lineSplitter';

function split(chunks: string[], maxChars?: number): [string, number | undefined][] {
  const lines: [string, number | undefined][] = [];
  const splitter = new LineSplitter((text, overlong) => lines.push([text, overlong]), maxChars);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

test('lines are split across chunks, CRLF ends are trimmed, and a last line without its newline is kept', () => {
  assert.deepEqual(split(['{"id":', '"1"}\r\n{"id"', ':"2"}\n\nlast']), [['{"id":"1"}', undefined], ['{"id":"2"}', undefined], ['', undefined], ['last', undefined]]);
  assert.deepEqual(split(['a\n']), [['a', undefined]]);
  assert.deepEqual(split([]), []);
});

test('a line longer than the limit keeps only its start and says its full length; the next line is whole', () => {
  assert.deepEqual(split(['abc', 'defgh', 'ij\nok\n'], 4), [['abcd', 10], ['ok', undefined]]);
  assert.deepEqual(split(['abcd\n'], 4), [['abcd', undefined]]);
});
