import test from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveCounts, fixtureCommand, jobsInQueue, runStates, waitFor } from './slurmHelpers';

const DRIVER = join(__dirname, 'driver.ts');

function startDriver(options: Record<string, unknown>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', DRIVER, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

test('PNAG killed with SIGKILL mid-run, then started again: reattaches, loses nothing, submits only what is missing', { timeout: 180_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-slurm-reattach-'));
  const archivePath = join(workspace, '.pnag', 'archive.jsonl');
  const common = { workspace, command: fixtureCommand(800), seed: 5, maxRunning: 4 };
  const first = startDriver({ ...common, n: 40 });
  assert.ok(await waitFor(() => archiveCounts(archivePath).size >= 6, 60_000), first.output());
  first.child.kill('SIGKILL');
  await first.exited;
  const [before] = runStates(workspace);
  assert.equal(before.status, 'active');
  assert.equal(before.batches.length, 1);
  assert.ok(jobsInQueue([before]).length > 0, 'the tasks run on without PNAG');

  // Started again with the same 40 and 8 more: only the 8 go out.
  const second = startDriver({ ...common, n: 48 });
  assert.equal(await second.exited, 0, second.output());
  assert.match(second.output(), /reattached to run .*: \d+ of 40 requests already answered, jobs still listed: \d+; 8 new requests/);
  assert.match(second.output(), /done: 48/);
  const [after] = runStates(workspace);
  assert.equal(after.run, before.run);
  assert.equal(after.status, 'done');
  assert.equal(after.batches.length, 2);
  assert.equal(after.batches[1].shards.flat().length, 8, 'only the missing requests were submitted');
  const counts = archiveCounts(archivePath);
  assert.equal(counts.size, 48);
  assert.deepEqual([...new Set(counts.values())], [1], 'nothing archived twice');
  assert.deepEqual(jobsInQueue([after]), []);
});

test('cancel: every job of the run is gone from squeue within 5 s, and the run says so', { timeout: 120_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-slurm-cancel-'));
  const driver = startDriver({ workspace, command: fixtureCommand(1000), seed: 6, n: 40, maxRunning: 2 });
  assert.ok(await waitFor(() => /submitted job/.test(driver.output()) && jobsInQueue(runStates(workspace)).length > 0, 60_000), driver.output());
  const cancelled = Date.now();
  driver.child.kill('SIGTERM');
  const gone = await waitFor(() => jobsInQueue(runStates(workspace)).length === 0, 5000);
  const seconds = (Date.now() - cancelled) / 1000;
  assert.ok(gone, `still in squeue after 5 s: ${jobsInQueue(runStates(workspace)).join(', ')}`);
  assert.equal(await driver.exited, 130, driver.output());
  assert.match(driver.output(), /cancelled: slurm jobs \d+ of run .* cancelled \(scancel\)/);
  assert.equal(runStates(workspace)[0].status, 'cancelled');
  process.stdout.write(`# jobs gone ${seconds.toFixed(1)} s after the cancel\n`);
});
