import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../src/core/archive/archive';
import { clusterEvaluatorFor } from '../../src/core/cluster/clusterRunner';
import { archiveCounts, archsFor, fixtureCommand, jobsInQueue, PARTITION, runStates, waitFor } from './slurmHelpers';

function evaluatorIn(workspace: string, command: string, events: string[], extra: { maxRunning: number; time?: string }) {
  return clusterEvaluatorFor(command, {
    cwd: workspace,
    archive: Archive.open(join(workspace, '.pnag', 'archive.jsonl')),
    slurm: { partition: PARTITION, pollSeconds: 1, ...extra },
    log: (e) => events.push(e.text),
  });
}

function assertEachArchivedOnce(workspace: string, n: number): void {
  const counts = archiveCounts(join(workspace, '.pnag', 'archive.jsonl'));
  assert.equal(counts.size, n, 'every architecture archived');
  assert.deepEqual([...new Set(counts.values())], [1], 'none archived twice');
}

test('a task that exits non-zero after 3 answers: the rest of its shard is resubmitted, nothing duplicated', { timeout: 180_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-slurm-fail-'));
  const events: string[] = [];
  const marker = join(workspace, 'failed-once');
  const evaluator = evaluatorIn(workspace, fixtureCommand(500, `--fail-once ${marker} --fail-after 3`), events, { maxRunning: 2 });
  const results = await evaluator.evaluate(archsFor(20, 2));

  assert.ok(results.every((r) => r.metrics !== undefined), results.find((r) => r.error)?.error);
  assertEachArchivedOnce(workspace, 20);
  const [state] = runStates(workspace);
  assert.ok(state.batches.length >= 2, 'a second array took the unanswered requests');
  const resubmitted = state.batches.slice(1).flatMap((b) => b.shards.flat());
  assert.equal(resubmitted.length, 7, `only the 7 unanswered requests of the failed task went out again: ${events.join('\n')}`);
  assert.ok(events.some((e) => /task \d of job \d+: FAILED with exit code 3 after .*; 7 requests unanswered: 7 to resubmit/.test(e)), events.join('\n'));
  assert.deepEqual(jobsInQueue([state]), []);
});

test('a task cancelled with scancel mid-run: its unanswered requests are resubmitted and the reason reported', { timeout: 180_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-slurm-scancel-'));
  const events: string[] = [];
  const evaluator = evaluatorIn(workspace, fixtureCommand(700), events, { maxRunning: 2 });
  const running = evaluator.evaluate(archsFor(20, 3));
  // Task 0 of the first array, once it answered something.
  const answeredSome = await waitFor(() => {
    const [state] = runStates(workspace);
    return state?.batches[0]?.job != null && events.length > 0 && archiveCounts(join(workspace, '.pnag', 'archive.jsonl')).size >= 2;
  }, 60_000);
  assert.ok(answeredSome, 'the array started answering');
  const job = runStates(workspace)[0].batches[0].job as string;
  const cancel = spawnSync('scancel', [`${job}_0`], { encoding: 'utf8' });
  assert.equal(cancel.status, 0, cancel.stderr);
  const results = await running;

  assert.ok(results.every((r) => r.metrics !== undefined), results.find((r) => r.error)?.error);
  assertEachArchivedOnce(workspace, 20);
  assert.ok(events.some((e) => new RegExp(`task 0 of job ${job}: CANCELLED after .*requests unanswered: \\d+ to resubmit`).test(e)), events.join('\n'));
  assert.deepEqual(jobsInQueue(runStates(workspace)), []);
});

test('a task killed by its --time limit: the rest is resubmitted, TIMEOUT reported', { timeout: 240_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-slurm-timeout-'));
  const events: string[] = [];
  // One task of 100 requests at 1 s against a 1-minute limit (Slurm enforces it within about 30 s of the minute).
  const evaluator = evaluatorIn(workspace, fixtureCommand(1000), events, { maxRunning: 1, time: '1' });
  const results = await evaluator.evaluate(archsFor(100, 4));

  assert.ok(results.every((r) => r.metrics !== undefined), results.find((r) => r.error)?.error);
  assertEachArchivedOnce(workspace, 100);
  const [state] = runStates(workspace);
  assert.ok(state.batches.length >= 2);
  assert.ok(events.some((e) => /task 0 of job \d+: TIMEOUT after 00:01:\d\d; \d+ requests unanswered: \d+ to resubmit/.test(e)), events.join('\n'));
  assert.deepEqual(jobsInQueue([state]), []);
});
