/**
 * The scheduler side of a cluster run: what a runner needs from Slurm (slurmBackend.ts), and what a
 * Kubernetes Jobs or Ray backend would implement the same way (docs/cluster.md). Everything else — shards,
 * reply files, the run's state, resubmission, reattaching — is the scheduler-independent ClusterEvaluator.
 */

/** One batch of tasks: task `i` reads `shardFile(i)` on stdin and appends its replies to `replyFile(i)`. */
export interface TaskBatch {
  /** Unique per run and batch (`pnag-<run>-b<n>`), so a batch whose id was never saved can be found again. */
  readonly name: string;
  readonly tasks: number;
  /** Tasks of this batch running at once. */
  readonly maxRunning: number;
  /** The user's configured command and setup lines, run through the shell in `cwd`. */
  readonly command: string;
  readonly setup?: string;
  readonly cwd: string;
  /** Paths for task `i`, on the filesystem the nodes share. */
  readonly shardFile: (task: string) => string;
  readonly replyFile: (task: string) => string;
  readonly logFile: (task: string, stream: 'out' | 'err') => string;
}

/** How an ended task ended, as the scheduler tells (`TIMEOUT after 00:30:00`). */
export interface TaskEnd {
  readonly state: string;
  readonly description: string;
}

/**
 * Ends that are the cluster's doing, whatever the network: a node that failed or did not boot, a preemption, a
 * cancel or deadline from outside. A task that ran out of time or memory, or whose evaluator exited with an
 * error, may have ended so because of its networks (a larger network takes longer and needs more memory).
 */
const CLUSTER_ENDS = new Set(['NODE_FAIL', 'BOOT_FAIL', 'PREEMPTED', 'CANCELLED', 'DEADLINE', 'REVOKED']);

export function endedByTheCluster(end: TaskEnd): boolean {
  return CLUSTER_ENDS.has(end.state);
}

export type TaskStatus =
  | { readonly task: number; readonly phase: 'queued'; readonly reason?: string }
  | { readonly task: number; readonly phase: 'running' }
  | { readonly task: number; readonly phase: 'ended'; readonly end: TaskEnd };

export interface SubmittedBatch {
  readonly job: string;
  readonly name: string;
  readonly tasks: number;
}

export interface ClusterBackend {
  /** `slurm`; the runner's name in notes and in the run's state. */
  readonly name: string;
  /** Tools present, partition (or namespace, ...) exists: an InputError naming what is wrong, before any submission. */
  check(): Promise<void>;
  /** Submits the batch and returns its job id. */
  submit(batch: TaskBatch): Promise<string>;
  /** The job id of a batch submitted under `name`, when the scheduler still has it (a submit whose id was lost). */
  find(name: string): Promise<string | undefined>;
  /** The state of every task of these batches; a task the scheduler no longer lists has ended. */
  status(batches: readonly SubmittedBatch[]): Promise<Map<string, TaskStatus[]>>;
  /** Cancels these jobs (every task); resolves once the scheduler took the order. */
  cancel(jobs: readonly string[]): Promise<void>;
}
