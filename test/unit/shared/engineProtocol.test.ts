import test from 'node:test';
import assert from 'node:assert/strict';
import { parseHostToWorker, parseWorkerToHost, progressFractionOf, workerMessageProblem } from '../../../src/shared/engineProtocol';

test('host messages: train, generate and cancel parse; anything else is refused', () => {
  assert.deepEqual(parseHostToWorker({ type: 'cancel', id: 3 }), { type: 'cancel', id: 3 });
  const train = { type: 'train', id: 1, request: { workspace: '/w', accuracy: 'proxy', k: 5, forgetFailures: true } };
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
    { type: 'train', id: 1, request: { workspace: '/w', forgetFailures: 'yes' } },
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
  // The unit is open to new cost models (their kinds declare it), so only text that is no unit is refused here.
  assert.equal(parseWorkerToHost({ type: 'result', id: 1, result: { ...generate, unit: 'flops<br>' } }), undefined);
  assert.equal(parseWorkerToHost({ type: 'result', id: 1, result: { ...generate, unit: 7 } }), undefined);
  assert.equal(parseWorkerToHost({ type: 'result', id: 1, result: { ...generate, cost: 'cheap' } }), undefined);
  assert.equal(parseWorkerToHost({ type: 'result', id: 1, result: { ...generate, kind: 'train' } }), undefined);
  // What the training says of the answer when no source was asked: a percentage, from the memory or the model.
  assert.ok(parseWorkerToHost({ type: 'result', id: 1, result: { ...generate, predictedTop1: { top1: 81.2, from: 'model', source: 'eval:x' } } }));
  for (const bad of [{ top1: 181, from: 'model', source: 's' }, { top1: 81, from: 'guess', source: 's' }, { top1: 81, from: 'memory' }, 81]) {
    assert.equal(parseWorkerToHost({ type: 'result', id: 1, result: { ...generate, predictedTop1: bad } }), undefined, JSON.stringify(bad));
  }
  const train = {
    kind: 'train', checkpoint: 'c', accuracySource: 'eval:x', accuracySpec: 'eval:x', estimate: false, costModel: 'madds:pnag', costSpec: 'madds', unit: 'M',
    budgets: [250, 700], width: 1.2, resolution: 224, archs: 398, queried: 1990, reused: 0, frontierArchs: 1592, evaluatorTau: 0.5, finalReward: 1,
    finalEntropy: 2, seconds: 60, notes: [],
  };
  assert.ok(parseWorkerToHost({ type: 'result', id: 1, result: train }));
  // On an evaluation budget: what the last networks measured raised the frontier by, three numbers.
  assert.ok(parseWorkerToHost({ type: 'result', id: 1, result: { ...train, frontierRise: { evaluations: 159, last: 0.049, before: 0.027 } } }));
  for (const bad of [{ evaluations: 159, last: 0.049 }, { evaluations: '159', last: 0.049, before: 0.027 }, { evaluations: 159, last: null, before: 0.027 }, 0.049]) {
    assert.equal(parseWorkerToHost({ type: 'result', id: 1, result: { ...train, frontierRise: bad } }), undefined, JSON.stringify(bad));
  }
});

test('frontier progress: round and rounds are required and checked, fraction is 0..1; the problem is said plainly', () => {
  const good = { type: 'progress', id: 4, progress: { phase: 'frontier', step: 3000, steps: 8000, round: 2, rounds: 4, etaSeconds: 20, fraction: 0.87 } };
  assert.deepEqual(parseWorkerToHost(good), good);
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ phase: 'frontier', step: 1, steps: 8 }, /frontier progress needs whole numbers round and rounds with 1 <= round <= rounds \(got round undefined, rounds undefined\)/],
    [{ phase: 'frontier', step: 1, steps: 8, round: 5, rounds: 4 }, /got round 5, rounds 4/],
    [{ phase: 'frontier', step: 1, steps: 8, round: 1.5, rounds: 4 }, /got round 1.5/],
    [{ phase: 'frontier', step: 1, steps: 8, round: 1, rounds: 4, fraction: 1.2 }, /fraction 1.2 is not a number from 0 to 1/],
    [{ phase: 'generator', step: 1, steps: 8, round: 1, rounds: 4 }, /round and rounds belong to frontier progress only/],
    [{ phase: 'frontiers', step: 1, steps: 8 }, /phase "frontiers" is not one of label, cost, evaluator, generator, frontier/],
  ];
  for (const [progress, why] of bad) {
    const message = { type: 'progress', id: 4, progress };
    assert.equal(parseWorkerToHost(message), undefined, JSON.stringify(progress));
    assert.match(workerMessageProblem(message), /^worker message "progress" for job 4: /);
    assert.match(workerMessageProblem(message), why);
  }
});

test('the overall fraction of a progress report: its own, else the phase share, always within 0..1', () => {
  assert.equal(progressFractionOf({ phase: 'frontier', step: 1, steps: 8, round: 1, rounds: 4, fraction: 0.82 }), 0.82);
  assert.equal(progressFractionOf({ phase: 'generator', step: 30, steps: 300 }), 0.1);
  assert.equal(progressFractionOf({ phase: 'label', step: 5, steps: 0 }), 0);
});

test('frontierData: the request and the result are checked; a malformed result is named plainly', () => {
  const request = { type: 'frontierData', id: 4, request: { archive: '/w/.pnag/archive.jsonl', unit: 'ms', costMetric: 'latency_ms@note10', accuracySource: 'ofa-predictor', maxMarks: 1500 } };
  assert.deepEqual(parseHostToWorker(request), request);
  for (const bad of [
    { archive: '/a', unit: 'M' },
    { archive: '/a', unit: 'GB per hour of a long run', maxMarks: 10 },
    { archive: '/a', unit: 'M', maxMarks: 10, costModel: 3 },
    { archive: 3, unit: 'M', maxMarks: 10 },
    { archive: '/a', unit: 'M', maxMarks: 10, maddsCount: 'mine' },
    { archive: '/a', unit: 'M', maxMarks: -1 },
  ]) {
    assert.equal(parseHostToWorker({ type: 'frontierData', id: 1, request: bad }), undefined, JSON.stringify(bad));
  }
  const point = { id: 'p', series: 'archive', label: 'archive', x: 300, y: 76, xOrigin: 'computed', yOrigin: 'measured', source: 's', details: [] };
  const result = { kind: 'frontierData', points: [point], notes: ['n'], records: 1, skipped: [{ file: '/a', line: 3, message: '/a line 3: not JSON' }], skippedCount: 1 };
  assert.deepEqual(parseWorkerToHost({ type: 'result', id: 4, result }), { type: 'result', id: 4, result });
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...result, points: [{ ...point, y: 'high' }] }, /points\[0\] is not a plot point/],
    [{ ...result, points: 'none' }, /points is not a list/],
    [{ ...result, records: 1.5 }, /records 1.5 is not a count/],
    [{ ...result, skipped: [{ file: '/a', message: 'x' }] }, /skipped must list \{ file, line, message \}/],
    [{ ...result, notes: [1] }, /notes is not a list of strings/],
  ];
  for (const [bad, problem] of cases) {
    const message = { type: 'result', id: 4, result: bad };
    assert.equal(parseWorkerToHost(message), undefined, JSON.stringify(bad));
    assert.match(workerMessageProblem(message), problem);
    assert.match(workerMessageProblem(message), /^worker message "result" for job 4: frontierData result: /);
  }
});
