import { Command } from 'commander';
import type { BackendChoice } from '../../core/tf/backend';
import { formatBudget } from '../../core/budget/parseBudget';
import type { GenerateRequest, GenerateResult } from '../../shared/engineProtocol';
import { runEngineJob } from '../engineRun';
import { action, fixed, printJson, rangedOption } from '../io';
import { backendOption, evaluatorConcurrencyOption, evaluatorTimeoutOption, resolutionOption, widthOption } from '../options';

interface GenerateOptions {
  checkpoint?: string;
  budget: string;
  bestOf?: number;
  sourceQueries?: number;
  archiveSize?: number;
  evaluatorEpochs?: number;
  generatorSteps?: number;
  frontierQueries?: number;
  evaluatorTimeout?: number;
  evaluatorConcurrency?: number;
  backend: BackendChoice;
  width?: number;
  resolution?: number;
  json?: boolean;
}

export function generateCommand(): Command {
  return new Command('generate')
    .description('Generate the architecture for a budget (trains a generator on the defaults first when there is none)')
    .requiredOption('--budget <budget>', 'e.g. 33ms or 450M, in the checkpoint\'s cost unit')
    .option('--checkpoint <file>', 'a checkpoint from pnag train (default: .pnag/generator.ckpt.json, trained on the defaults when missing)')
    .option('--best-of <n>', 'sample N candidates besides the greedy one and keep the evaluator\'s favourite, 0..4096 (default 64; 0 = greedy only)', rangedOption('bestOf'))
    .option(
      '--source-queries <n>',
      'also ask the checkpoint\'s accuracy source about up to N architectures to re-rank and hill-climb the pick: ' +
        'N more predictor calls (or N evaluator runs with eval:), for about +0.3..1.3 top-1 at the same budget; needs an exact cost model and a queryable source, 0..5000 (default 0 = off)',
      rangedOption('sourceQueries'),
    )
    .option('--archive-size <n>', 'when training first: architectures to label, 4..100000', rangedOption('archiveSize'))
    .option('--evaluator-epochs <n>', 'when training first: evaluator epochs, 1..100', rangedOption('evaluatorEpochs'))
    .option('--generator-steps <n>', 'when training first: generator steps, 1..10000', rangedOption('generatorSteps'))
    .option('--frontier-queries <n>', 'when training first: accuracy queries of the frontier rounds, 0..100000, 0 = none (default: half the sample, at most 8,000, with a predictor and an exact cost model)', rangedOption('frontierQueries'))
    .addOption(evaluatorTimeoutOption())
    .addOption(evaluatorConcurrencyOption())
    .addOption(widthOption('width wanted, 1.0 or 1.2: the checkpoint must be trained for it (the default one is retrained when it is not)'))
    .addOption(resolutionOption('resolution wanted, 128..224 in steps of 4: likewise'))
    .addOption(backendOption())
    .option('--json', 'print one JSON object')
    .action(
      action(async (options: GenerateOptions) => {
        const request: GenerateRequest = {
          workspace: process.cwd(),
          budget: options.budget,
          checkpoint: options.checkpoint,
          bestOf: options.bestOf,
          sourceQueries: options.sourceQueries,
          backend: options.backend,
          width: options.width,
          resolution: options.resolution,
          train: {
            archiveSize: options.archiveSize,
            evaluatorEpochs: options.evaluatorEpochs,
            generatorSteps: options.generatorSteps,
            frontierQueries: options.frontierQueries,
            evaluatorTimeout: options.evaluatorTimeout,
            evaluatorConcurrency: options.evaluatorConcurrency,
          },
        };
        const result = await runEngineJob((client, hooks) => client.generate(request, hooks));
        if (!result) return;
        if (options.json) printJson(generateJson(result));
        else printGenerated(result);
      }),
    );
}

/** The `--json` object: the keys the README promises, plus `clamped`, `estimate` and `source_queries`. */
export function generateJson(r: GenerateResult): Record<string, unknown> {
  return {
    pnag: r.pnag,
    arch: r.arch,
    madds_M: r.madds_M,
    latency_ms: r.latency_ms,
    top1: r.top1,
    source: r.source,
    repaired: r.repaired,
    clamped: r.clamped,
    estimate: r.estimate,
    source_queries: r.sourceQueries ?? 0,
  };
}

function printGenerated(r: GenerateResult): void {
  const budget = formatBudget({ value: r.budget, unit: r.unit });
  console.log(`PNAG:   ${r.pnag}`);
  console.log(`OFA:    ${JSON.stringify(r.arch)}  (width ${r.width.toFixed(1)})`);
  if (r.partial) console.log(`Note:   from a snapshot of an unfinished training (generator step ${r.partial.generatorStep} of ${r.partial.generatorSteps})`);
  const cost = r.latency_ms !== null ? `${fixed(r.latency_ms)} ms [${r.costModel}], ${fixed(r.madds_M, 1)}M MAdds` : `${fixed(r.madds_M, 1)}M MAdds [${r.costModel}]`;
  console.log(`Cost:   ${cost}; budget ${budget}${r.repaired ? ' (repaired to fit)' : ''}${r.clamped ? ' (outside the trained range: clamped)' : ''}`);
  if ((r.sourceQueries ?? 0) > 0) console.log(`Search: ${r.sourceQueries} architectures asked of ${r.source}`);
  console.log(`Top-1:  ${r.top1 === null ? 'unknown' : `${fixed(r.top1)} %`}${r.estimate ? ' (estimate)' : ''}  [${r.source}]`);
}
