import test from 'node:test';
import assert from 'node:assert/strict';
import { JOB_CHECKS, isJobKind, parseHostToWorker, type JobHandlers, type JobKind } from '../../../src/shared/engineProtocol';

const refuse = (): Promise<never> => Promise.reject(new Error('not run'));

// Compile-time half (npm run typecheck): a table over the job map that lacks a kind does not compile.
// @ts-expect-error lutBuild is missing
const incomplete: JobHandlers = { train: refuse, generate: refuse, frontierData: refuse, predict: refuse, import: refuse };
const complete: JobHandlers = { train: refuse, generate: refuse, lutBuild: refuse, frontierData: refuse, predict: refuse, import: refuse };

test('the job checks know exactly the kinds of the handler table, and nothing else is a job', () => {
  assert.deepEqual(Object.keys(JOB_CHECKS).sort(), Object.keys(complete).sort());
  assert.equal(Object.keys(incomplete).length, 5);
  for (const kind of Object.keys(complete)) assert.ok(isJobKind(kind), kind);
  for (const other of ['cancel', 'toString', '__proto__', 'evaluate', '']) assert.ok(!isJobKind(other), other);
});

test('a host message of each kind parses through its own request check only', () => {
  const requests: Record<JobKind, unknown> = {
    train: { workspace: '/w' },
    generate: { workspace: '/w', budget: '450M' },
    lutBuild: { workspace: '/w' },
    frontierData: { archive: '/w/a.jsonl', unit: 'M', maxMarks: 10 },
    predict: { workspace: '/w', source: 'proxy:madds', arch: '2,2,2,2,2:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0' },
    import: { workspace: '/w', file: '/w/evaluated.csv' },
  };
  for (const [kind, request] of Object.entries(requests)) {
    assert.deepEqual(parseHostToWorker({ type: kind, id: 7, request }), { type: kind, id: 7, request }, kind);
  }
  // A lutBuild request is not a frontierData one: each kind is checked by its own entry.
  assert.equal(parseHostToWorker({ type: 'frontierData', id: 7, request: requests.lutBuild }), undefined);
  assert.equal(parseHostToWorker({ type: 'toString', id: 7, request: {} }), undefined);
  // A predict without its architecture, an import without its file, a backend outside the union: not run.
  assert.equal(parseHostToWorker({ type: 'predict', id: 7, request: { workspace: '/w', source: 'proxy' } }), undefined);
  assert.equal(parseHostToWorker({ type: 'import', id: 7, request: { workspace: '/w' } }), undefined);
  assert.equal(parseHostToWorker({ type: 'predict', id: 7, request: { ...(requests.predict as object), backend: 'cuda' } }), undefined);
});
