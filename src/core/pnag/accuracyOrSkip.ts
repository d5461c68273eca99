import type { AccuracySource } from '../sources/accuracySource';
import { type BatchAnswer, answersOf } from '../sources/batchAnswers';
import { isEvaluationRunner } from '../sources/evaluator/evaluationRunner';
import type { Arch } from '../space/arch';
import { toPnagString } from '../space/pnagString';
import { throwIfCancelled } from './trainingLoop';

/** The answered networks with their accuracies; the failed ones with the source's messages; the lost ones likewise. */
export interface BatchOutcome {
  archs: Arch[];
  accuracies: number[];
  failures: string[];
  failed: Arch[];
  lost: Arch[];
  lostReasons: string[];
}

/**
 * The source's accuracies of `archs`, leaving out the ones it failed on: as in the initial labelling, one
 * failed evaluation (a network too big for the GPU, say) costs that architecture, not the training. An
 * evaluator or cluster that failed on part of a batch says which (`batchAnswers.ts`), and the finished ones are
 * kept: asking them again would pay for them twice. A batch from any other source that fails is asked again
 * one architecture at a time to tell which failed. A cancel still stops the training. An evaluation the
 * infrastructure lost (a cluster node failed on every attempt) is in `lost`, not `failed`: it was paid for, but
 * says nothing about the network, so it is neither kept as a failure nor taught to the failure model.
 */
export async function accuracyOrSkip(source: AccuracySource, archs: readonly Arch[],
  signal?: AbortSignal): Promise<BatchOutcome> {
  /** One answer per architecture of `part`, or why the whole call failed. */
  const attempt = async (part: readonly Arch[]): Promise<readonly BatchAnswer[] | string> => {
    try {
      const values = await source.accuracy(part, signal);
      const bad = values.findIndex((v) => !Number.isFinite(v));
      return bad < 0 ? values.map((accuracy) => ({ accuracy })) : `${toPnagString(part[bad])}: ${source.name} gave ${values[bad]}`;
    } catch (error) {
      // A source that stops on the cancel reports it its own way; the run reports a cancelled training.
      throwIfCancelled(signal);
      const answers = answersOf(error, part.length);
      if (answers) return answers;
      // An evaluator or cluster answers for each network, failures included: a call that failed as a whole (the
      // evaluator cannot start, the cluster cannot be reached, the archive cannot be written) is no network's
      // failure, and asking again one network at a time would only fail again. It stops the caller; what was
      // answered is archived, so a rerun resumes.
      if (isEvaluationRunner(source)) throw error;
      return (error as Error).message ?? String(error);
    }
  };
  let answers = await attempt(archs);
  if (typeof answers === 'string') {
    if (archs.length === 1) answers = [{ failure: answers }];
    else {
      const one: BatchAnswer[] = [];
      for (const arch of archs) {
        const alone = await attempt([arch]);
        one.push(typeof alone === 'string' ? { failure: alone } : alone[0]);
      }
      answers = one;
    }
  }
  const out: BatchOutcome = { archs: [], accuracies: [], failures: [], failed: [], lost: [], lostReasons: [] };
  answers.forEach((answer, i) => {
    if ('failure' in answer && answer.lost) {
      out.lostReasons.push(answer.failure);
      out.lost.push(archs[i]);
    } else if ('failure' in answer) {
      out.failures.push(answer.failure);
      out.failed.push(archs[i]);
    } else {
      out.archs.push(archs[i]);
      out.accuracies.push(answer.accuracy);
    }
  });
  return out;
}
