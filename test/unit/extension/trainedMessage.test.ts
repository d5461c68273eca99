import test from 'node:test';
import assert from 'node:assert/strict';
import { trainedMessage } from '../../../src/extension/trainedMessage';
import type { TrainResult } from '../../../src/shared/engineJobs';

const trained: TrainResult = {
  kind: 'train', checkpoint: 'c', accuracySource: 'eval:python eval.py', accuracySpec: 'eval:python eval.py', estimate: false, costModel: 'madds:pnag',
  costSpec: 'madds', unit: 'M', budgets: [250, 700], width: 1.2, resolution: 224, archs: 398, queried: 1990, reused: 0, evaluatorTau: 0.5, finalReward: 1,
  finalEntropy: 2, seconds: 3725.4, notes: [],
};

test('a training on an evaluation budget says what its last evaluations still raised the frontier by, beside the ones before', () => {
  assert.equal(trainedMessage({ ...trained, frontierRise: { evaluations: 159, last: 0.0491, before: 0.0266 } }),
    'PNAG: generator trained on eval:python eval.py and madds:pnag in 3725 s. Its last 159 networks measured raised the best measured top-1 within a budget ' +
    'by 0.049 point on average (the 159 before them: 0.027); a larger pnag.evaluations keeps every answer and pays only for the new ones.');
});

test('other trainings say only what was trained and how long it took', () => {
  assert.equal(trainedMessage(trained), 'PNAG: generator trained on eval:python eval.py and madds:pnag in 3725 s.');
});
