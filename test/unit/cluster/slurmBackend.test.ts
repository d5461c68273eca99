import test from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SlurmBackend } from '../../../src/core/cluster/slurmBackend';
import { InputError } from '../../../src/core/errors';

/** A folder of fake Slurm tools (shell scripts printing canned answers), to put alone on PATH. */
function fakeSlurm(tools: Record<string, string>): NodeJS.ProcessEnv {
  const bin = mkdtempSync(join(tmpdir(), 'pnag-fake-slurm-'));
  for (const [name, body] of Object.entries(tools)) {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "$@" >> ${bin}/${name}.args\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return { PATH: `${bin}:/usr/bin:/bin`, FAKE_BIN: bin };
}

const PARTITIONS = `cat <<'EOF'\nPartitionName=debug AllowGroups=ALL State=UP\nPartitionName=a100 AllowGroups=ALL State=UP\nEOF`;

test('check: a partition the cluster does not have is named with the ones it has', async () => {
  const env = fakeSlurm({ sbatch: 'echo "slurm 22.05.8"', scontrol: PARTITIONS });
  await new SlurmBackend({ partition: 'a100', maxRunning: 1 }, env).check();
  await assert.rejects(new SlurmBackend({ partition: 'gpu', maxRunning: 1 }, env).check(), (e: Error) => {
    assert.ok(e instanceof InputError);
    assert.equal(e.message, '--slurm-partition: partition "gpu" does not exist on this cluster (it has debug, a100); nothing was submitted');
    return true;
  });
});

test('status: queued with the reason, running, ended from scontrol; a task squeue missed but scontrol has running is not ended', async () => {
  const env = fakeSlurm({
    squeue: `printf '812|0|RUNNING|None\\n812|1|PENDING|Priority\\n'`,
    scontrol: `cat <<'EOF'\nJobId=815 ArrayJobId=812 ArrayTaskId=3 JobState=TIMEOUT Reason=TimeLimit ExitCode=0:15 RunTime=00:30:01 TimeLimit=00:30:00\nJobId=814 ArrayJobId=812 ArrayTaskId=2 JobState=RUNNING Reason=None ExitCode=0:0 RunTime=00:10:00\nEOF`,
  });
  const statuses = await new SlurmBackend({ partition: 'debug', maxRunning: 4 }, env).status([{ job: '812', name: 'pnag-r-b1', tasks: 4 }]);
  assert.deepEqual(statuses.get('812'), [
    { task: 0, phase: 'running' },
    { task: 1, phase: 'queued', reason: 'Priority' },
    { task: 2, phase: 'running' },
    { task: 3, phase: 'ended', end: { state: 'TIMEOUT', description: 'TIMEOUT after 00:30:01' } },
  ]);
  assert.match(readFileSync(join(env.FAKE_BIN as string, 'squeue.args'), 'utf8'), /^-h -r -n pnag-r-b1 -o %F\|%K\|%T\|%r$/m);
});

test('submit: the array, the settings and the script on stdin; a refusal is an InputError with sbatch\'s words', async () => {
  const env = fakeSlurm({ sbatch: `cat > "$FAKE_BIN/script"\necho "812;cluster"` });
  const backend = new SlurmBackend({ partition: 'gpu', maxRunning: 8, gres: 'gpu:1', time: '00:30:00', args: ['--qos=short'] }, { ...env });
  const batch = {
    name: 'pnag-r-b1', tasks: 5, maxRunning: 3, command: 'python eval.py', setup: 'module load cuda', cwd: '/work',
    shardFile: (t: string) => `/runs/r/shards/b1_${t}.jsonl`, replyFile: (t: string) => `/runs/r/replies/b1_${t}.jsonl`, logFile: (t: string, s: string) => `/runs/r/logs/b1_${t}.${s}`,
  };
  assert.equal(await backend.submit(batch), '812');
  const args = readFileSync(join(env.FAKE_BIN as string, 'sbatch.args'), 'utf8').trim();
  assert.equal(args, '--parsable --array=0-4%3 --job-name=pnag-r-b1 --partition=gpu --time=00:30:00 --gres=gpu:1 --no-requeue --chdir=/work --output=/runs/r/logs/b1_%a.out --error=/runs/r/logs/b1_%a.err --qos=short');
  assert.match(readFileSync(join(env.FAKE_BIN as string, 'script'), 'utf8'), /module load cuda\n\{\npython eval.py\n\} < '\/runs\/r\/shards\/b1_'"\$SLURM_ARRAY_TASK_ID"'\.jsonl' >> '\/runs\/r\/replies\/b1_'"\$SLURM_ARRAY_TASK_ID"'\.jsonl'/);

  const refusing = fakeSlurm({ sbatch: `echo "sbatch: error: Invalid generic resource (gres) specification" >&2\nexit 1` });
  await assert.rejects(new SlurmBackend({ partition: 'gpu', maxRunning: 1, gres: 'gpu:9' }, refusing).submit(batch), /^InputError: sbatch refused the array for partition "gpu": sbatch: error: Invalid generic resource \(gres\) specification$/);
});
