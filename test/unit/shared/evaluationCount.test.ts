import test from 'node:test';
import assert from 'node:assert/strict';
import { describeEvaluations, spentSoFar } from '../../../src/shared/evaluationCount';

test('a cancelled training on an evaluation budget says what was paid for and where it is kept; nothing when nothing was spent', () => {
  assert.equal(spentSoFar({ done: 1340, total: 1990 }, '.pnag/archive.jsonl', 'training again'),
    '1,340 evaluations spent so far; what they gave is kept in .pnag/archive.jsonl, and training again goes on from there without asking it again');
  assert.equal(spentSoFar({ done: 0, total: 990 }, '.pnag/archive.jsonl', 'the same command'), undefined);
  assert.equal(spentSoFar(undefined, '.pnag/archive.jsonl', 'the same command'), undefined);
  assert.equal(describeEvaluations({ done: 340, total: 990, secondsEach: 65 }, (s) => `${s}s`), 'evaluations 340/990 · 65s each');
});
