// How a training progress message reads in the notification and the status bar, and how far along the whole run it is.
import { describeClusterProgress } from '../shared/clusterProgressText';
import { describeEvaluations } from '../shared/evaluationCount';
import { type JobProgress, type ProgressPhase, progressFractionOf } from '../shared/engineProtocol';

/** The whole job's share done, as the pipeline reports it (it never goes back). */
export const progressFraction = progressFractionOf;

export function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds >= 3600) {
    const hours = Math.floor(seconds / 3600);
    return `${hours} h ${Math.round((seconds - hours * 3600) / 60)} min`;
  }
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

const PHASE_NAME: Record<ProgressPhase, string> = {
  label: 'labelling architectures',
  cost: 'costing architectures',
  evaluator: 'evaluator epoch',
  generator: 'generator step',
  frontier: 'frontier round',
};

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Where the run is: `generator step 120/300`, `frontier round 2/4 · queries 3,000/8,000`. */
export function progressPlace(progress: JobProgress): string {
  if (progress.phase === 'frontier') {
    return `${PHASE_NAME.frontier} ${progress.round ?? '?'}/${progress.rounds ?? '?'} · queries ${count(progress.step)}/${count(progress.steps)}`;
  }
  return `${PHASE_NAME[progress.phase]} ${progress.step}/${progress.steps}`;
}

/** `generator step 120/300 · reward 0.123 · about 40 s left`; `frontier round 2/4 · queries 3,000/8,000 · about 20 s left` */
export function describeProgress(progress: JobProgress): string {
  // While the coverage design is measured, the evaluations are the place.
  const parts = progress.evaluations && progress.phase === 'label' ? [] : [progressPlace(progress)];
  if (progress.evaluations) parts.push(describeEvaluations(progress.evaluations, duration));
  if (progress.cluster) parts.push(describeClusterProgress(progress.cluster));
  if (progress.reward !== undefined && Number.isFinite(progress.reward)) parts.push(`reward ${progress.reward.toFixed(3)}`);
  else if (progress.loss !== undefined && Number.isFinite(progress.loss)) parts.push(`loss ${progress.loss.toFixed(3)}`);
  if (progress.etaSeconds !== undefined && Number.isFinite(progress.etaSeconds)) parts.push(`about ${duration(progress.etaSeconds)} left`);
  return parts.join(' · ');
}

/** The status bar's short form: `PNAG: frontier round 2/4 · 83 %`. */
export function statusText(progress: JobProgress): string {
  const place = progress.phase === 'frontier' ? `frontier round ${progress.round ?? '?'}/${progress.rounds ?? '?'}` : `${progress.phase} ${progress.step}/${progress.steps}`;
  const cluster = progress.cluster ? ` · ${describeClusterProgress(progress.cluster, true)}` : '';
  const evaluations = progress.evaluations ? ` · evaluations ${progress.evaluations.done}/${progress.evaluations.total}` : '';
  return `PNAG: ${place}${evaluations}${cluster} · ${Math.floor(progressFraction(progress) * 100)} %`;
}
