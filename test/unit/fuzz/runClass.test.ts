import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InputError } from '../../../src/core/errors';
import { defineFuzzClass, violation } from '../../fuzz/harness/fuzzClass';
import { runClass } from '../../fuzz/harness/runClass';

const options = { runs: 200, seed: 1, hangMs: 5000 };

test('the fuzz harness counts refusals naming where as fine and every other outcome as a failure', async () => {
  const report = await runClass(
    defineFuzzClass<number>({
      name: 'toy',
      ciRuns: 200,
      inputs: fc.integer({ min: 0, max: 4 }),
      check(n) {
        if (n === 0) return;
        if (n === 1) throw new InputError('toy.txt: 1 is refused');
        if (n === 2) throw new InputError('refused without saying where');
        if (n === 3) throw new TypeError('x is undefined');
        violation(false, 'value out of range', String(n));
      },
      whereOf: () => ['toy.txt'],
    }),
    options,
  );
  assert.equal(report.runs, 200);
  assert.deepEqual([...report.failures.keys()].sort(), [
    'InputError message names none of: toy.txt',
    'TypeError: x is undefined',
    'Violation: value out of range',
  ]);
  assert.ok(report.valid > 0 && report.refused > 0);
});

test('a failure listed as known is kept apart, with its owner', async () => {
  const report = await runClass(
    defineFuzzClass<number>({
      name: 'toy',
      ciRuns: 50,
      inputs: fc.nat(),
      check: () => violation(false, 'someone else fixes this'),
      whereOf: () => [],
      knownFailures: [{ owner: 'sec-archive', what: 'toy', matches: (s) => s === 'Violation: someone else fixes this' }],
    }),
    { ...options, runs: 50 },
  );
  assert.equal(report.failures.get('Violation: someone else fixes this')?.known?.owner, 'sec-archive');
});

test('an input that takes longer than the hang limit is a failure', async () => {
  const report = await runClass(
    defineFuzzClass<number>({
      name: 'slow',
      ciRuns: 2,
      inputs: fc.nat(),
      check: () => new Promise<void>((done) => setTimeout(done, 30)),
      whereOf: () => [],
    }),
    { runs: 2, seed: 1, hangMs: 10 },
  );
  assert.ok([...report.failures.keys()].some((k) => k.startsWith('hang')));
});
