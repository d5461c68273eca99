import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Archive } from '../archive/archive';
import { parseBudgetList } from '../budget/parseBudget';
import { type CostModel, type CostUnit, isExact } from '../cost/costModel';
import type { Width } from '../space/searchSpace';
import { InputError } from '../errors';
import { checkWriteTarget, fileKindOf } from '../fs/fileKind';
import { resolveWriteTarget } from '../fs/writeTarget';
import type { AccuracySource } from '../sources/accuracySource';
import { type AccuracySourceSpec, formatAccuracySourceSpec, parseAccuracySourceSpec } from '../sources/sourceSpec';
import { DEFAULT_BUDGET_COUNT } from '../pnag/budgets';
import type { JobHooks, JobProgress, TrainRequest, TrainResult } from '../../shared/engineProtocol';
import { prepareEvaluationBudgetData, evaluationsOf, spentInArchive } from './evaluationBudgetData';
import { MEASURED_TOP1, checkRunnerFits, openMeasuredArchive, resolveAccuracySource } from './accuracySources';
import { type CostModelSpec, absoluteCostSpec, costUnitOf, formatCostModelSpec, parseCostModelSpec, resolveCostModel } from './costModelSpec';
import { defaultSources, workspaceArchivePath } from './defaultSources';
import { builtinTaskBudgets } from './builtinGenerators';
import type { CheckpointSources, Engine } from './engineAdapter';
import { checkBackend, checkBudgetsReachable, checkShape, checkSupported, checkTrainNumbers, evaluatorSettingsOf, useBackend } from './jobOptions';
import { checkNotFolder } from '../util/fileKind';
import { pnagEngine } from './pnagEngine';
import { type LabelledArchs, defaultFrontierQueries, keepMeasured, prepareTrainingData } from './trainingData';
import type { Arch } from '../space/arch';
import { FailureKeeper, failureMetricOf } from './failedEvaluations';
import { JobFraction } from './jobFraction';
import { absoluteSpec } from './generationSource';
import { backupPathOf } from './checkpointReplacement';
import { clusterLog, evaluatorLog } from './evaluatorLog';
import { costUnitDescriptor } from '../cost/registry/costModelRegistry';
import { datasetPathOf, sourceCapabilitiesOf } from '../sources/registry/accuracySourceRegistry';
import { lockTrainingOutput } from '../fs/trainingLock';
import { checkNotSnapshotName, trainingOutputOf } from './checkpointPaths';
import { PAIR_RESIDUAL_MIN_GAIN } from '../pnag/pairResidualModel';
import { LOCAL_FIT_MIN_GAIN } from '../pnag/budgetLocalFit';
import { FIRST_CHECK_NETWORKS } from '../pnag/refitSchedule';
import { FAILURE_SKIP_PROBABILITY } from '../pnag/failureModel';
import { THOMPSON_NEIGHBOURS } from '../pnag/incumbentNeighbours';

/** Training budgets when none are given for MAdds: the madds task range. */
export const DEFAULT_MADDS_BUDGETS = '250:700';
export const DEFAULT_SEED = 0;

/**
 * Samples/labels training data (or reads the archive), trains the evaluator and the generator, writes
 * the checkpoint. Every choice the user did not make is said in `notes` (and through `onNote` at once).
 */
export async function trainJob(request: TrainRequest, hooks: JobHooks = {}, engine: Engine = pnagEngine): Promise<TrainResult> {
  // Before anything is evaluated: a second training into the same output is refused, not run to a clash.
  const out = trainingOutputOf(request);
  checkNotSnapshotName(out);
  checkNotSnapshotName(resolveWriteTarget(out));
  // A device or a named pipe is refused before its lock is made beside it (in /dev, for --out /dev/null).
  if (fileKindOf(resolveWriteTarget(out)) === 'special') checkWriteTarget(resolveWriteTarget(out), 'checkpoint', '--out');
  const release = await lockTrainingOutput(out);
  try {
    return await trainHoldingOutput(request, out, hooks, engine);
  } finally {
    await release().catch(() => undefined);
  }
}

