import test from 'node:test';
import assert from 'node:assert/strict';
import { ProgressBar, describeProgress, formatEach, formatEta } from '../../../src/cli/progressBar';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, columns: 100, writes, write: (text: string) => writes.push(text) };
}

test('a progress line names the phase, step, figures and eta', () => {
  assert.equal(describeProgress({ phase: 'generator', step: 3, steps: 300, reward: 1.23456, entropy: 20.5, etaSeconds: 125 }), 'generator 3/300  reward 1.235  entropy 20.50  eta 2m05s');
  assert.equal(formatEta(9.6), '10s');
  assert.equal(formatEta(undefined), '');
});

test('on a terminal the bar is redrawn in place and cleared before a note', () => {
  const out = sink(true);
  const bar = new ProgressBar(out);
  bar.update({ phase: 'evaluator', step: 5, steps: 10 });
  assert.match(out.writes[0], /^\r\[#+\.+\] evaluator 5\/10/);
  assert.ok(!out.writes[0].includes('\n'));
  bar.note('hello');
  assert.deepEqual(out.writes.slice(1), ['\r\x1b[K', 'hello\n']);
});

test('on a pipe: plain lines, one per phase start and end and at most one per interval between', () => {
  const out = sink(false);
  let now = 0;
  const bar = new ProgressBar(out, 5000, () => now);
  for (let step = 1; step <= 100; step++) {
    now += 100;
    bar.update({ phase: 'generator', step, steps: 100 });
  }
  // Step 1 (phase start), step 51 (5 s later), step 100 (the end).
  assert.deepEqual(out.writes, ['generator 1/100\n', 'generator 51/100\n', 'generator 100/100\n']);
  assert.ok(out.writes.every((w) => w.endsWith('\n') && !w.includes('\r')));
});

test('a frontier round reads as the round and the queries; the bar shows the whole job, not the phase', () => {
  const progress = { phase: 'frontier', step: 3000, steps: 8000, round: 2, rounds: 4, etaSeconds: 20, fraction: 0.9 } as const;
  assert.equal(describeProgress(progress), 'frontier round 2/4  queries 3000/8000  eta 20s');
  const out = sink(true);
  new ProgressBar(out).update(progress);
  const bar = /\[(#*)(\.*)\]/.exec(out.writes[0]);
  assert.ok(bar, out.writes[0]);
  const filled = bar[1].length / (bar[1].length + bar[2].length);
  assert.ok(filled >= 0.85, `the bar is ${filled} full at fraction 0.9, not the phase's 3000/8000`);
});

test('an evaluation budget\'s line says the evaluations spent of all and how long each takes; the eta runs to hours', () => {
  const evaluations = { done: 340, total: 990, secondsEach: 65, secondsLeft: 42250 };
  assert.equal(describeProgress({ phase: 'label', step: 340, steps: 990, evaluations, etaSeconds: 42250 }), 'evaluations 340/990 · 1m05s each  eta 11h44m');
  assert.equal(formatEta(3600), '1h00m');
  // A fast evaluator (or eight answering at once) reads as what it takes, not `0s each`.
  assert.equal(describeProgress({ phase: 'label', step: 8, steps: 90, evaluations: { done: 8, total: 90, secondsEach: 0.04 } }), 'evaluations 8/90 · 40ms each');
  assert.equal(formatEach(2.46), '2.5s');
  assert.equal(formatEach(9.99), '10s');
});

test('on a pipe: a phase that keeps reporting its last step (learning after the last round) writes its end once, and no line twice', () => {
  const out = sink(false);
  let now = 0;
  const bar = new ProgressBar(out, 5000, () => now);
  const end = { phase: 'frontier', step: 78, steps: 78, round: 8, rounds: 8 } as const;
  bar.update({ ...end, step: 70 });
  for (let i = 0; i < 200; i++) {
    now += 1000;
    bar.update(end);
  }
  assert.deepEqual(out.writes, ['frontier round 8/8  queries 70/78\n', 'frontier round 8/8  queries 78/78\n']);
  // A later line that says something new is written at the interval; a new round's end is written again.
  now += 5000;
  bar.update({ ...end, etaSeconds: 30 });
  bar.update({ ...end, round: 7, step: 78 });
  assert.deepEqual(out.writes.slice(2), ['frontier round 8/8  queries 78/78  eta 30s\n', 'frontier round 7/8  queries 78/78\n']);
});
