import test from 'node:test';
import assert from 'node:assert/strict';
import { describeProgress, progressFraction, statusText } from '../../../src/extension/trainingProgress';

test('a frontier round reads with its round, the queries asked of all and the time left', () => {
  const round = { phase: 'frontier', step: 3000, steps: 8000, round: 2, rounds: 4, etaSeconds: 20, fraction: 0.875 } as const;
  assert.equal(describeProgress(round), 'frontier round 2/4 · queries 3,000/8,000 · about 20 s left');
  assert.equal(statusText(round), 'PNAG: frontier round 2/4 · 87 %');
  assert.equal(progressFraction(round), 0.875, 'the whole job, not the 3,000/8,000 of the phase');
});

test('the other phases keep their step text; the status bar adds the whole job share', () => {
  const step = { phase: 'generator', step: 120, steps: 300, reward: 0.1234, etaSeconds: 75, fraction: 0.6 } as const;
  assert.equal(describeProgress(step), 'generator step 120/300 · reward 0.123 · about 1 min 15 s left');
  assert.equal(statusText(step), 'PNAG: generator 120/300 · 60 %');
});
