import test from 'node:test';
import assert from 'node:assert/strict';
import { FrontierEta } from '../../../src/core/pipeline/frontierEta';
import type { PnagProgress } from '../../../src/core/pnag/trainPipeline';

const generator = (step: number, eta: number): PnagProgress => ({ phase: 'generator', step, steps: 300, reward: 1, entropy: 1, etaSeconds: eta, fraction: 0, totalEtaSeconds: eta });
const frontier = (round: number, step: number, eta: number): PnagProgress => ({
  phase: 'frontier',
  round,
  rounds: 4,
  step,
  steps: 8000,
  stage: 'search',
  etaSeconds: eta,
  fraction: 0,
  totalEtaSeconds: eta,
});

test('before the rounds, the time left adds a guess of them timed on the generator steps', () => {
  let now = 0;
  const eta = new FrontierEta(8000, () => now);
  eta.secondsLeft(generator(1, 99.9));
  now = 10_000;
  // 100 steps in 10 s: 0.1 s a step; 4 rounds of 25 steps and 8,000 queries at 0.006 steps: 148 steps.
  assert.equal(Number(eta.secondsLeft(generator(101, 20)).toFixed(3)), Number((20 + 0.1 * 148).toFixed(3)));
});

test('during the rounds, a finished round times the rest, fine-tuning included, not the queries alone', () => {
  let now = 0;
  const eta = new FrontierEta(8000, () => now);
  eta.secondsLeft(generator(300, 0));
  now = 1000;
  eta.secondsLeft(frontier(1, 500, 30));
  now = 20_000;
  // Round 1 took 20 s; round 2 just started: 3 rounds left, 60 s, though the queries alone say 10 s.
  assert.equal(eta.secondsLeft(frontier(2, 2000, 10)), 60);
  now = 30_000;
  assert.equal(eta.secondsLeft(frontier(2, 3000, 8)), 50);
  // The engine's own estimate wins when it is the longer one; never below 0.
  assert.equal(eta.secondsLeft(frontier(2, 3000, 70)), 70);
  now = 200_000;
  eta.secondsLeft(frontier(4, 7000, 1));
  now = 300_000;
  assert.equal(eta.secondsLeft(frontier(4, 8000, 0)), 0);
});
