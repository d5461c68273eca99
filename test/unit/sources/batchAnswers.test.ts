import test from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../../src/core/errors';
import { type RunnerResult, accuracyOfResults, answersOf } from '../../../src/core/sources/batchAnswers';
import { randomArch } from '../../../src/core/space/arch';
import { toPnagString } from '../../../src/core/space/pnagString';
import { Random } from '../../../src/core/util/random';

const rng = new Random(5);
const [a, b, c] = [randomArch(rng), randomArch(rng), randomArch(rng)];
const asInput = (failed: number, first: string): Error => new InputError(`${failed} failed; first: ${first}`);

test('a batch answered in full gives its accuracies in request order', () => {
  assert.deepEqual(accuracyOfResults([{ arch: a, metrics: { top1: 71 } }, { arch: b, metrics: { top1: 72, top5: 90 } }], 'top1', asInput), [71, 72]);
});

test('a batch failed in part throws the caller\'s error with one answer per network attached', () => {
  const results: RunnerResult[] = [{ arch: a, metrics: { top1: 71 } }, { arch: b, error: 'CUDA out of memory' }, { arch: c, metrics: { top5: 90 } }];
  let thrown: unknown;
  assert.throws(() => accuracyOfResults(results, 'top1', asInput), (e: unknown) => ((thrown = e), e instanceof InputError && /2 failed; first: .*CUDA out of memory/.test(e.message)));
  assert.deepEqual(answersOf(thrown, 3), [
    { accuracy: 71 },
    { failure: `${toPnagString(b)}: CUDA out of memory` },
    { failure: `${toPnagString(c)}: the reply has no metrics.top1` },
  ]);
  assert.equal(answersOf(thrown, 2), undefined, 'answers for another number of networks are not taken');
  assert.equal(Object.keys(thrown as object).includes('answers'), false, 'the answers do not show in the error\'s fields');
});

test('other errors carry no answers', () => {
  assert.equal(answersOf(new Error('timed out'), 1), undefined);
  assert.equal(answersOf('a string', 1), undefined);
  assert.equal(answersOf(undefined, 0), undefined);
});
