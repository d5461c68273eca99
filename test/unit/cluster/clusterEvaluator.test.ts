import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { ClusterEvaluator } from '../../../src/core/cluster/clusterEvaluator';
import { answersOf } from '../../../src/core/sources/batchAnswers';
import { EvaluatorError } from '../../../src/core/sources/evaluatorError';
import { Random } from '../../../src/core/util/random';
import { type Arch, randomArch } from '../../../src/core/space/arch';
import { toPnagString } from '../../../src/core/space/pnagString';
import { LocalTaskBackend } from './localTaskBackend';

const FIXTURES = resolve(__dirname, '..', '..', 'fixtures', 'evaluators');
const sequential = (extra = '') => `node ${join(FIXTURES, 'sequential.mjs')} --delay 20${extra ? ` ${extra}` : ''}`;

function archs(n: number, seed: number): Arch[] {
  const rng = new Random(seed);
  const out = new Map<string, Arch>();
  while (out.size < n) {
    const arch = randomArch(rng, { width: 1.2, resolution: 224 });
    out.set(toPnagString(arch), arch);
  }
  return [...out.values()];
}

function archiveLines(workspace: string): string[] {
  return readFileSync(join(workspace, '.pnag', 'archive.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
}

interface SetUpOptions {
  readonly maxRunning?: number;
  readonly retries?: number;
  /** The state a failed task of that job is reported with instead of FAILED. */
  readonly endedAs?: (job: string) => string | undefined;
}

function setUp(commandIn: string | ((workspace: string) => string), options: SetUpOptions = {}) {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-cluster-unit-'));
  const command = typeof commandIn === 'string' ? commandIn : commandIn(workspace);
  const backend = new LocalTaskBackend(options.endedAs);
  const events: string[] = [];
  const evaluator = new ClusterEvaluator({
    command,
    cwd: workspace,
    backend,
    maxRunning: options.maxRunning ?? 2,
    retries: options.retries,
    pollSeconds: 0.2,
    archive: Archive.open(join(workspace, '.pnag', 'archive.jsonl')),
    log: (e) => events.push(e.text),
  });
  return { workspace, backend, events, evaluator };
}

test('a task that fails after 2 answers: only its unanswered requests go out again; each result archived once', { timeout: 60_000 }, async () => {
  const { workspace, backend, events, evaluator } = setUp((ws) => sequential(`--fail-once ${join(ws, 'failed')} --fail-after 2`));
  const results = await evaluator.evaluate(archs(10, 1));
  assert.ok(results.every((r) => r.metrics?.top1 !== undefined), JSON.stringify(results.find((r) => r.error)));
  assert.equal(archiveLines(workspace).length, 10);
  assert.equal(new Set(archiveLines(workspace).map((l) => JSON.parse(l).pnag)).size, 10);
  assert.equal(backend.submitted.length, 2);
  assert.equal(backend.submitted[1].tasks, 2, 'the 3 unanswered requests split over 2 tasks');
  assert.ok(events.some((e) => /^task \d of job 1: FAILED with exit code 3; 3 requests unanswered: 3 to resubmit$/.test(e)), events.join('\n'));
});

test('out of retries: the request fails with the task, the job, how it ended and how often it was tried', { timeout: 60_000 }, async () => {
  const { evaluator } = setUp('exit 3', { maxRunning: 1, retries: 1 });
  const results = await evaluator.evaluate(archs(2, 2));
  assert.deepEqual(results.map((r) => r.error), [
    'task 0 of job 2: FAILED with exit code 3 (tried 2 times)',
    'task 0 of job 2: FAILED with exit code 3 (tried 2 times)',
  ]);
  await assert.rejects(evaluator.accuracy(archs(1, 3)), /1 of 1 evaluations failed on local-test; first: .*: task 0 of job 4: FAILED with exit code 3 \(tried 2 times\)$/);
});

test('a request whose every task the cluster ended (a node failure, a preemption) is lost, not failed: it says nothing about the network', { timeout: 60_000 }, async () => {
  const lostEverywhere = setUp('exit 3', { maxRunning: 1, retries: 1, endedAs: (job) => (job === '1' ? 'NODE_FAIL' : 'PREEMPTED') });
  const lost = await lostEverywhere.evaluator.evaluate(archs(1, 4));
  assert.equal(lost[0].error, 'task 0 of job 2: PREEMPTED (tried 2 times)');
  assert.equal(lost[0].lost, true);
  await assert.rejects(lostEverywhere.evaluator.accuracy(archs(1, 5)), (error: unknown) => {
    const answer = answersOf(error, 1)?.[0];
    return answer !== undefined && 'failure' in answer && answer.lost === true;
  });
  // One attempt the network may have caused (its evaluator exited with an error): a failure of the network.
  const onceByTheNetwork = setUp('exit 3', { maxRunning: 1, retries: 1, endedAs: (job) => (job === '1' ? 'NODE_FAIL' : undefined) });
  const failed = await onceByTheNetwork.evaluator.evaluate(archs(1, 4));
  assert.equal(failed[0].error, 'task 0 of job 2: FAILED with exit code 3 (tried 2 times)');
  assert.equal(failed[0].lost, undefined);
});

test('two PNAG processes on one workspace never drive the same run: while the first holds its run, the second starts its own', { timeout: 60_000 }, async () => {
  const first = setUp(sequential(), { maxRunning: 2 });
  const events: string[] = [];
  // The second driver: the same command and workspace (a generation beside a training, say).
  const second = new ClusterEvaluator({
    command: sequential(), cwd: first.workspace, backend: new LocalTaskBackend(), maxRunning: 2, pollSeconds: 0.2,
    archive: Archive.open(join(first.workspace, '.pnag', 'archive.jsonl')), log: (e) => events.push(e.text),
  });
  const one = archs(6, 7);
  const two = archs(6, 8);
  const running = first.evaluator.evaluate(one);
  // The first run exists (its state saved) before the second looks for one to reattach.
  const runs = join(first.workspace, '.pnag', 'cluster');
  for (let i = 0; i < 100 && !(existsSync(runs) && readdirSync(runs).length > 0); i++) await new Promise((r) => setTimeout(r, 20));
  const [a, b] = await Promise.all([running, second.evaluate(two)]);
  assert.ok([...a, ...b].every((r) => r.metrics?.top1 !== undefined));
  assert.ok(!events.some((e) => /^reattached to run/.test(e)), events.join('\n'));
  assert.ok(events.some((e) => /is being driven by another PNAG process \(pid \d+ on /.test(e)), events.join('\n'));
  const states = readdirSync(runs).map((name) => JSON.parse(readFileSync(join(runs, name, 'state.json'), 'utf8')) as { requests: unknown[]; status: string });
  assert.deepEqual(states.map((st) => [st.requests.length, st.status]), [[6, 'done'], [6, 'done']]);
  assert.equal(archiveLines(first.workspace).length, 12, 'each answer archived once');
});

test('calls made while a run is driven join it: one run, each call back as soon as its own requests are answered, at most maxRunning tasks at once', { timeout: 60_000 }, async () => {
  const { workspace, backend, events, evaluator } = setUp(sequential(), { maxRunning: 3 });
  const networks = archs(9, 11);
  const started = Date.now();
  const calls = networks.slice(0, 3).map((arch) => evaluator.evaluate([arch]).then((r) => ({ r, at: Date.now() - started })));
  // The rest are sent one by one as answers come back, as the rounds of an evaluation budget do.
  const answers = [];
  for (let next = 3; calls.length > 0; ) {
    const first = await Promise.race(calls.map((c, i) => c.then((v) => ({ v, i }))));
    calls.splice(first.i, 1);
    answers.push(first.v);
    if (next < networks.length) calls.push(evaluator.evaluate([networks[next++]]).then((r) => ({ r, at: Date.now() - started })));
  }
  assert.equal(answers.length, 9);
  assert.ok(answers.every((a) => a.r.length === 1 && a.r[0].metrics?.top1 !== undefined), JSON.stringify(answers));
  const runs = readdirSync(join(workspace, '.pnag', 'cluster'));
  const states = runs.map((name) => JSON.parse(readFileSync(join(workspace, '.pnag', 'cluster', name, 'state.json'), 'utf8')) as { requests: unknown[]; status: string });
  assert.ok(states.length < 9, `calls joined the run being driven: ${states.length} runs for 9 calls\n${events.join('\n')}`);
  assert.equal(states.reduce((n, st) => n + st.requests.length, 0), 9);
  assert.ok(states.every((st) => st.status === 'done'));
  assert.ok(backend.submitted.every((b) => b.tasks <= 3 && b.maxRunning <= 3));
  assert.equal(archiveLines(workspace).length, 9, 'each answer archived once');
});

test('a call whose requests are the last of the run returns once the run is done, even while the queue answers slowly', { timeout: 60_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-cluster-unit-'));
  const local = new LocalTaskBackend();
  // squeue taking 0.7 s: the replies are read, then the queue is asked — the call must not return in between.
  const backend = Object.assign(Object.create(local) as LocalTaskBackend, {
    status: async (batches: Parameters<LocalTaskBackend['status']>[0]) => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      return local.status(batches);
    },
  });
  const evaluator = new ClusterEvaluator({ command: sequential(), cwd: workspace, backend, maxRunning: 2, pollSeconds: 0.2,
    archive: Archive.open(join(workspace, '.pnag', 'archive.jsonl')) });
  const results = await evaluator.evaluate(archs(3, 13));
  assert.ok(results.every((r) => r.metrics?.top1 !== undefined));
  const runs = join(workspace, '.pnag', 'cluster');
  const states = readdirSync(runs).map((name) => JSON.parse(readFileSync(join(runs, name, 'state.json'), 'utf8')) as { status: string });
  assert.deepEqual(states.map((st) => st.status), ['done']);
});

test('a joined call aborted alone rejects alone: the run and the other calls go on, its request still archived', { timeout: 60_000 }, async () => {
  const { workspace, evaluator } = setUp(sequential(), { maxRunning: 2 });
  const [a, b] = archs(2, 12);
  const first = evaluator.evaluate([a]);
  const stop = new AbortController();
  const second = evaluator.evaluate([b], stop.signal);
  stop.abort(new Error('this call only'));
  await assert.rejects(second, /this call only/);
  const [answer] = await first;
  assert.ok(answer.metrics?.top1 !== undefined);
  for (let i = 0; i < 100 && archiveLines(workspace).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(archiveLines(workspace).length, 2, 'the aborted call\'s request was still answered and archived by the run');
});

test('replies the task was not given and repeated replies are ignored; nothing archived twice', { timeout: 60_000 }, async () => {
  // The command answers its shard, then the same replies again and one for an id outside its shard.
  const echo = `node -e "const l=require('fs').readFileSync(0,'utf8').trim().split('\\\\n').map(JSON.parse);for(const r of [...l,...l])console.log(JSON.stringify({id:r.id,metrics:{top1:70}}));console.log(JSON.stringify({id:'999',metrics:{top1:1}}))"`;
  const { workspace, events, evaluator } = setUp(echo, { maxRunning: 1 });
  const results = await evaluator.evaluate(archs(3, 4));
  assert.deepEqual(results.map((r) => r.metrics?.top1), [70, 70, 70]);
  assert.equal(archiveLines(workspace).length, 3);
  assert.ok(events.some((e) => /ignored a reply for request id "999", which this task was not given/.test(e)), events.join('\n'));
});

test('a reply file line longer than any reply (a tensor printed to stdout) is ignored and named by its length; a reply split by the reads is whole', { timeout: 60_000 }, async () => {
  // The command prints 3 MiB on one line in pieces, then its shard's replies one character at a time.
  const dump = `node -e "const l=require('fs').readFileSync(0,'utf8').trim().split('\\n').map(JSON.parse);for(let i=0;i<3;i++)process.stdout.write('x'.repeat(1<<20));process.stdout.write('\\n');for(const r of l)for(const c of JSON.stringify({id:r.id,metrics:{top1:71.5}})+'\\n')process.stdout.write(c)"`;
  const { events, evaluator } = setUp(dump, { maxRunning: 1 });
  const results = await evaluator.evaluate(archs(2, 6));
  assert.deepEqual(results.map((r) => r.metrics?.top1), [71.5, 71.5]);
  assert.ok(events.some((e) => /:1: ignored, a line of 3145728 characters, more than a reply can be/.test(e)), events.join('\n'));
});

test('a tampered run state is not reattached: the field is named and a new run starts', { timeout: 60_000 }, async () => {
  const { workspace, backend, events, evaluator } = setUp(sequential(), { maxRunning: 1 });
  const folder = join(workspace, '.pnag', 'cluster', '20260101T000000-tamp');
  mkdirSync(folder, { recursive: true });
  const [arch] = archs(1, 5);
  writeFileSync(
    join(folder, 'state.json'),
    JSON.stringify({
      format: 'pnag-cluster-run', version: 1, run: '20260101T000000-tamp', runner: 'local-test', status: 'active', created: 'x',
      what: { command: sequential(), setup: '', args: [] },
      requests: [{ pnag: toPnagString(arch), width: 1.2, resolution: 224 }],
      batches: [{ n: 1, name: 'b', job: '1; touch /tmp/x', shards: [[0]], ended: {} }],
      failed: {},
    }),
  );
  const results = await evaluator.evaluate([arch]);
  assert.ok(results[0].metrics);
  assert.ok(events.some((e) => /state\.json: batches\[0\]\.job is not a job id; that run is not reattached/.test(e)), events.join('\n'));
  assert.equal(backend.submitted.length, 1);
});

test('a scheduler that does not answer for a moment is asked again; the run goes on', { timeout: 60_000 }, async () => {
  const { backend, events, evaluator } = setUp(sequential(), { maxRunning: 2 });
  const status = backend.status.bind(backend);
  let failures = 3;
  backend.status = async (batches) => {
    if (failures-- > 0) throw new Error('squeue failed: slurm_load_jobs error: Socket timed out on send/recv operation');
    return status(batches);
  };
  const results = await evaluator.evaluate(archs(4, 6));
  assert.ok(results.every((r) => r.metrics));
  assert.equal(events.filter((e) => /^local-test did not answer \(squeue failed: .*Socket timed out.*\); asking again in 0.2 s$/.test(e)).length, 3, events.join('\n'));
});

test('a scheduler that stays silent: after 12 failed polls in a row the call fails with the reason, and the run stays for reattaching', { timeout: 60_000 }, async () => {
  const { workspace, backend, events, evaluator } = setUp(sequential(), { maxRunning: 2 });
  backend.status = async () => {
    throw new Error('squeue failed: slurm_load_jobs error: Unable to contact slurm controller');
  };
  await assert.rejects(evaluator.evaluate(archs(3, 8)), (e: unknown) =>
    e instanceof EvaluatorError && /^local-test did not answer 13 times in a row \(squeue failed: .*Unable to contact.*\); run \S+ is kept in .*: run again to reattach to it$/.test(e.message));
  assert.equal(events.filter((e) => /asking again in 0.2 s$/.test(e)).length, 12, events.join('\n'));
  const runs = readdirSync(join(workspace, '.pnag', 'cluster'));
  assert.equal(runs.length, 1);
  const state = JSON.parse(readFileSync(join(workspace, '.pnag', 'cluster', runs[0], 'state.json'), 'utf8')) as { status: string };
  assert.equal(state.status, 'active', 'kept for the next run to reattach to');
});
