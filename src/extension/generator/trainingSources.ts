// Which sources a training run will use, said before it starts (the "train first?" offer). Asks the
// engine's own default choice (src/core/pipeline/defaultSources.ts) and the cost-model registry, so the
// offer and the run cannot disagree; neither loads TensorFlow.js.
import { describeCostModel } from '../../core/cost/registry/costModelRegistry';
import { defaultSources } from '../../core/pipeline/defaultSources';
import { describeAccuracySource } from '../../core/sources/registry/accuracySourceRegistry';

export interface SourcesContext {
  /** The accuracy spec from the settings; undefined means the engine's defaults. */
  readonly accuracy: string | undefined;
  readonly cost: string;
  /** The workspace folder, whose `.pnag/archive.jsonl` the defaults look at. */
  readonly workspace: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** One sentence: accuracy from where, cost from where. */
export function describeTrainingSources(context: SourcesContext): string {
  const cost = describeCostModel(context.cost);
  if (context.accuracy !== undefined) {
    return `accuracy from ${describeAccuracySource(context.accuracy)}; cost: ${cost}`;
  }
  return `accuracy from ${defaultSources({ workspace: context.workspace, env: context.env }).accuracyReason}; cost: ${cost}`;
}
