import { fromField } from '../errors';
import { resolve } from 'node:path';
import { parseAccuracySourceSpec } from '../sources/sourceSpec';
import { parseArchText } from '../space/parseArch';
import { initBackend } from '../tf/backend';
import type { HooksOf, PredictRequest, PredictResult } from '../../shared/engineProtocol';
import { resolveAccuracySource } from './accuracySources';
import { checkBackend, evaluatorSettingsOf } from './jobOptions';
import { checkOptionalInRange } from './optionRanges';

/**
 * Top-1 of one architecture from the accuracy source the request names (`pnag predict`, the editor lens).
 * The host chooses the source; this job opens what it is given and nothing a checkpoint recorded.
 */
export async function predictJob(request: PredictRequest, hooks: HooksOf<'predict'> = {}): Promise<PredictResult> {
  const workspace = resolve(request.workspace);
  // Paths stay as given: the source's name quotes them (`archive:archive.jsonl`).
  const spec = parseAccuracySourceSpec(request.source, '--source');
  const arch = fromField('--arch', () => parseArchText(request.arch, { width: request.width, resolution: request.resolution }));
  const backend = checkBackend(request.backend);
  // An `eval:` command runs in the workspace, as during training.
  checkOptionalInRange(request.evaluatorTimeout, 'evaluatorTimeout');
  const source = await resolveAccuracySource(spec, { cwd: workspace, evaluator: evaluatorSettingsOf(request) });
  try {
    // Only sources that build networks run TF.js; the chosen backend is the one they then use.
    if (source.needsTensorFlow === true) await initBackend(backend);
    const [top1] = await source.accuracy([arch], hooks.signal);
    return { kind: 'predict', top1, source: source.name, estimate: source.isEstimate, measured: source.measured === true };
  } finally {
    await source.dispose?.();
  }
}
