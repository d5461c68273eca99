import { execFile } from 'node:child_process';
import { InputError } from '../errors';
import type { ClusterBackend, SubmittedBatch, TaskBatch, TaskEnd, TaskStatus } from './clusterBackend';
import type { SlurmSettings } from './runnerSettings';
import { taskScript } from './taskScript';

/** Job states of a task that has not ended. */
const LIVE_STATES = new Set(['PENDING', 'RUNNING', 'CONFIGURING', 'COMPLETING', 'SUSPENDED', 'REQUEUED', 'RESIZING', 'SIGNALING', 'STAGE_OUT']);

interface ToolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The Slurm side of a cluster run, through its client tools (sbatch, squeue, scontrol, scancel); no accounting daemon needed. */
export class SlurmBackend implements ClusterBackend {
  readonly name = 'slurm';

  constructor(
    private readonly settings: SlurmSettings,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async check(): Promise<void> {
    await this.tool('sbatch', ['--version']);
    const listed = await this.tool('scontrol', ['show', 'partition', '-o']);
    const partitions = [...listed.stdout.matchAll(/^PartitionName=(\S+)/gm)].map((m) => m[1]);
    if (!partitions.includes(this.settings.partition)) {
      throw new InputError(
        `--slurm-partition: partition "${this.settings.partition}" does not exist on this cluster (${partitions.length > 0 ? `it has ${partitions.join(', ')}` : 'scontrol lists no partition'}); nothing was submitted`,
      );
    }
  }

  async submit(batch: TaskBatch): Promise<string> {
    const s = this.settings;
    const args = [
      '--parsable',
      `--array=0-${batch.tasks - 1}%${batch.maxRunning}`,
      `--job-name=${batch.name}`,
      `--partition=${s.partition}`,
      ...(s.time ? [`--time=${s.time}`] : []),
      ...(s.gres ? [`--gres=${s.gres}`] : []),
      // A preempted or node-failed task is resubmitted by PNAG for its unanswered requests only.
      '--no-requeue',
      `--chdir=${batch.cwd}`,
      `--output=${batch.logFile('%a', 'out')}`,
      `--error=${batch.logFile('%a', 'err')}`,
      ...(s.args ?? []),
    ];
    // The script goes on stdin: nothing that runs is ever read back from the run folder.
    const result = await this.tool('sbatch', args, taskScript(batch, '$SLURM_ARRAY_TASK_ID'), true);
    const job = result.stdout.trim().split(';')[0];
    if (result.code !== 0 || !/^\d+$/.test(job)) {
      throw new InputError(`sbatch refused the array for partition "${s.partition}": ${oneLine(result.stderr || result.stdout) || `exit code ${result.code}`}`);
    }
    return job;
  }

  async find(name: string): Promise<string | undefined> {
    const result = await this.tool('squeue', ['-h', '-n', name, '-o', '%F'], undefined, true);
    return result.stdout.split('\n').map((l) => l.trim()).find((l) => /^\d+$/.test(l));
  }

  async status(batches: readonly SubmittedBatch[]): Promise<Map<string, TaskStatus[]>> {
    const out = new Map<string, TaskStatus[]>();
    if (batches.length === 0) return out;
    const listed = await this.tool('squeue', ['-h', '-r', '-n', batches.map((b) => b.name).join(','), '-o', '%F|%K|%T|%r'], undefined, true);
    if (listed.code !== 0) throw new Error(`squeue failed: ${oneLine(listed.stderr) || `exit code ${listed.code}`}`);
    const live = new Map<string, TaskStatus>();
    for (const line of listed.stdout.split('\n')) {
      const [job, task, state, reason] = line.trim().split('|');
      if (!/^\d+$/.test(job ?? '') || !/^\d+$/.test(task ?? '')) continue;
      const index = Number(task);
      live.set(`${job}_${index}`, state === 'PENDING' ? { task: index, phase: 'queued', reason: reason && reason !== 'None' ? reason : undefined } : { task: index, phase: 'running' });
    }
    for (const batch of batches) {
      const statuses: TaskStatus[] = [];
      let ends: Map<number, TaskEnd> | undefined;
      for (let task = 0; task < batch.tasks; task++) {
        const seen = live.get(`${batch.job}_${task}`);
        if (seen) {
          statuses.push(seen);
          continue;
        }
        ends ??= await this.ends(batch.job);
        const end = ends.get(task);
        // squeue missed it for a moment (a task changing state): scontrol still has it live, so it has not ended.
        if (end && LIVE_STATES.has(end.state)) statuses.push(end.state === 'PENDING' ? { task, phase: 'queued' } : { task, phase: 'running' });
        else statuses.push({ task, phase: 'ended', end: end ?? { state: 'UNKNOWN', description: 'left the queue (the scheduler no longer says how it ended)' } });
      }
      out.set(batch.job, statuses);
    }
    return out;
  }

  async cancel(jobs: readonly string[]): Promise<void> {
    if (jobs.length === 0) return;
    const result = await this.tool('scancel', [...jobs], undefined, true);
    // scancel on a job that already ended says so and exits non-zero: nothing is left to cancel then.
    if (result.code !== 0 && !/Invalid job id|already completing or completed/i.test(result.stderr)) {
      throw new Error(`scancel ${jobs.join(' ')} failed: ${oneLine(result.stderr) || `exit code ${result.code}`}`);
    }
  }

  /** How each ended task of an array ended, from `scontrol show job` (kept MinJobAge after the end). */
  private async ends(job: string): Promise<Map<number, TaskEnd>> {
    const out = new Map<number, TaskEnd>();
    const result = await this.tool('scontrol', ['show', 'job', '-o', job], undefined, true);
    if (result.code !== 0) return out;
    for (const line of result.stdout.split('\n')) {
      const field = (name: string): string | undefined => new RegExp(`(?:^|\\s)${name}=(\\S+)`).exec(line)?.[1];
      const task = field('ArrayTaskId');
      const state = field('JobState');
      if (!task || !/^\d+$/.test(task) || !state) continue;
      out.set(Number(task), { state, description: describeEnd(state, field('ExitCode'), field('RunTime')) });
    }
    return out;
  }

  /** Runs a Slurm tool without a shell. A missing tool is an InputError; `tolerant`: a non-zero exit is returned, not thrown. */
  private tool(name: string, args: readonly string[], stdin?: string, tolerant = false): Promise<ToolResult> {
    return new Promise((resolve, reject) => {
      const child = execFile(name, [...args], { env: this.env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new InputError(`the slurm runner needs Slurm's ${name}, which is not on PATH here (install slurm-client or load its module); nothing was submitted`));
        } else if (code !== 0 && !tolerant) {
          reject(new InputError(`${name} ${args.join(' ')} failed: ${oneLine(stderr) || `exit code ${code}`}`));
        } else resolve({ code, stdout, stderr });
      });
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(stdin ?? '');
    });
  }
}

/** `TIMEOUT after 00:30:00`, `FAILED with exit code 3 after 00:00:12`, `COMPLETED (exit code 0)`. */
export function describeEnd(state: string, exitCode: string | undefined, runTime: string | undefined): string {
  const [code, signal] = (exitCode ?? '').split(':');
  const after = runTime ? ` after ${runTime}` : '';
  if (state === 'COMPLETED') return `COMPLETED (exit code ${code || '?'})`;
  if (state === 'FAILED') return `FAILED with exit code ${code || '?'}${signal && signal !== '0' ? ` (signal ${signal})` : ''}${after}`;
  return `${state}${after}`;
}

function oneLine(text: string): string {
  return text.trim().split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' | ');
}