async function trainHoldingOutput(request: TrainRequest, out: string, hooks: JobHooks, engine: Engine): Promise<TrainResult> {
  const started = Date.now();
  const workspace = resolve(request.workspace);
  const notes: string[] = [];
  // Held back until the sources have opened, so bad input gets its one line and nothing before it.
  let live = false;
  const note = (text: string) => {
    notes.push(text);
    if (live) hooks.onNote?.(text);
  };
  checkTrainNumbers(request);
  const backend = checkBackend(request.backend);
  const shape = checkShape(request);
  // Stored absolute in the checkpoint, so generation from any folder finds the tables.
  const costSpec: CostModelSpec = request.cost !== undefined ? absoluteCostSpec(parseCostModelSpec(request.cost), workspace) : { kind: 'madds', count: 'pnag' };
  let accuracySpec: AccuracySourceSpec;
  if (request.accuracy !== undefined) accuracySpec = absoluteSpec(parseAccuracySourceSpec(request.accuracy, '--accuracy'), workspace);
  else {
    const defaults = defaultSources({ workspace });
    accuracySpec = defaults.accuracy;
    note(defaults.reason);
  }
  checkRunnerFits(accuracySpec, request.runner);
  const unit = costUnitOf(costSpec);
  const k = request.k ?? DEFAULT_BUDGET_COUNT;
  // Budget text is checked before anything slow happens.
  const givenBudgets = request.budgets !== undefined ? parseBudgetList(request.budgets, unit, k) : undefined;
  const seed = request.seed ?? DEFAULT_SEED;
  // Before minutes of training: the checkpoint must be writable as a file, and never replaces an archive or another file.
  checkNotFolder(out, '--out');
  if (request.archive !== undefined) checkNotFolder(resolve(workspace, request.archive), '--archive');
  checkWriteTarget(resolveWriteTarget(out), 'checkpoint', '--out');

  const dataset = datasetPathOf(accuracySpec);
  const fromArchive = request.archive !== undefined
    ? openArchiveFile(resolve(workspace, request.archive))
    : dataset !== undefined ? openMeasuredArchive(dataset) : undefined;
  const store = fromArchive ?? Archive.open(workspaceArchivePath(workspace));
  // Before anything runs TF.js (a proxy labelling the data does): the backend is chosen once per process.
  const backendName = await useBackend(engine, backend, note);
  const costModel = await resolveCostModel(costSpec, undefined, request.device);
  const progress = new JobFraction(hooks.onProgress);
  const source = await resolveAccuracySource(accuracySpec, {
    cwd: workspace,
    archive: store,
    evaluator: evaluatorSettingsOf(request),
    log: evaluatorLog(hooks),
    ...(request.runner === 'slurm'
      ? {
          runner: request.runner,
          slurm: request.slurm,
          log: clusterLog(hooks),
          onClusterProgress: (cluster) => progress.report({ phase: 'label', step: cluster.answered + cluster.failed, steps: cluster.total, cluster }),
        }
      : {}),
  });
  try {
    if (!fromArchive) await checkSupported(shape, source, costModel);
    if (!fromArchive && givenBudgets !== undefined) checkBudgetsReachable(givenBudgets, costModel, shape, unit);
  } catch (error) {
    await source.dispose?.();
    throw error;
  }
  live = true;
  notes.forEach((text) => hooks.onNote?.(text));
  let evaluations: number | undefined;
  try {
    // An evaluator paid per evaluation (issue 14): coverage design and expected-improvement rounds within --evaluations.
    evaluations = evaluationsOf(request, sourceCapabilitiesOf(accuracySpec).runsCommand, costModel, fromArchive !== undefined);
    // evaluationsOf gives a total only with an exact cost model.
    if (request.asynchronousRounds === true && evaluations === undefined) {
      throw new InputError('--asynchronous-rounds: only the rounds of an evaluation budget have it (--evaluations, or an eval: source with an exact cost model)',
        '--asynchronous-rounds');
    }
    const budgetsFor = (costs: readonly number[], standard: boolean): number[] => {
      const builtinBudgets = standard ? builtinTaskBudgets(formatCostModelSpec(costSpec)) : undefined;
      return givenBudgets ?? (builtinBudgets !== undefined ? parseBudgetList(builtinBudgets, unit, k) : defaultBudgets(unit, costs, k, standard));
    };
    const byEvaluations =
      evaluations !== undefined && isExact(costModel)
        ? await prepareEvaluationBudgetData({
            source,
            costModel,
            total: evaluations,
            budgetsOf: (costs) => budgetsFor(costs, (shape.width ?? 1.2) === 1.2 && (shape.resolution ?? 224) === 224),
            store,
            seed,
            width: (shape.width ?? 1.2) as Width,
            resolution: shape.resolution ?? 224,
            signal: hooks.signal,
            onProgress: (count) => progress.report({ phase: 'label', step: count.done, steps: count.total, evaluations: count }),
            note,
            forgetFailures: request.forgetFailures === true,
            asynchronousRounds: request.asynchronousRounds === true,
          })
        : undefined;
    const data = byEvaluations?.data ?? await prepareTrainingData({
      width: shape.width,
      resolution: shape.resolution,
      source,
      costModel,
      size: request.archiveSize,
      store,
      fromArchive,
      seed,
      signal: hooks.signal,
      forgetFailures: request.forgetFailures === true,
      onProgress: (p) => progress.report({ phase: p.phase, step: p.done, steps: p.total }),
    });
    data.notes.forEach(note);
    const standard = data.width === 1.2 && data.resolution === 224;
    const taskBudgets = standard ? builtinTaskBudgets(formatCostModelSpec(costSpec)) : undefined;
    const budgets = byEvaluations?.budgets ?? budgetsFor(data.costs, standard);
    if (givenBudgets === undefined) {
      const range = `${Number(budgets[0].toFixed(1))}:${Number(budgets[budgets.length - 1].toFixed(1))} ${unit}`;
      const why = taskBudgets !== undefined ? `the range of PNAG's ${unit === 'M' ? 'MAdds' : 'Note10 latency'} task` : unit === 'M' && standard ? 'the range of PNAG\'s MAdds task' : '10th to 90th percentile of the training costs';
      note(`budgets: ${range}, K = ${k} (default: ${why})`);
    }
    const sources: CheckpointSources = {
      accuracySource: source.name,
      accuracySpec: formatAccuracySourceSpec(accuracySpec),
      estimate: source.isEstimate,
      costModel: costModel.name,
      costSpec: formatCostModelSpec(costSpec),
      ...(request.device !== undefined && costSpec.kind === 'lut' ? { costDevice: request.device } : {}),
      ...(dataset !== undefined ? { measuredArchs: measuredCount(dataset) } : {}),
    };
    const failureKeeper = byEvaluations?.failureKeeper ?? new FailureKeeper(store, source);
    const frontierQueries = byEvaluations ? byEvaluations.frontierQueries : frontierQueriesOf(request.frontierQueries, source, costModel,
      fromArchive !== undefined, data.archs.length, note);
    progress.expectFrontierRounds(frontierQueries > 0);
    const replacing = existsSync(out);
    const trained = await engine.train({
      data,
      width: data.width,
      resolution: data.resolution,
      budgets,
      unit,
      costModel,
      sources,
      seed,
      evaluatorEpochs: request.evaluatorEpochs,
      generatorSteps: request.generatorSteps,
      backend,
      out,
      signal: hooks.signal,
      // On an evaluation budget every report carries the evaluations spent and the time they are taking.
      onProgress: byEvaluations ? (p: JobProgress) => progress.report({ ...p, evaluations: byEvaluations.meter.count() }) : progress.report,
      ...(frontierQueries > 0 ? { frontier: { source: byEvaluations?.source ?? source, queries: frontierQueries, settings: byEvaluations?.frontierSettings,
        onMeasured: (rows: LabelledArchs) => {
          keepMeasured(store, rows, source);
          failureKeeper.answered();
        },
        onFailed: (archs: readonly Arch[], reasons: readonly string[]) => failureKeeper.failed(archs, reasons),
        ...(byEvaluations ? { failedBefore: byEvaluations.failed, arrived: byEvaluations.arrived } : {}) } } : {}),
    });
    if (replacing) note(`the previous checkpoint is kept as ${backupPathOf(out)}`);
    if (trained.frontierQueries) note(`frontier rounds: ${trained.frontierQueries} more architectures labelled by ${source.name} during training, kept in ${store.path ?? 'memory'}`);
    const pairs = trained.frontierPairModel;
    if (pairs) {
      note(`frontier rounds: pairwise interactions of layers kept at ${pairs.kept} of ${pairs.checks} checks (last: held-out error ` +
        `${pairs.perLayerRmse.toFixed(3)} of the per-layer model, ${pairs.withPairsRmse.toFixed(3)} with them; kept when ${PAIR_RESIDUAL_MIN_GAIN * 100} % lower)`);
    }
    const localFit = trained.frontierLocalFit;
    if (byEvaluations?.frontierSettings?.acquisition === 'thompson' && trained.frontierQueries && !pairs && !localFit) {
      note(`frontier rounds: pairwise interactions of layers and fits around the budget were not checked (first checked from ${FIRST_CHECK_NETWORKS} ` +
        'measured networks; fewer judge too noisily)');
    }
    if (localFit) {
      note(`frontier rounds: per-layer models fitted around each pick's budget chosen at ${localFit.kept} of ${localFit.checks} checks (last: held-out ` +
        `error ${localFit.globalRmse.toFixed(3)} of one model for all sizes, ${localFit.localRmse.toFixed(3)} around the budgets; chosen when ${LOCAL_FIT_MIN_GAIN * 100} % lower)`);
    }
    const roundSettings = byEvaluations?.frontierSettings;
    if (roundSettings?.asynchronous && roundSettings.acquisition === 'thompson' && trained.frontierQueries) {
      note(`frontier rounds: asynchronous (--asynchronous-rounds) — ${roundSettings.batchSize} networks out at once, the next drawn as each was answered`);
    }
    if (trained.frontierNearIncumbent) {
      note(`frontier rounds: the last ${trained.frontierNearIncumbent} evaluations also weighed ${THOMPSON_NEIGHBOURS} neighbours of the best measured ` +
        'network within each pick\'s budget (one or two genes changed; rated with a correction fitted around it)');
    }
    if (trained.frontierFailed) note(`frontier rounds: ${trained.frontierFailed} of ${trained.frontierQueries} evaluations failed and were skipped (kept in ${store.path ?? 'memory'} as "${failureMetricOf(source)}": not asked again); first: ${trained.frontierFirstFailure ?? 'no message'}`);
    if (trained.frontierLost) {
      note(`frontier rounds: ${trained.frontierLost} of ${trained.frontierQueries} evaluations were lost to the cluster and skipped (not kept as failures: ` +
        `a later run asks them again); first: ${trained.frontierFirstLost ?? 'no message'}`);
    }
    if (trained.frontierArrived) {
      note(`frontier rounds: ${trained.frontierArrived} answers this training did not ask for reached the archive while it ran (an earlier run's ` +
        'requests, its cluster run reattached, or another process sharing the archive): learnt from and counted as spent');
    }
    if (trained.frontierAvoidedFailures) {
      note(`frontier rounds: ${trained.frontierAvoidedFailures} picks like the networks the source failed on (a model of its failures, per layer and by cost, gave them ` +
        `${FAILURE_SKIP_PROBABILITY * 100} % or more) were sent as the best network a gene or two away that it was not likely to fail on`);
    }
    const distilled = trained.frontierDistillation;
    if (distilled) {
      // How far the generator alone (no memory, no queries) can be trusted to answer with the measured frontier.
      note(`generator: taught the measured frontier at ${distilled.pairs} budgets in ${distilled.steps} steps; its greedy decoding spells ` +
        `the best measured network within ${distilled.reproduced} of them (${Math.round((100 * distilled.reproduced) / distilled.pairs)} %)`);
    }
    const rise = trained.frontierRise;
    if (byEvaluations && rise) {
      // What the user needs to decide whether to pay for more evaluations.
      note(`frontier rounds: the last ${rise.evaluations} networks measured raised the best measured top-1 within a budget by ${rise.last.toFixed(3)} point ` +
        `on average over ${Number(budgets[0].toFixed(1))}..${Number(budgets[budgets.length - 1].toFixed(1))} ${unit}, the ${rise.evaluations} before them by ` +
        `${rise.before.toFixed(3)}; a training with a larger --evaluations keeps every answer in ${store.path ?? 'the archive'} and pays only for the new ones`);
    }
    return {
      kind: 'train',
      checkpoint: out,
      ...sources,
      unit,
      budgets,
      width: data.width,
      resolution: data.resolution,
      archs: data.archs.length,
      queried: data.queried + (trained.frontierQueries ?? 0),
      reused: data.reused,
      ...(trained.frontierQueries ? { frontierArchs: trained.frontierQueries - (trained.frontierFailed ?? 0) - (trained.frontierLost ?? 0) } : {}),
      ...(byEvaluations && rise ? { frontierRise: rise } : {}),
      evaluatorTau: trained.evaluatorTau,
      finalReward: trained.finalReward,
      finalEntropy: trained.finalEntropy,
      seconds: (Date.now() - started) / 1000,
      notes,
      ...(trained.backend ?? backendName ? { backend: trained.backend ?? backendName } : {}),
    };
  } finally {
    await source.dispose?.();
    if (hooks.signal?.aborted && evaluations !== undefined) {
      // What a cancel says was spent is what the archive holds once the source has stopped: the same command starts from it.
      const space = { width: shape.width ?? 1.2, resolution: shape.resolution ?? 224 };
      progress.settleEvaluations(spentInArchive(store, source, space, request.forgetFailures === true));
    }
  }
}

