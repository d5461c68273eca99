import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { partialCheckpointPath } from '../../core/pipeline/checkpointPaths';
import { workspaceArchivePath } from '../../core/pipeline/defaultSources';
import type { BackendChoice } from '../../core/tf/backend';
import { InputError } from '../../core/errors';
import { formatBudget } from '../../core/budget/parseBudget';
import { COST_MODEL_FORMS } from '../../core/pipeline/costModelSpec';
import { ACCURACY_SOURCE_FORMS } from '../../core/sources/sourceSpec';
import type { TrainRequest, TrainResult } from '../../shared/engineProtocol';
import { type EvaluationCount, spentSoFar } from '../../shared/evaluationCount';
import { runEngineJob } from '../engineRun';
import { action, fixed, printJson, rangedOption } from '../io';
import { backendOption, evaluatorConcurrencyOption, evaluatorTimeoutOption, resolutionOption, widthOption } from '../options';
import { type RunnerFlags, addRunnerOptions, runnerRequest } from '../runnerOptions';

interface TrainOptions extends RunnerFlags {
  accuracy?: string;
  cost?: string;
  budgets?: string;
  k?: number;
  seed?: number;
  archive?: string;
  archiveSize?: number;
  out?: string;
  evaluatorEpochs?: number;
  generatorSteps?: number;
  frontierQueries?: number;
  evaluations?: number;
  evaluatorTimeout?: number;
  evaluatorConcurrency?: number;
  forgetFailures?: boolean;
  asynchronousRounds?: boolean;
  device?: string;
  backend: BackendChoice;
  width?: number;
  resolution?: number;
  json?: boolean;
}

