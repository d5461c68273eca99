import type { TrainResult } from '../shared/engineJobs';

/**
 * What the notification says when a training is done. On an evaluation budget it adds what the user pays for the
 * next decision with: how much the last evaluations still raised the measured frontier, beside the ones before them.
 */
export function trainedMessage(result: TrainResult): string {
  const done = `PNAG: generator trained on ${result.accuracySource} and ${result.costModel} in ${result.seconds.toFixed(0)} s.`;
  const rise = result.frontierRise;
  if (!rise) return done;
  return `${done} Its last ${rise.evaluations} networks measured raised the best measured top-1 within a budget by ${rise.last.toFixed(3)} point on average ` +
    `(the ${rise.evaluations} before them: ${rise.before.toFixed(3)}); a larger pnag.evaluations keeps every answer and pays only for the new ones.`;
}
