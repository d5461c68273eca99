import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { archiveCounts, fixtureCommand, jobsInQueue, PARTITION, ROOT, runStates, waitFor } from './slurmHelpers';

const MAIN = resolve(ROOT, 'src', 'cli', 'main.ts');

function train(workspace: string, extra: string[], delayMs: number) {
  const args = ['train', '--accuracy', `eval:${fixtureCommand(delayMs)}`, '--evaluator-epochs', '1', '--generator-steps', '2', '--k', '3', '--runner', 'slurm', '--slurm-partition', PARTITION, '--slurm-poll', '1', ...extra];
  const child = spawn(process.execPath, ['--import', require.resolve('tsx'), MAIN, ...args], { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, stderr: () => stderr, exited };
}

/** A training killed (SIGKILL) once four answers are archived, its tasks running on, then the same command again. */
async function killedThenAgain(prefix: string, options: string[]): Promise<{ workspace: string; archivePath: string; second: ReturnType<typeof train> }> {
  const workspace = mkdtempSync(join(tmpdir(), prefix));
  const archivePath = join(workspace, '.pnag', 'archive.jsonl');
  const first = train(workspace, options, 800);
  assert.ok(await waitFor(() => archiveCounts(archivePath).size >= 4, 90_000), first.stderr());
  first.child.kill('SIGKILL');
  await first.exited;
  assert.ok(jobsInQueue(runStates(workspace)).length > 0, 'the tasks run on');
  const second = train(workspace, options, 800);
  assert.equal(await second.exited, 0, second.stderr());
  return { workspace, archivePath, second };
}

test('pnag train killed with SIGKILL while labelling on Slurm, then run again: reattaches, submits nothing twice, archives each once', { timeout: 240_000 }, async () => {
  const { workspace, archivePath, second } = await killedThenAgain('pnag-slurm-cli-kill-', ['--archive-size', '24', '--slurm-max-running', '4']);
  assert.match(second.stderr(), /reattached to run \S+ \(.*\): \d+ of 24 requests already answered, jobs still listed: \d+; 0 new requests/);
  const [state] = runStates(workspace);
  assert.equal(state.batches.length, 1, 'nothing submitted again');
  assert.equal(state.status, 'done');
  const counts = archiveCounts(archivePath);
  assert.equal(counts.size, 24);
  assert.deepEqual([...new Set(counts.values())], [1]);
  assert.deepEqual(jobsInQueue([state]), []);
});

test('pnag train --evaluations killed on Slurm, then run again: the old run\'s in-flight answers are learnt and counted, so no more than the total is measured', { timeout: 300_000 }, async () => {
  const { archivePath, second } = await killedThenAgain('pnag-slurm-cli-budget-kill-',
    ['--evaluations', '60', '--cost', 'madds', '--budgets', '250:650', '--slurm-max-running', '4']);
  assert.match(second.stderr(), /reattached to run /);
  // 60 in all, one kept for generation per training budget (--k 3): the trainings measure 57, whatever the first
  // one had in flight when it was killed (before, those came on top, learnt from only by a later training).
  const counts = archiveCounts(archivePath);
  assert.equal(counts.size, 57, second.stderr());
  assert.deepEqual([...new Set(counts.values())], [1]);
});

test('Ctrl-C on pnag train: scancel on every job of the run, said on stderr, gone from squeue within 5 s, exit 130', { timeout: 180_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-slurm-cli-int-'));
  const run = train(workspace, ['--archive-size', '40', '--slurm-max-running', '2'], 1000);
  assert.ok(await waitFor(() => /submitted job/.test(run.stderr()) && jobsInQueue(runStates(workspace)).length > 0, 90_000), run.stderr());
  run.child.kill('SIGINT');
  assert.ok(await waitFor(() => jobsInQueue(runStates(workspace)).length === 0, 5000), `still in squeue 5 s after Ctrl-C: ${jobsInQueue(runStates(workspace)).join(', ')}`);
  assert.equal(await run.exited, 130, run.stderr());
  assert.match(run.stderr(), /cancelled: slurm jobs \d+ of run \S+ cancelled \(scancel\); \d+ answers were archived/);
  assert.equal(runStates(workspace)[0].status, 'cancelled');
});

test('pnag generate --runner slurm asks the cluster, where the training measured its networks', { timeout: 300_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-slurm-cli-generate-'));
  const trained = train(workspace, ['--cost', 'madds', '--evaluations', '40', '--budgets', '250:650', '--slurm-max-running', '4', '--out', 'g.ckpt.json'], 20);
  assert.equal(await trained.exited, 0, trained.stderr());
  const runsAfterTraining = runStates(workspace).length;
  const archivePath = join(workspace, '.pnag', 'archive.jsonl');
  const measuredBefore = archiveCounts(archivePath).size;
  // A search of 4 networks: f(B)'s candidates the training did not measure go to the cluster.
  const args = ['generate', '--checkpoint', 'g.ckpt.json', '--budget', '455M', '--accuracy', `eval:${fixtureCommand(20)}`, '--source-queries', '4', '--json',
    '--backend', 'wasm', '--runner', 'slurm', '--slurm-partition', PARTITION, '--slurm-max-running', '2', '--slurm-poll', '1'];
  const child = spawn(process.execPath, ['--import', require.resolve('tsx'), MAIN, ...args], { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  assert.equal(code, 0, stderr);
  const answer = JSON.parse(stdout) as { top1: number | null; source_queries: number };
  assert.equal(typeof answer.top1, 'number');
  assert.ok(answer.source_queries > 0, stderr);
  assert.match(stderr, /submitted job \d+ to slurm/);
  const runs = runStates(workspace);
  assert.ok(runs.length > runsAfterTraining, 'the search ran no job array');
  assert.ok(runs.slice(runsAfterTraining).every((r) => r.status === 'done'));
  assert.equal(archiveCounts(archivePath).size, measuredBefore + answer.source_queries, 'each network the search asked archived once');
});

test('pnag train --evaluations --asynchronous-rounds on Slurm: a task that finishes gets the next network, the calls join one run, each answer archived once', { timeout: 300_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-slurm-cli-async-'));
  const run = train(workspace, ['--evaluations', '48', '--cost', 'madds', '--budgets', '250:650', '--slurm-max-running', '4', '--asynchronous-rounds'], 300);
  assert.equal(await run.exited, 0, run.stderr());
  assert.match(run.stderr(), /frontier rounds: asynchronous \(--asynchronous-rounds\) — 8 networks out at once/);
  // 48 in all, one kept for generation per training budget (--k 3).
  const counts = archiveCounts(join(workspace, '.pnag', 'archive.jsonl'));
  assert.equal(counts.size, 45, run.stderr());
  assert.deepEqual([...new Set(counts.values())], [1]);
  const states = runStates(workspace);
  // One call a network: before calls joined the run being driven, each was a run of its own.
  const requests = states.reduce((n, s) => n + s.requests.length, 0);
  assert.equal(requests, 45);
  assert.ok(states.length < requests / 4, `${states.length} runs for ${requests} requests`);
  assert.ok(states.every((s) => s.status === 'done'));
  assert.deepEqual(jobsInQueue(states), []);
});
