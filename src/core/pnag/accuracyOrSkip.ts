import type { AccuracySource } from '../sources/accuracySource';
import type { Arch } from '../space/arch';
import { toPnagString } from '../space/pnagString';
import { throwIfCancelled } from './trainingLoop';

/**
 * The source's accuracies of `archs`, leaving out the ones it failed on: as in the initial labelling, one
 * failed evaluation (a network too big for the GPU, say) costs that architecture, not the training. A batch
 * that fails is asked again one architecture at a time to tell which failed (an evaluator that archives its
 * results answers the finished ones again). A cancel still stops the training.
 */
export async function accuracyOrSkip(source: AccuracySource, archs: readonly Arch[],
  signal?: AbortSignal): Promise<{ archs: Arch[]; accuracies: number[]; failures: string[]; failed: Arch[] }> {
  const attempt = async (part: readonly Arch[]): Promise<number[] | string> => {
    try {
      const values = await source.accuracy(part, signal);
      const bad = values.findIndex((v) => !Number.isFinite(v));
      return bad < 0 ? values : `${toPnagString(part[bad])}: ${source.name} gave ${values[bad]}`;
    } catch (error) {
      // A source that stops on the cancel reports it its own way; the run reports a cancelled training.
      throwIfCancelled(signal);
      return (error as Error).message ?? String(error);
    }
  };
  const whole = await attempt(archs);
  if (typeof whole !== 'string') return { archs: archs.slice(), accuracies: whole, failures: [], failed: [] };
  if (archs.length === 1) return { archs: [], accuracies: [], failures: [whole], failed: archs.slice() };
  const out = { archs: [] as Arch[], accuracies: [] as number[], failures: [] as string[], failed: [] as Arch[] };
  for (const arch of archs) {
    const one = await attempt([arch]);
    if (typeof one === 'string') {
      out.failures.push(one);
      out.failed.push(arch);
    } else {
      out.archs.push(arch);
      out.accuracies.push(one[0]);
    }
  }
  return out;
}
