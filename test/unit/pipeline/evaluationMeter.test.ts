import test from 'node:test';
import assert from 'node:assert/strict';
import { EvaluationMeter } from '../../../src/core/pipeline/evaluationMeter';
import type { AccuracySource } from '../../../src/core/sources/accuracySource';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { progressProblem } from '../../../src/shared/engineProtocol';

const archs = Array.from({ length: 6 }, (_, i) => randomArch(new Random(i + 1)));

/** A source whose answers wait for the test to release them, on a clock the test moves. */
function heldSource(): { source: AccuracySource; release: () => void } {
  const waiting: (() => void)[] = [];
  const source: AccuracySource = {
    name: 'held', unit: '%', isEstimate: false, measured: true, queryable: true, isolatesFailures: true,
    accuracy: (asked) => new Promise((resolve) => waiting.push(() => resolve(asked.map(() => 70)))),
  };
  return { source, release: () => waiting.splice(0).forEach((answer) => answer()) };
}

test('the meter counts distinct architectures and times the wall clock while any request is out', async () => {
  let now = 0;
  const meter = new EvaluationMeter(20, 4, () => now);
  const { source, release } = heldSource();
  const watched = meter.watch(source);
  assert.deepEqual(meter.count(), { done: 4, total: 20 }, 'before any answer: what the archive held, no timing');
  // Two batches out at once for 60 s: one minute of wall clock for four evaluations.
  const first = watched.accuracy(archs.slice(0, 2));
  const second = watched.accuracy(archs.slice(2, 4));
  now = 60_000;
  release();
  await Promise.all([first, second]);
  // Training between batches (the clock moves, nothing is out) does not count.
  now = 600_000;
  // One architecture asked again (a failed batch retried one by one) costs nothing new.
  const again = watched.accuracy([archs[0], archs[4]]);
  now = 630_000;
  release();
  await again;
  const count = meter.count();
  assert.equal(count.done, 4 + 5);
  assert.equal(count.secondsEach, 90 / 5);
  assert.equal(count.secondsLeft, (90 / 5) * (20 - 9));

  // Answers that arrived unasked (a reattached cluster run's) are spent too, but took none of this run's clock.
  meter.arrived([archs[5], archs[5]]);
  const withArrivals = meter.count();
  assert.equal(withArrivals.done, 4 + 5 + 1);
  assert.equal(withArrivals.secondsEach, 90 / 5);
  assert.equal(withArrivals.secondsLeft, (90 / 5) * (20 - 10));
});

test('the watched source keeps the source\'s name and capabilities', () => {
  const { source } = heldSource();
  const watched = new EvaluationMeter(10, 0).watch(source);
  assert.equal(watched.name, 'held');
  assert.equal(watched.measured, true);
  assert.equal(watched.isolatesFailures, true);
  assert.equal(watched.queryable, true);
  // A source whose name is a getter over its own state (a wrapper, say) reads the same through the meter.
  class Named {
    private readonly inner = source;
    get name(): string {
      return `named ${this.inner.name}`;
    }
  }
  const named = Object.assign(new Named(), { unit: '%' as const, isEstimate: false, queryable: true, accuracy: source.accuracy });
  assert.equal(new EvaluationMeter(10, 0).watch(named).name, 'named held');
});

test('a progress message with a malformed evaluation count is refused, naming the field', () => {
  const ok = { phase: 'label', step: 3, steps: 10, evaluations: { done: 3, total: 10, secondsEach: 60, secondsLeft: 420 } };
  assert.equal(progressProblem(ok), undefined);
  assert.match(progressProblem({ ...ok, evaluations: { done: 1.5, total: 10 } }) ?? '', /label progress: evaluations needs whole numbers done and total/);
  assert.match(progressProblem({ ...ok, evaluations: { done: 3, total: 10, secondsLeft: -1 } }) ?? '', /secondsEach and secondsLeft must be non-negative/);
  assert.match(progressProblem({ ...ok, evaluations: 'many' }) ?? '', /evaluations is not an object/);
});
