// Which sources a training run will use, said before it starts (the "train first?" offer). Mirrors the
// engine's defaults (src/core/pipeline/defaultSources.ts) without loading it: it pulls TensorFlow.js in.
import { existsSync } from 'node:fs';

export interface SourcesContext {
  /** The accuracy spec from the settings; undefined means the engine's defaults. */
  readonly accuracy: string | undefined;
  readonly cost: string;
  readonly archivePath: string;
  readonly env?: NodeJS.ProcessEnv;
}

function describeCost(cost: string): string {
  if (cost === 'madds' || cost === 'madds:pnag') return 'MAdds (PNAG count)';
  if (cost === 'madds:ofa') return "MAdds (OFA's count)";
  if (cost.startsWith('lut:')) return `latency from the look-up tables ${cost.slice(4)}`;
  if (cost === 'measure') return 'latency measured on this machine';
  return cost;
}

/** One sentence: accuracy from where, cost from where. */
export function describeTrainingSources(context: SourcesContext): string {
  const cost = describeCost(context.cost);
  if (context.accuracy !== undefined) {
    const accuracy = context.accuracy.startsWith('eval:') ? `your evaluator command (${context.accuracy.slice(5)})` : context.accuracy;
    return `accuracy from ${accuracy}; cost: ${cost}`;
  }
  const env = context.env ?? process.env;
  const steps: string[] = [];
  if (existsSync(context.archivePath)) steps.push(`the workspace archive ${context.archivePath} if it holds 50 or more measured top-1 values`);
  steps.push(env.PNAG_OFA_PREDICTOR ? `OFA's accuracy predictor from $PNAG_OFA_PREDICTOR` : "OFA's accuracy predictor (built-in)");
  return `accuracy from ${steps.join(', else ')}; cost: ${cost}`;
}