/**
 * Queries of the frontier rounds: the request's, else the default for the source; none (with a note when
 * asked for) when the data is a given archive, the source cannot be queried or costs are not exact.
 */
function frontierQueriesOf(asked: number | undefined, source: AccuracySource, costModel: CostModel, fromArchive: boolean, sampled: number,
  note: (text: string) => void): number {
  const why = fromArchive
    ? 'training on a given archive only'
    : !source.queryable
      ? `${source.name} only answers for the architectures stored in it`
      : !isExact(costModel)
        ? `the cost model ${costModel.name} is not exact`
        : undefined;
  if (why !== undefined) {
    if (asked) note(`--frontier-queries ${asked} ignored: ${why}`);
    return 0;
  }
  const queries = asked ?? defaultFrontierQueries(source, costModel, sampled);
  if (asked === undefined && queries > 0) note(`frontier rounds: ${queries} more ${source.name} queries during training (default; --frontier-queries 0 turns them off)`);
  return queries;
}

/** Architectures with measured top-1 in an archive file (0 when it is missing). */
export function measuredCount(path: string): number {
  return existsSync(path) ? Archive.open(path).withMetric(MEASURED_TOP1).length : 0;
}

function openArchiveFile(path: string): Archive {
  if (!existsSync(path)) throw new InputError(`--archive ${path}: no such file`);
  const archive = Archive.open(path);
  if (archive.size === 0) throw new InputError(`--archive ${path}: the archive is empty`);
  return archive;
}

/**
 * MAdds at w1.2 r224: the MAdds task's 250:700 M. Otherwise (latency, or an archive at another width or
 * resolution): the 10th to 90th percentile of the training costs, rounded (0.5 ms, 5 M).
 */
function defaultBudgets(unit: CostUnit, costs: readonly number[], k: number, standard = true): number[] {
  const { step, standardBudgets } = costUnitDescriptor(unit);
  if (standard && standardBudgets !== undefined) return parseBudgetList(standardBudgets, unit, k);
  const sorted = [...costs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
  const low = Math.max(step, Math.round(at(0.1) / step) * step);
  const high = Math.max(low + step, Math.round(at(0.9) / step) * step);
  return parseBudgetList(`${low}:${high}`, unit, k);
}
