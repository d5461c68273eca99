import type { JobHooks } from '../../shared/engineProtocol';
import type { EvaluatorLogEntry } from '../sources/externalEvaluator';

/** An evaluator's lifecycle events (restarts, "waiting for the evaluator") as job notes, shown at once. */
export function evaluatorLog(hooks: JobHooks): (entry: EvaluatorLogEntry) => void {
  return (entry) => {
    if (entry.stream !== 'event') return;
    hooks.onNote?.(/^(waiting for )?the evaluator/.test(entry.text) ? entry.text : `evaluator: ${entry.text}`);
  };
}

/** A cluster run's submissions, task ends and resubmissions (and the tasks' stderr) are the user's business: job notes. */
export function clusterLog(hooks: JobHooks): (entry: EvaluatorLogEntry) => void {
  return (entry) => hooks.onNote?.(`${entry.stream === 'stderr' ? 'evaluator: ' : ''}${entry.text}`);
}
