import type { TaskBatch } from './clusterBackend';

/**
 * The shell script one task runs: the user's setup lines, then the user's command with the task's shard
 * on stdin and its stdout appended to the task's reply file (the JSON Lines protocol, unchanged). `taskIndex`
 * is the scheduler's variable for the task's index (`$SLURM_ARRAY_TASK_ID`, `$JOB_COMPLETION_INDEX`).
 * Paths are quoted; the command and setup are the user's own, as configured.
 */
export function taskScript(batch: TaskBatch, taskIndex: string): string {
  const marker = '@TASK@';
  const path = (file: string): string => shellQuote(file).split(marker).join(`'"${taskIndex}"'`);
  return [
    '#!/bin/sh',
    `# PNAG cluster task (${batch.name}): one shard of evaluator requests in, replies out (docs/cluster.md).`,
    ...(batch.setup ? [batch.setup] : []),
    '{',
    batch.command,
    `} < ${path(batch.shardFile(marker))} >> ${path(batch.replyFile(marker))}`,
    '',
  ].join('\n');
}

/** One word for sh, whatever it contains. */
export function shellQuote(text: string): string {
  return `'${text.split("'").join(`'\\''`)}'`;
}
