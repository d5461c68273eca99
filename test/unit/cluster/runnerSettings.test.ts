import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainJob } from '../../../src/core/pipeline/trainJob';
import { checkSlurmSettings, parseRunnerKind, parseSlurmArgs } from '../../../src/core/cluster/runnerSettings';
import { InputError } from '../../../src/core/errors';
import { runnerRequest } from '../../../src/cli/runnerOptions';
import { runnerRequestOf } from '../../../src/extension/settings/runnerSettings';

const refused = (run: () => unknown, message: RegExp) => assert.throws(run, (e: Error) => e instanceof InputError && message.test(e.message));

test('slurm settings: the required ones, Slurm time forms, trimmed names', () => {
  assert.deepEqual(checkSlurmSettings({ partition: ' gpu ', maxRunning: 16, time: '00:30:00', gres: 'gpu:1' }), { partition: 'gpu', maxRunning: 16, time: '00:30:00', gres: 'gpu:1' });
  for (const time of ['30', '30:00', '1:00:00', '1-0', '1-00:00', '2-12:00:00']) assert.equal(checkSlurmSettings({ partition: 'p', maxRunning: 1, time }).time, time);
  refused(() => checkSlurmSettings({ maxRunning: 1 }), /^--slurm-partition: the slurm runner needs a partition$/);
  refused(() => checkSlurmSettings({ partition: 'p' }), /^--slurm-max-running: the slurm runner needs/);
  refused(() => checkSlurmSettings({ partition: 'p', maxRunning: 0 }), /^--slurm-max-running: 0 must be a whole number from 1 to 10000$/);
  refused(() => checkSlurmSettings({ partition: 'p', maxRunning: 2.5 }), /--slurm-max-running: 2.5/);
  refused(() => checkSlurmSettings({ partition: 'gpu;rm -rf /', maxRunning: 1 }), /--slurm-partition: "gpu;rm -rf \/" is not a partition name/);
  refused(() => checkSlurmSettings({ partition: 'p', maxRunning: 1, time: 'half an hour' }), /--slurm-time: "half an hour" is not a Slurm time/);
  refused(() => checkSlurmSettings({ partition: 'p', maxRunning: 1, gres: 'gpu 1' }), /--slurm-gres/);
  refused(() => checkSlurmSettings({ partition: 'p', maxRunning: 1, pollSeconds: 0 }), /--slurm-poll: 0 must be a number of seconds from 0.2 to 600/);
  refused(() => checkSlurmSettings({ partition: 'p', maxRunning: 1, retries: -1 }), /--slurm-retries/);
});

test('--slurm-args: words split on blanks; options PNAG sets itself are refused', () => {
  assert.deepEqual(parseSlurmArgs('  --account=ml   --qos short '), ['--account=ml', '--qos', 'short']);
  refused(() => parseSlurmArgs('account=ml'), /--slurm-args: "account=ml" is not an sbatch option/);
  for (const reserved of ['--array=0-3', '--output=/x', '-o', '--wrap=id', '--partition=x', '--job-name=x', '--requeue']) {
    refused(() => checkSlurmSettings({ partition: 'p', maxRunning: 1, args: [reserved] }), /--slurm-args: .* is set by PNAG itself/);
  }
});

test('--runner: local or slurm; --slurm-* without --runner slurm is refused, not ignored', () => {
  assert.equal(parseRunnerKind('Slurm'), 'slurm');
  refused(() => parseRunnerKind('kubernetes'), /^--runner: "kubernetes" is not one of local, slurm$/);
  assert.deepEqual(runnerRequest({}), {});
  refused(() => runnerRequest({ slurmPartition: 'gpu' }), /^--slurm-partition needs --runner slurm$/);
  refused(() => runnerRequest({ runner: 'local', slurmMaxRunning: 4 }), /^--slurm-max-running needs --runner slurm$/);
  assert.deepEqual(runnerRequest({ runner: 'slurm', slurmPartition: 'gpu', slurmMaxRunning: 4, slurmArgs: '--qos=short' }), {
    runner: 'slurm',
    slurm: { partition: 'gpu', maxRunning: 4, args: ['--qos=short'] },
  });
});

test('pnag.runner / pnag.slurm.*: errors name the setting; an untrusted workspace asking for slurm is told why it does not run', () => {
  assert.deepEqual(runnerRequestOf({ runner: 'local', slurm: { partition: 'gpu' } }), {});
  assert.deepEqual(runnerRequestOf({ runner: 'slurm', slurm: { partition: 'gpu', maxRunning: 4, setup: '', args: '' } }), { runner: 'slurm', slurm: { partition: 'gpu', maxRunning: 4 } });
  refused(() => runnerRequestOf({ runner: 'slurm', slurm: { partition: '', maxRunning: 4 } }), /^pnag\.slurm\.partition: the slurm runner needs a partition$/);
  refused(() => runnerRequestOf({ runner: 'slurm', slurm: { partition: 'gpu', maxRunning: 0 } }), /^pnag\.slurm\.maxRunning: 0 must be/);
  refused(() => runnerRequestOf({ runner: 'slurm', slurm: { partition: 'gpu', maxRunning: 1, args: '--array=1' } }), /^pnag\.slurm\.args: --array is set by PNAG itself/);
  refused(() => runnerRequestOf({ runner: 'local', slurm: {} }, 'slurm'), /workspace is not trusted, so its cluster settings are not used/);
});

test('a training request with a cluster runner but no eval: source is refused before anything slow', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-runner-fit-'));
  await assert.rejects(trainJob({ workspace, accuracy: 'proxy:madds', runner: 'slurm', slurm: { partition: 'gpu', maxRunning: 2 } }), (e: Error) => {
    assert.ok(e instanceof InputError);
    assert.equal(e.message, '--runner slurm: runs an evaluator command; use it with --accuracy eval:"<command>" (the accuracy source is proxy)');
    return true;
  });
  await assert.rejects(trainJob({ workspace, accuracy: 'eval:true', runner: 'kubernetes' as 'slurm' }), /^InputError: --runner: "kubernetes" is not one of local, slurm$/);
});
