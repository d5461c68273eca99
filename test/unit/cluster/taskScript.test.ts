import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { taskScript } from '../../../src/core/cluster/taskScript';
import { describeEnd } from '../../../src/core/cluster/slurmBackend';
import { describeClusterProgress } from '../../../src/shared/clusterProgressText';
import { progressProblem } from '../../../src/shared/engineProtocol';
import { describeProgress } from '../../../src/cli/progressBar';

test('the task script feeds its shard to the command and appends stdout to its reply file, even in a folder with quotes and spaces', () => {
  const root = mkdtempSync(join(tmpdir(), 'pnag-task-script-'));
  const folder = join(root, `it's a "run" $HOME`);
  mkdirSync(folder);
  writeFileSync(join(folder, 'shard-3'), 'one\ntwo\n');
  const script = taskScript(
    {
      name: 'pnag-x-b1',
      tasks: 4,
      maxRunning: 2,
      command: 'tr a-z A-Z',
      setup: 'export GREETING=set-up',
      cwd: root,
      shardFile: (t) => join(folder, `shard-${t}`),
      replyFile: (t) => join(folder, `reply-${t}`),
      logFile: (t, s) => join(folder, `${t}.${s}`),
    },
    '$TASK',
  );
  const run = spawnSync('sh', ['-c', script], { env: { ...process.env, TASK: '3' }, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(readFileSync(join(folder, 'reply-3'), 'utf8'), 'ONE\nTWO\n');
  assert.match(script, /^#!\/bin\/sh\n/);
  assert.match(script, /\nexport GREETING=set-up\n\{\ntr a-z A-Z\n\} < /);
});

test('how a task ended reads like Slurm says it', () => {
  assert.equal(describeEnd('TIMEOUT', '0:15', '00:30:00'), 'TIMEOUT after 00:30:00');
  assert.equal(describeEnd('FAILED', '3:0', '00:00:12'), 'FAILED with exit code 3 after 00:00:12');
  assert.equal(describeEnd('COMPLETED', '0:0', '00:01:00'), 'COMPLETED (exit code 0)');
  assert.equal(describeEnd('NODE_FAIL', '0:0', '00:02:00'), 'NODE_FAIL after 00:02:00');
});

test('cluster progress: checked by the protocol, shown with its counts and the queue reasons', () => {
  const cluster = { runner: 'slurm', queued: 3, running: 4, answered: 120, failed: 1, total: 200, reasons: ['Priority', 'Resources'] };
  assert.equal(progressProblem({ phase: 'label', step: 121, steps: 200, cluster }), undefined);
  assert.match(progressProblem({ phase: 'generator', step: 1, steps: 2, cluster }) ?? '', /cluster belongs to label and frontier progress only/);
  assert.match(progressProblem({ phase: 'label', step: 1, steps: 2, cluster: { ...cluster, queued: -1 } }) ?? '', /whole numbers queued/);
  assert.equal(describeClusterProgress(cluster), 'slurm: 120/200 answered, 4 running, 3 queued (Priority, Resources), 1 failed');
  assert.match(describeProgress({ phase: 'label', step: 121, steps: 200, cluster }), /^labelling 121\/200  slurm: 120\/200 answered, 4 running, 3 queued \(Priority, Resources\), 1 failed/);
});
