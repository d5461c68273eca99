import type { ClusterProgress } from './engineProtocol';

/** `slurm: 120/200 answered, 4 running, 3 queued (Priority), 1 failed` — for the CLI bar, the notification and the status bar. */
export function describeClusterProgress(c: ClusterProgress, short = false): string {
  const queued = c.queued > 0 ? `, ${c.queued} queued${c.reasons.length > 0 ? ` (${c.reasons.join(', ')})` : ''}` : '';
  const failed = c.failed > 0 ? `, ${c.failed} failed` : '';
  if (short) return `${c.runner} ${c.answered}/${c.total}, ${c.running} running${c.queued > 0 ? `, ${c.queued} queued` : ''}`;
  return `${c.runner}: ${c.answered}/${c.total} answered, ${c.running} running${queued}${failed}`;
}
