import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Archive } from '../../src/core/archive/archive';
import { clusterEvaluatorFor } from '../../src/core/cluster/clusterRunner';
import { InputError } from '../../src/core/errors';
import { archsFor, fixtureCommand, ROOT } from './slurmHelpers';

const MAIN = resolve(ROOT, 'src', 'cli', 'main.ts');

function pnag(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, ['--import', require.resolve('tsx'), MAIN, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });
}

const TRAIN = ['train', '--accuracy', `eval:${fixtureCommand(100)}`, '--archive-size', '8', '--evaluator-epochs', '1', '--generator-steps', '2', '--k', '3', '--runner', 'slurm', '--slurm-max-running', '2', '--slurm-poll', '1'];

test('a wrong partition: one line naming it, exit 2, nothing submitted', { timeout: 120_000 }, () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-slurm-partition-'));
  const result = pnag([...TRAIN, '--slurm-partition', 'gpu-nope'], workspace);
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stderr.trim().split('\n').filter((l) => l.startsWith('pnag:')).length, 1, result.stderr);
  assert.match(result.stderr, /pnag: --slurm-partition: partition "gpu-nope" does not exist on this cluster \(it has debug\); nothing was submitted/);
  assert.ok(!existsSync(join(workspace, '.pnag', 'cluster')), 'no run folder: nothing was submitted');
});

test('a missing sbatch: one error naming it, before anything is submitted', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-slurm-nosbatch-'));
  // A PATH with node only (Slurm's tools are usually beside node in /usr/bin).
  const bin = join(workspace, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  const evaluator = clusterEvaluatorFor(fixtureCommand(100), { cwd: workspace, slurm: { partition: 'debug', maxRunning: 2 } });
  const saved = process.env.PATH;
  process.env.PATH = bin;
  try {
    await assert.rejects(evaluator.evaluate(archsFor(4, 7)), (error: Error) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /the slurm runner needs Slurm's sbatch, which is not on PATH here .*nothing was submitted/);
      return true;
    });
  } finally {
    process.env.PATH = saved;
  }
  assert.ok(!existsSync(join(workspace, '.pnag', 'cluster')));
});

test('pnag train --runner slurm labels its sample as Slurm array tasks and trains on it', { timeout: 240_000 }, () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-slurm-train-'));
  const result = pnag([...TRAIN, '--slurm-partition', 'debug', '--json'], workspace);
  assert.equal(result.status, 0, result.stderr);
  const trained = JSON.parse(result.stdout) as { queried: number; accuracySource: string };
  assert.equal(trained.queried, 8);
  assert.match(result.stderr, /submitted job \d+ to slurm: 2 tasks for 8 requests/);
  assert.equal(Archive.open(join(workspace, '.pnag', 'archive.jsonl')).withMetric('top1').length, 8);
});

test('a run started with another command is not reattached (the state file is data, never run)', { timeout: 120_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-slurm-othercmd-'));
  const folder = join(workspace, '.pnag', 'cluster', '20260101T000000-evil');
  mkdirSync(folder, { recursive: true });
  const [arch] = archsFor(1, 8);
  writeFileSync(
    join(folder, 'state.json'),
    JSON.stringify({
      format: 'pnag-cluster-run', version: 1, run: '20260101T000000-evil', runner: 'slurm', status: 'active', created: '2026-01-01T00:00:00Z',
      what: { command: 'touch /tmp/pnag-pwned', setup: '', args: [] },
      requests: [{ pnag: `${arch.depths.join(',')}:${arch.kernels.join(',')}:${arch.expands.join(',')}`, width: 1.2, resolution: 224 }],
      batches: [], failed: {},
    }),
  );
  const events: string[] = [];
  const evaluator = clusterEvaluatorFor(fixtureCommand(100), { cwd: workspace, archive: Archive.open(join(workspace, '.pnag', 'archive.jsonl')), slurm: { partition: 'debug', maxRunning: 1, pollSeconds: 1 }, log: (e) => events.push(e.text) });
  const results = await evaluator.evaluate([arch]);
  assert.ok(results[0].metrics);
  assert.ok(events.some((e) => /run 20260101T000000-evil was started with another command or setup \("touch \/tmp\/pnag-pwned"\); it is not reattached/.test(e)), events.join('\n'));
  assert.ok(events.some((e) => /^run \d{8}T\d{6}-\w+: 1 requests/.test(e)), 'a new run of its own');
});
