// The slurm runner's overhead on a real one-node Slurm (scripts/slurm-test-cluster.sh, started here unless
// SLURM_CONF is set): the fixture evaluator at --delay ms per request, --requests of them, with
// --slurm-max-running 1, 2 and 4. Wall time against the ideal (requests x delay / tasks), and per run the
// time from submission to the first reply (less one evaluation) and from the last reply to evaluate() returning.
//   npx tsx bench/slurmOverhead.ts [--requests 32] [--delay 2000] [--poll 1]  → bench/results/slurmOverhead.json
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Archive } from '../src/core/archive/archive';
import type { ClusterBackend, TaskBatch } from '../src/core/cluster/clusterBackend';
import { ClusterEvaluator } from '../src/core/cluster/clusterEvaluator';
import { SlurmBackend } from '../src/core/cluster/slurmBackend';
import { Random } from '../src/core/util/random';
import { randomArch } from '../src/core/space/arch';
import { arg } from './benchUtil';

const ROOT = resolve(__dirname, '..');
const requests = Number(arg('requests', '32'));
const delayMs = Number(arg('delay', '2000'));
const pollSeconds = Number(arg('poll', '1'));
const command = `node ${join(ROOT, 'test', 'fixtures', 'evaluators', 'sequential.mjs')} --delay ${delayMs}`;

interface Row {
  maxRunning: number;
  requests: number;
  wallSeconds: number;
  idealSeconds: number;
  overheadPercent: number;
  submitToFirstReplySeconds: number;
  lastReplyToCollectedSeconds: number;
}

/** Notes when each array was submitted. */
class TimedBackend implements ClusterBackend {
  readonly name = 'slurm';
  readonly submittedAt: number[] = [];
  constructor(private readonly inner: ClusterBackend) {}
  check = () => this.inner.check();
  find = (name: string) => this.inner.find(name);
  status: ClusterBackend['status'] = (batches) => this.inner.status(batches);
  cancel = (jobs: readonly string[]) => this.inner.cancel(jobs);
  async submit(batch: TaskBatch): Promise<string> {
    this.submittedAt.push(Date.now());
    return this.inner.submit(batch);
  }
}

async function measure(maxRunning: number, seed: number): Promise<Row> {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-slurm-bench-'));
  const backend = new TimedBackend(new SlurmBackend({ partition: 'debug', maxRunning }));
  let firstReply = 0;
  let lastReply = 0;
  let answered = 0;
  const evaluator = new ClusterEvaluator({
    command,
    cwd: workspace,
    backend,
    maxRunning,
    pollSeconds,
    archive: Archive.open(join(workspace, '.pnag', 'archive.jsonl')),
    onProgress: (p) => {
      if (p.answered > answered) {
        if (answered === 0) firstReply = Date.now();
        lastReply = Date.now();
        answered = p.answered;
      }
    },
  });
  const rng = new Random(seed);
  const archs = Array.from({ length: requests }, () => randomArch(rng, { width: 1.2, resolution: 224 }));
  const started = Date.now();
  const results = await evaluator.evaluate(archs);
  const ended = Date.now();
  if (results.some((r) => r.error)) throw new Error(`an evaluation failed: ${results.find((r) => r.error)?.error}`);
  const idealSeconds = (requests * delayMs) / 1000 / maxRunning;
  const wallSeconds = (ended - started) / 1000;
  return {
    maxRunning,
    requests,
    wallSeconds: round(wallSeconds),
    idealSeconds: round(idealSeconds),
    overheadPercent: round((100 * (wallSeconds - idealSeconds)) / idealSeconds),
    submitToFirstReplySeconds: round((firstReply - backend.submittedAt[0] - delayMs) / 1000),
    lastReplyToCollectedSeconds: round((ended - lastReply) / 1000),
  };
}

const round = (x: number) => Number(x.toFixed(2));

async function main(): Promise<void> {
  let clusterDir: string | undefined;
  if (!process.env.SLURM_CONF) {
    clusterDir = mkdtempSync(join(tmpdir(), 'pnag-slurm-bench-cluster-'));
    const started = spawnSync('bash', [join(ROOT, 'scripts', 'slurm-test-cluster.sh'), 'start', clusterDir], { stdio: 'inherit' });
    if (started.status !== 0) throw new Error('the test cluster did not start');
    process.env.SLURM_CONF = join(clusterDir, 'slurm.conf');
  }
  try {
    const loadBefore = loadavg()[0];
    const rows: Row[] = [];
    for (const [i, maxRunning] of [1, 2, 4].entries()) rows.push(await measure(maxRunning, i + 1));
    console.log(`slurm runner overhead: ${requests} requests at ${delayMs / 1000} s, queue looked at every ${pollSeconds} s, reply files read every 0.25 s`);
    console.log('tasks  wall s  ideal s  overhead  submit->1st reply  last reply->collected');
    for (const r of rows) {
      console.log(`${String(r.maxRunning).padStart(5)}  ${r.wallSeconds.toFixed(1).padStart(6)}  ${r.idealSeconds.toFixed(1).padStart(7)}  ${`${r.overheadPercent.toFixed(1)} %`.padStart(8)}  ${`${r.submitToFirstReplySeconds.toFixed(2)} s`.padStart(17)}  ${`${r.lastReplyToCollectedSeconds.toFixed(2)} s`.padStart(21)}`);
    }
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    const out = { benchmark: 'slurmOverhead', date: new Date().toISOString(), cpus: cpus().length, loadAverage1m: { before: round(loadBefore), after: round(loadavg()[0]) }, requests, delayMs, pollSeconds, cluster: 'one-node Slurm 22.05 from scripts/slurm-test-cluster.sh (sched_interval=1)', rows };
    writeFileSync(join(ROOT, 'bench', 'results', 'slurmOverhead.json'), `${JSON.stringify(out, null, 2)}\n`);
    console.log('written bench/results/slurmOverhead.json');
  } finally {
    if (clusterDir) spawnSync('bash', [join(ROOT, 'scripts', 'slurm-test-cluster.sh'), 'stop', clusterDir], { stdio: 'inherit' });
  }
}

void main();
