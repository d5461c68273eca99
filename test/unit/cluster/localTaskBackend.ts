// A ClusterBackend that runs each task's script with sh on this machine: the ClusterEvaluator's logic
// (shards, reply files, resubmission, state) tested without a scheduler. Job ids count from 1.
import { type ChildProcess, spawn } from 'node:child_process';
import type { ClusterBackend, SubmittedBatch, TaskBatch, TaskStatus } from '../../../src/core/cluster/clusterBackend';
import { taskScript } from '../../../src/core/cluster/taskScript';

interface LocalTask {
  child?: ChildProcess;
  ended?: { state: string; description: string };
}

export class LocalTaskBackend implements ClusterBackend {
  readonly name = 'local-test';
  readonly submitted: TaskBatch[] = [];
  private readonly jobs = new Map<string, LocalTask[]>();

  /** `endedAs(job)`: the state a failed task of that job is reported with instead of FAILED (a node failure, say). */
  constructor(private readonly endedAs: (job: string) => string | undefined = () => undefined) {}

  async check(): Promise<void> {}

  async submit(batch: TaskBatch): Promise<string> {
    const job = String(this.jobs.size + 1);
    this.submitted.push(batch);
    const tasks: LocalTask[] = Array.from({ length: batch.tasks }, () => ({}));
    this.jobs.set(job, tasks);
    const script = taskScript(batch, '$TASK_INDEX');
    let next = 0;
    const startNext = () => {
      if (next >= tasks.length) return;
      const index = next++;
      const child = spawn('sh', ['-c', script], { cwd: batch.cwd, env: { ...process.env, TASK_INDEX: String(index) }, stdio: 'ignore' });
      tasks[index].child = child;
      child.on('close', (code, signal) => {
        const instead = this.endedAs(job);
        tasks[index].ended = signal ? { state: 'CANCELLED', description: `CANCELLED (${signal})` } : code === 0 ? { state: 'COMPLETED', description: 'COMPLETED (exit code 0)' }
          : instead ? { state: instead, description: instead } : { state: 'FAILED', description: `FAILED with exit code ${code}` };
        startNext();
      });
    };
    for (let i = 0; i < batch.maxRunning; i++) startNext();
    return job;
  }

  async find(): Promise<string | undefined> {
    return undefined;
  }

  async status(batches: readonly SubmittedBatch[]): Promise<Map<string, TaskStatus[]>> {
    const out = new Map<string, TaskStatus[]>();
    for (const batch of batches) {
      const tasks = this.jobs.get(batch.job) ?? [];
      out.set(batch.job, tasks.map((t, task): TaskStatus => (t.ended ? { task, phase: 'ended', end: t.ended } : t.child ? { task, phase: 'running' } : { task, phase: 'queued', reason: 'JobArrayTaskLimit' })));
    }
    return out;
  }

  async cancel(jobs: readonly string[]): Promise<void> {
    for (const job of jobs) for (const task of this.jobs.get(job) ?? []) task.child?.kill('SIGKILL');
  }
}
