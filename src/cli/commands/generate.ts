import { Command } from 'commander';
import type { BackendChoice } from '../../core/tf/backend';
import { formatBudget } from '../../core/budget/parseBudget';
import { describeMaddsCounts, maddsCounts } from '../../core/cost/maddsCounts';
import type { Arch } from '../../core/space/arch';
import { parsePnagString } from '../../core/space/pnagString';
import type { GenerateRequest, GenerateResult } from '../../shared/engineProtocol';
import { COST_MODEL_FORMS } from '../../core/pipeline/costModelSpec';
import { runEngineJob } from '../engineRun';
import { action, fixed, printJson, rangedOption } from '../io';
import { backendOption, evaluatorConcurrencyOption, evaluatorTimeoutOption, resolutionOption, widthOption } from '../options';
import { type RunnerFlags, addRunnerOptions, runnerRequest } from '../runnerOptions';

interface GenerateOptions extends RunnerFlags {
  checkpoint?: string;
  budget: string;
  bestOf?: number;
  sourceQueries?: number;
  accuracy?: string;
  cost?: string;
  retrain?: boolean;
  forgetFailures?: boolean;
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
  const command = new Command('generate')
    .description('Generate the architecture for a budget (trains a generator on the defaults first when there is none)')
    .requiredOption('--budget <budget>', 'e.g. 33ms or 450M, in the checkpoint\'s cost unit')
    .option('--checkpoint <file>', 'a checkpoint from pnag train (default: .pnag/generator.ckpt.json, trained on the defaults when missing)')
    .option('--best-of <n>', 'sample N candidates besides the greedy one and keep the evaluator\'s favourite, 0..4096 (default 64; 0 = greedy only)', rangedOption('bestOf'))
    .option(
      '--source-queries <n>',
      'also ask the accuracy source (--accuracy) about up to N architectures to re-rank and hill-climb the pick: ' +
        'N more predictor calls (or N evaluator runs with eval:), for about +0.3..1.3 top-1 at the same budget; needs an exact cost model and a queryable source, 0..5000 (default 0 = off)',
      rangedOption('sourceQueries'),
    )
    .option(
      '--accuracy <spec>',
      'accuracy source to ask about the pick and to search with (ofa | ofa:<path> | archive:<path> | proxy[:<name>] | eval:<command>); ' +
        'default: the one the defaults pick here, if the generator was trained on it (a checkpoint\'s recorded source is never reopened)',
    )
    .option(
      '--cost <model>',
      `without --checkpoint: the cost model of the generator wanted (${COST_MODEL_FORMS.join(' | ')}); the shipped generator for madds, madds:ofa and lut:note10, ` +
        'else the workspace\'s, trained on it first when there is none (default: madds, or the cost model of the generator trained on the source --accuracy names)',
    )
    .option('--retrain', 'without --checkpoint: train the default generator again, also when it was trained on other sources or for another width/resolution (refused without it); the previous one is kept as <file>.bak')
    .option('--forget-failures', 'networks the evaluator failed on before (kept in the archive as "failed") may be asked again, e.g. after you fixed the evaluator; also when training first')
    .option('--archive-size <n>', 'when training first: architectures to label, 4..100000', rangedOption('archiveSize'))
    .option('--evaluator-epochs <n>', 'when training first: evaluator epochs, 1..100', rangedOption('evaluatorEpochs'))
    .option('--generator-steps <n>', 'when training first: generator steps, 1..10000', rangedOption('generatorSteps'))
    .option('--frontier-queries <n>', 'when training first: accuracy queries of the frontier rounds, 0..100000, 0 = none (default: half the sample, at most 8,000, with a predictor and an exact cost model)', rangedOption('frontierQueries'))
    .addOption(evaluatorTimeoutOption())
    .addOption(evaluatorConcurrencyOption())
    .addOption(widthOption('width wanted, 1.0 or 1.2: the checkpoint must be trained for it (the default one is retrained for it with --retrain)'))
    .addOption(resolutionOption('resolution wanted, 128..224 in steps of 4: likewise'))
    .addOption(backendOption())
    .option('--json', 'print one JSON object');
  // An evaluator asked about the pick runs where the training's did (docs/cluster.md).
  return addRunnerOptions(command)
    .action(
      action(async (options: GenerateOptions) => {
        const runner = runnerRequest(options);
        const request: GenerateRequest = {
          workspace: process.cwd(),
          budget: options.budget,
          checkpoint: options.checkpoint,
          bestOf: options.bestOf,
          sourceQueries: options.sourceQueries,
          accuracy: options.accuracy,
          ...(options.retrain ? { retrain: true } : {}),
          backend: options.backend,
          width: options.width,
          resolution: options.resolution,
          train: {
            archiveSize: options.archiveSize,
            evaluatorEpochs: options.evaluatorEpochs,
            generatorSteps: options.generatorSteps,
            frontierQueries: options.frontierQueries,
            cost: options.cost,
            evaluatorTimeout: options.evaluatorTimeout,
            evaluatorConcurrency: options.evaluatorConcurrency,
            ...(options.forgetFailures ? { forgetFailures: true } : {}),
            ...runner,
          },
        };
        const result = await runEngineJob((client, hooks) => client.generate(request, hooks));
        if (!result) return;
        if (options.json) printJson(generateJson(result));
        else printGenerated(result);
      }),
    );
}

