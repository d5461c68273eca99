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

test('on an evaluation budget the notification reads evaluations spent of all, the time each takes and hours left', () => {
  const evaluations = { done: 340, total: 990, secondsEach: 65, secondsLeft: 65 * 650 };
  const coverage = { phase: 'label', step: 340, steps: 990, evaluations, etaSeconds: 65 * 650, fraction: 0.34 } as const;
  assert.equal(describeProgress(coverage), 'evaluations 340/990 · 1 min 5 s each · about 11 h 44 min left');
  assert.equal(statusText(coverage), 'PNAG: label 340/990 · evaluations 340/990 · 34 %');
  const round = { phase: 'frontier', step: 75, steps: 590, round: 2, rounds: 8, evaluations: { ...evaluations, done: 475 }, etaSeconds: 60, fraction: 0.48 } as const;
  assert.equal(describeProgress(round), 'frontier round 2/8 · queries 75/590 · evaluations 475/990 · 1 min 5 s each · about 1 min 0 s left');
});
