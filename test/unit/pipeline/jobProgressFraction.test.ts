import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainJob } from '../../../src/core/pipeline/trainJob';
import { JobFraction } from '../../../src/core/pipeline/jobFraction';
import { type JobProgress, PROGRESS_PHASES } from '../../../src/shared/engineProtocol';
import { describeProgress as cliLine } from '../../../src/cli/progressBar';
import { describeProgress as notificationText, statusText } from '../../../src/extension/trainingProgress';
import { nasdataPath } from '../nasdata';

const predictor = `ofa:${nasdataPath('ofa_acc_predictor_w1.2_weights.json')}`;

function workspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-progress-'));
  mkdirSync(join(ws, '.pnag'));
  return ws;
}

/** A real small training with frontier rounds (OFA predictor, exact MAdds), every progress event kept. */
async function recordTraining(): Promise<JobProgress[]> {
  const events: JobProgress[] = [];
  await trainJob(
    { workspace: workspace(), accuracy: predictor, archiveSize: 200, evaluatorEpochs: 1, generatorSteps: 12, frontierQueries: 64, seed: 4, backend: 'wasm' },
    { onProgress: (p) => events.push(p) },
  );
  if (process.env.PNAG_RECORD_PROGRESS) writeFileSync(process.env.PNAG_RECORD_PROGRESS, JSON.stringify(events, null, 1));
  return events;
}

test('a real training with frontier rounds: phases in order, the overall fraction never goes back', { timeout: 240_000 }, async () => {
  const events = await recordTraining();
  const phases = events.map((e) => e.phase).filter((p, i, all) => i === 0 || all[i - 1] !== p);
  assert.deepEqual(phases, ['label', 'evaluator', 'generator', 'frontier'], 'each phase once, in the order they run');
  const order = (e: JobProgress) => PROGRESS_PHASES.indexOf(e.phase);
  for (let i = 1; i < events.length; i++) {
    const [before, now] = [events[i - 1], events[i]];
    assert.ok(now.fraction !== undefined && before.fraction !== undefined, `event ${i} has a fraction`);
    assert.ok(now.fraction >= before.fraction, `event ${i} (${now.phase} ${now.step}/${now.steps}) fraction ${now.fraction} < ${before.fraction}`);
    assert.ok(order(now) >= order(before), `event ${i}: ${now.phase} after ${before.phase}`);
  }
  assert.ok((events[events.length - 1].fraction ?? 0) > 0.95, 'the last round is under way at the end');
  const frontier = events.filter((e) => e.phase === 'frontier');
  assert.ok(frontier.every((e) => e.rounds !== undefined && e.round !== undefined && e.round >= 1 && e.round <= e.rounds), 'rounds on every frontier event');
  assert.ok(frontier[frontier.length - 1].step <= 64 && frontier[frontier.length - 1].steps === 64, 'queries asked of the 64 asked for');
  // Before the rounds start, the time left includes them: it cannot be less than what the rounds then say.
  const lastGenerator = events.filter((e) => e.phase === 'generator').at(-1);
  assert.ok(lastGenerator?.etaSeconds !== undefined && lastGenerator.etaSeconds > 0, 'the generator phase counts the rounds still to come');
  const sample = frontier[0];
  assert.match(cliLine(sample), /^frontier round \d\/\d {2}queries \d+\/64/);
  assert.match(notificationText(sample), /^frontier round \d\/\d · queries \d+\/64/);
  assert.match(statusText(sample), /^PNAG: frontier round \d\/\d · \d+ %$/);
});

test('the fraction holds its ground when a phase reports a smaller share, and spans the rounds only when they come', () => {
  const seen: number[] = [];
  const fraction = new JobFraction((p) => seen.push(p.fraction ?? NaN));
  fraction.report({ phase: 'label', step: 100, steps: 100 });
  fraction.expectFrontierRounds(true);
  fraction.report({ phase: 'generator', step: 300, steps: 300 });
  fraction.report({ phase: 'frontier', step: 0, steps: 8000, round: 1, rounds: 4 });
  fraction.report({ phase: 'frontier', step: 3000, steps: 8000, round: 2, rounds: 4 });
  fraction.report({ phase: 'frontier', step: 8000, steps: 8000, round: 4, rounds: 4 });
  fraction.report({ phase: 'label', step: 1, steps: 100 });
  assert.deepEqual(seen, [0.3, 0.8, 0.8, 0.875, 0.975, 0.975], 'the last round fine-tunes after all queries: 0.8 + 0.2 * 3.5/4');
  const without: number[] = [];
  const plain = new JobFraction((p) => without.push(p.fraction ?? NaN));
  plain.report({ phase: 'generator', step: 150, steps: 300 });
  assert.deepEqual(without, [0.775], 'without rounds the generator fills the rest');
});

test('a cancel settles the evaluations spent: the last report again with the archive\'s count, its fraction never going back; nothing when the count is the same', () => {
  const forwarded: JobProgress[] = [];
  const fraction = new JobFraction((p) => forwarded.push(p));
  fraction.expectFrontierRounds(true);
  fraction.settleEvaluations(5);
  assert.equal(forwarded.length, 0, 'nothing reported yet: nothing to settle');
  fraction.report({ phase: 'frontier', step: 8, steps: 150, round: 1, rounds: 19, evaluations: { done: 47, total: 197, secondsEach: 2, secondsLeft: 300 } });
  fraction.settleEvaluations(47);
  assert.equal(forwarded.length, 1, 'the same count is not reported twice');
  fraction.settleEvaluations(51);
  assert.equal(forwarded.length, 2);
  const settled = forwarded[1];
  assert.deepEqual(settled.evaluations, { done: 51, total: 197 });
  assert.equal(settled.phase, 'frontier');
  assert.ok((settled.fraction ?? 0) >= (forwarded[0].fraction ?? 0));
});