/**
 * The `--json` object: the keys the README promises, plus `clamped`, `estimate` and `source_queries`.
 * `madds_M` is the cost model's count (PNAG's unless it is `madds:ofa`); both counts are named beside it.
 */
export function generateJson(r: GenerateResult): Record<string, unknown> {
  return {
    pnag: r.pnag,
    arch: r.arch,
    madds_M: r.madds_M,
    ...maddsCounts(archOf(r)),
    cost_model: r.costModel,
    // The cost in the cost model's own unit, whichever it is (MAdds, ms, or a newer kind's).
    cost: r.cost ?? null,
    cost_unit: r.unit,
    latency_ms: r.latency_ms,
    top1: r.top1,
    source: r.source,
    // Only with top1 null: what the training says of the answer, never a new measurement.
    ...(r.predictedTop1 ? { predicted_top1: r.predictedTop1.top1, predicted_from: PREDICTED_FROM[r.predictedTop1.from] } : {}),
    repaired: r.repaired,
    clamped: r.clamped,
    estimate: r.estimate,
    source_queries: r.sourceQueries ?? 0,
    ...(r.generator ? { generator: r.generator } : {}),
  };
}

/** `predicted_from` in the JSON: where a top-1 given without a source comes from. */
const PREDICTED_FROM = { memory: 'frontier memory (measured during training)', model: 'accuracy model (predicted)' } as const;

function archOf(r: GenerateResult): Arch {
  return parsePnagString(r.pnag, { width: r.width, resolution: r.resolution });
}

function printGenerated(r: GenerateResult): void {
  const budget = formatBudget({ value: r.budget, unit: r.unit });
  console.log(`PNAG:   ${r.pnag}`);
  console.log(`OFA:    ${JSON.stringify(r.arch)}  (width ${r.width.toFixed(1)})`);
  if (r.partial) console.log(`Note:   from a snapshot of an unfinished training (generator step ${r.partial.generatorStep} of ${r.partial.generatorSteps})`);
  const madds = describeMaddsCounts(maddsCounts(archOf(r)), r.costModel);
  const own = r.latency_ms !== null ? `${fixed(r.latency_ms)} ms` : r.unit !== 'M' && r.cost !== undefined ? formatBudget({ value: r.cost, unit: r.unit }) : undefined;
  const cost = own !== undefined ? `${own} [${r.costModel}], the budget's; ${madds}` : `${madds} [${r.costModel}]`;
  console.log(`Cost:   ${cost}; budget ${budget}${r.repaired ? ' (repaired to fit)' : ''}${r.clamped ? ' (outside the trained range: clamped)' : ''}`);
  if ((r.sourceQueries ?? 0) > 0) console.log(`Search: ${r.sourceQueries} architectures asked of ${r.source}`);
  console.log(`Top-1:  ${r.top1 === null ? 'unknown' : `${fixed(r.top1)} %`}${r.estimate ? ' (estimate)' : ''}  [${r.source}]`);
  if (r.predictedTop1) {
    const { top1, from } = r.predictedTop1;
    console.log(`        ${fixed(top1)} % ${from === 'memory' ? 'measured during training (the frontier memory)' : 'predicted by the training\'s accuracy model, not measured (--accuracy measures the pick)'}`);
  }
  if (r.generator) console.log(`From:   ${r.generator} generator (shipped with PNAG; pnag train makes your own)`);
}