export function trainCommand(): Command {
  // The slurm runner's flags (docs/cluster.md) live in runnerOptions.ts.
  return addRunnerOptions(new Command('train'))
    .description('Train the Pareto evaluator and the generator on labelled architectures, and save a checkpoint')
    .option('--accuracy <source>', `where accuracy comes from: ${ACCURACY_SOURCE_FORMS.join(' | ')} (default: workspace archive, else OFA's predictor if configured or cached, else the offline estimate)`)
    .option('--cost <model>', `cost model: ${COST_MODEL_FORMS.join(' | ')}`, 'madds')
    .option('--budgets <range>', 'training budgets: low:high (K evenly spaced) or a list, e.g. 25:60 or 250,400,550M (default: 250:700 for MAdds, the 10th-90th percentile of latencies)')
    .option('--k <n>', 'number of training budgets in a range, 2..50 (default 10)', rangedOption('k'))
    .option('--seed <n>', 'random seed, 0..2147483647 (same seed, same result; default 0)', rangedOption('seed'))
    .option('--archive <path>', 'train on the architectures of this archive only (no new sampling)')
    .option('--archive-size <n>', 'architectures to sample and label when the source can be queried, 4..100000 (default 16,000 for predictors, fewer for slow sources)', rangedOption('archiveSize'))
    .option('--out <checkpoint>', 'checkpoint to write', '.pnag/generator.ckpt.json')
    .option('--evaluator-epochs <n>', 'evaluator training epochs, 1..100', rangedOption('evaluatorEpochs'))
    .option('--generator-steps <n>', 'generator REINFORCE steps, 1..10000', rangedOption('generatorSteps'))
    .option(
      '--frontier-queries <n>',
      'accuracy queries of the frontier rounds after the first training, 0..100000, 0 = none (default: half the sampled architectures, at most 8,000, when the source is a predictor and the cost model exact; ignored otherwise or with --archive)',
      rangedOption('frontierQueries'),
    )
    .option(
      '--evaluations <n>',
      'evaluations paid for in all, 32..1000000, when each costs GPU minutes: a coverage design, then frontier rounds chosen by Thompson sampling of a per-layer accuracy model with pairwise interactions where they predict better (default 1,000 for eval:<command> with an exact cost model; docs/evaluation-budget.md)',
      rangedOption('evaluations'),
    )
    .option('--forget-failures', 'networks the evaluator failed on in earlier runs (kept in the archive as "failed") are no longer counted as spent or kept from being asked, e.g. after you fixed the evaluator')
    .option('--asynchronous-rounds', 'with an evaluation budget: keep the evaluator\'s concurrency of networks out and draw the next as each is answered, instead of batches that wait for their slowest network')
    .addOption(evaluatorTimeoutOption())
    .addOption(evaluatorConcurrencyOption())
    .option('--device <name>', 'with --cost lut:<dir>: the device name the tables are reported and stored under (default: the tables\' "# device:" comment, else the folder name)')
    .addOption(widthOption('width of the architectures to train on and generate, 1.0 or 1.2 (default: the archive\'s most common, else 1.2)'))
    .addOption(resolutionOption('their resolution, 128..224 in steps of 4 (default: the archive\'s most common, else 224)'))
    .addOption(backendOption())
    .option('--json', 'print one JSON object')
    .action(
      action(async (options: TrainOptions) => {
        if (options.archive !== undefined && options.archiveSize !== undefined) {
          throw new InputError('--archive and --archive-size exclude each other: --archive trains on what the archive holds');
        }
        const runner = runnerRequest(options);
        const request: TrainRequest = {
          ...runner,
          workspace: process.cwd(),
          accuracy: options.accuracy,
          cost: options.cost,
          budgets: options.budgets,
          k: options.k,
          seed: options.seed,
          archive: options.archive,
          archiveSize: options.archiveSize,
          out: options.out,
          evaluatorEpochs: options.evaluatorEpochs,
          generatorSteps: options.generatorSteps,
          frontierQueries: options.frontierQueries,
          evaluations: options.evaluations,
          evaluatorTimeout: options.evaluatorTimeout,
          evaluatorConcurrency: options.evaluatorConcurrency,
          ...(options.forgetFailures ? { forgetFailures: true } : {}),
          ...(options.asynchronousRounds ? { asynchronousRounds: true } : {}),
          device: options.device,
          backend: options.backend,
          width: options.width,
          resolution: options.resolution,
        };
        const out = resolve(options.out ?? '.pnag/generator.ckpt.json');
        // On an evaluation budget, what was paid for before a cancel is what the user wants to hear about.
        let spent: EvaluationCount | undefined;
        const result = await runEngineJob(
          (client, hooks) => client.train(request, { ...hooks, onProgress: (p) => {
            if (p.evaluations) spent = p.evaluations;
            hooks.onProgress?.(p);
          } }),
          () => {
            // Snapshots of this run (the engine removed an older one when it started) are kept for a look.
            const snapshot = partialCheckpointPath(out);
            const paid = spentSoFar(spent, workspaceArchivePath(process.cwd()), 'the same command');
            const lines = [
              ...(paid ? [`pnag: ${paid}`] : []),
              ...(existsSync(snapshot) ? [`pnag: a snapshot of this run's generator is at ${snapshot} (pnag generate --checkpoint ${snapshot} uses it)`] : []),
            ];
            return lines.length > 0 ? lines.join('\n') : undefined;
          },
        );
        if (!result) return;
        if (options.json) printJson(result);
        else printTrainSummary(result);
      }),
    );
}

export function printTrainSummary(result: TrainResult): void {
  const b = result.budgets;
  console.log(`Checkpoint: ${result.checkpoint}`);
  console.log(`Accuracy:   ${result.accuracySource}${result.estimate ? ' (estimates)' : ''}; cost: ${result.costModel}`);
  console.log(`Budgets:    ${b.length} from ${formatBudget({ value: b[0], unit: result.unit })} to ${formatBudget({ value: b[b.length - 1], unit: result.unit })}`);
  const rounds = result.frontierArchs ? ` + ${result.frontierArchs} from frontier rounds` : '';
  console.log(`Data:       ${result.archs} architectures${rounds} (${result.queried} queried now, ${result.reused} from the archive), width ${result.width.toFixed(1)}, resolution ${result.resolution}`);
  console.log(`Evaluator:  held-out Kendall tau ${fixed(result.evaluatorTau, 3)}; generator reward ${fixed(result.finalReward, 3)}, entropy ${fixed(result.finalEntropy, 2)}`);
  console.log(`Time:       ${fixed(result.seconds, 1)} s${result.backend ? ` (TF.js ${result.backend})` : ''}`);
}
