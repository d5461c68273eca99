import test from 'node:test';
import assert from 'node:assert/strict';
import { parseHostToWorker, parseWorkerToHost } from '../../../src/shared/engineProtocol';

test('host messages: train, generate and cancel parse; anything else is refused', () => {
  assert.deepEqual(parseHostToWorker({ type: 'cancel', id: 3 }), { type: 'cancel', id: 3 });
  const train = { type: 'train', id: 1, request: { workspace: '/w', accuracy: 'proxy', k: 5 } };
  assert.deepEqual(parseHostToWorker(train), train);
  const generate = { type: 'generate', id: 2, request: { workspace: '/w', budget: '450M', bestOf: 8, train: { archiveSize: 100 } } };
  assert.deepEqual(parseHostToWorker(generate), generate);
  for (const bad of [
    null,
    'train',
    { type: 'train', id: 1, request: {} },
    { type: 'train', id: -1, request: { workspace: '/w' } },
    { type: 'train', id: 1.5, request: { workspace: '/w' } },
    { type: 'train', id: 1, request: { workspace: '/w', k: 'ten' } },
    { type: 'generate', id: 1, request: { workspace: '/w' } },
    { type: 'generate', id: 1, request: { workspace: '/w', budget: '1M', train: { seed: '1' } } },
    { type: 'explode', id: 1 },
  ]) {
    assert.equal(parseHostToWorker(bad), undefined, JSON.stringify(bad));
  }
});

test('worker messages: progress, notes, typed errors and results are checked field by field', () => {
  assert.deepEqual(parseWorkerToHost({ type: 'progress', id: 1, progress: { phase: 'evaluator', step: 1, steps: 9, loss: 0.5 } }), {
    type: 'progress',
    id: 1,
    progress: { phase: 'evaluator', step: 1, steps: 9, loss: 0.5 },
  });
  assert.equal(parseWorkerToHost({ type: 'progress', id: 1, progress: { phase: 'dreaming', step: 1, steps: 9 } }), undefined);
  assert.equal(parseWorkerToHost({ type: 'progress', id: 1, progress: { phase: 'label', step: '1', steps: 9 } }), undefined);
  assert.ok(parseWorkerToHost({ type: 'error', id: 1, error: { kind: 'input', message: 'x' } }));
  assert.equal(parseWorkerToHost({ type: 'error', id: 1, error: { kind: 'oops', message: 'x' } }), undefined);
  assert.equal(parseWorkerToHost({ type: 'note', id: 1, text: 5 }), undefined);
  const generate = {
    kind: 'generate',
    pnag: 'p',
    arch: { ks: [3], e: [3], d: [2], r: 224 },
    width: 1.2,
    resolution: 224,
    madds_M: 400,
    latency_ms: null,
    budget: 450,
    unit: 'M',
    costModel: 'madds:pnag',
    top1: null,
    source: 's',
    estimate: false,
    repaired: true,
    clamped: false,
    checkpoint: 'c',
    notes: [],
  };
  assert.ok(parseWorkerToHost({ type: 'result', id: 1, result: generate }));
  assert.equal(parseWorkerToHost({ type: 'result', id: 1, result: { ...generate, repaired: 'no' } }), undefined);
  assert.equal(parseWorkerToHost({ type: 'result', id: 1, result: { ...generate, unit: 'flops' } }), undefined);
  assert.equal(parseWorkerToHost({ type: 'result', id: 1, result: { ...generate, kind: 'train' } }), undefined);
});
