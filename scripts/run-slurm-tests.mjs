// Runs test/slurm/*.test.ts against a one-node Slurm cluster started for them (scripts/slurm-test-cluster.sh)
// and stopped afterwards by its daemons' PIDs. Without Slurm (or root) the tests are skipped with the reason,
// unless PNAG_REQUIRE_SLURM=1 (set by .ci/run), which makes that a failure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const required = process.env.PNAG_REQUIRE_SLURM === '1';
const filter = process.argv[2];

function missingPrerequisite() {
  for (const tool of ['sbatch', 'squeue', 'scontrol', 'scancel', 'sinfo']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed (apt-get install -y slurmctld slurmd slurm-client munge)`;
  }
  for (const daemon of ['slurmctld', 'slurmd', 'munged']) {
    if (spawnSync('sh', ['-c', `command -v ${daemon} || test -x /usr/sbin/${daemon}`]).status !== 0) return `${daemon} is not installed (apt-get install -y slurmctld slurmd slurm-client munge)`;
  }
  if (process.getuid?.() !== 0) return 'the test cluster runs its daemons as root';
  return undefined;
}

const missing = missingPrerequisite();
if (missing) {
  if (required) {
    console.error(`slurm tests: REQUIRED (PNAG_REQUIRE_SLURM=1) but ${missing}`);
    process.exit(1);
  }
  console.log(`slurm tests: SKIPPED: ${missing}`);
  process.exit(0);
}

const files = readdirSync('test/slurm').filter((f) => f.endsWith('.test.ts') && (!filter || f.includes(filter))).sort().map((f) => join('test/slurm', f));
if (files.length === 0) {
  console.error(`no slurm tests found${filter ? ` matching "${filter}"` : ''}`);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'pnag-slurm-cluster-'));
const cluster = (command) => spawnSync('bash', ['scripts/slurm-test-cluster.sh', command, dir], { stdio: 'inherit' });
let status = 1;
const stop = () => cluster('stop');
process.once('SIGINT', () => {
  stop();
  process.exit(130);
});
try {
  const started = cluster('start');
  if (started.status !== 0) {
    console.error(`slurm tests: the test cluster did not start (logs in ${dir})`);
  } else {
    // The files run side by side: their tasks mostly wait, and the longest (a 1-minute time limit) sets the pace.
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${files.length}`, ...files], {
      stdio: 'inherit',
      env: { ...process.env, SLURM_CONF: join(dir, 'slurm.conf') },
    });
    status = result.status ?? 1;
  }
} finally {
  stop();
}
process.exit(status);
