// How a training progress message reads in the notification, and how far along the whole run it is.
import { JobProgress, ProgressPhase } from '../shared/engineProtocol';

/** Share of the whole run each phase takes, roughly as the default run spends its time. */
const PHASE_SPAN: Record<ProgressPhase, [number, number]> = {
  label: [0, 0.3],
  cost: [0.3, 0.35],
  evaluator: [0.35, 0.55],
  generator: [0.55, 1],
};

export function progressFraction(progress: JobProgress): number {
  const [from, to] = PHASE_SPAN[progress.phase];
  const within = progress.steps > 0 ? Math.min(1, Math.max(0, progress.step / progress.steps)) : 0;
  return from + (to - from) * within;
}

export function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

const PHASE_NAME: Record<ProgressPhase, string> = {
  label: 'labelling architectures',
  cost: 'costing architectures',
  evaluator: 'evaluator epoch',
  generator: 'generator step',
};

/** `generator step 120/300 · reward 0.123 · about 40 s left` */
export function describeProgress(progress: JobProgress): string {
  const parts = [`${PHASE_NAME[progress.phase]} ${progress.step}/${progress.steps}`];
  if (progress.reward !== undefined && Number.isFinite(progress.reward)) parts.push(`reward ${progress.reward.toFixed(3)}`);
  else if (progress.loss !== undefined && Number.isFinite(progress.loss)) parts.push(`loss ${progress.loss.toFixed(3)}`);
  if (progress.etaSeconds !== undefined && Number.isFinite(progress.etaSeconds)) parts.push(`about ${duration(progress.etaSeconds)} left`);
  return parts.join(' · ');
}
