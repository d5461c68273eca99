import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Archive } from '../archive/archive';
import { parseBudget, parseBudgetList } from '../budget/parseBudget';
import { type CostModel, type CostUnit, isExact } from '../cost/costModel';
import type { Width } from '../space/searchSpace';
import { maddsM } from '../cost/madds';
import { costUnitDescriptor } from '../cost/registry/costModelRegistry';
import { InputError } from '../errors';
import { checkWriteTarget } from '../fs/fileKind';
import { resolveWriteTarget } from '../fs/writeTarget';
import type { AccuracySource } from '../sources/accuracySource';
import { type AccuracySourceSpec, BUILTIN_OFA_SPEC, formatAccuracySourceSpec, parseAccuracySourceSpec } from '../sources/sourceSpec';
import type { Arch } from '../space/arch';
import { toOfaDict } from '../space/ofaDict';
import { toPnagString } from '../space/pnagString';
import { DEFAULT_BUDGET_COUNT } from '../pnag/budgets';
import type { GenerateRequest, GenerateResult, JobProgress, TrainRequest, TrainResult } from '../../shared/engineProtocol';
import { prepareEvaluationBudgetData, evaluationsOf } from './evaluationBudgetData';
import { type AccuracySourceContext, MEASURED_TOP1, checkRunnerFits, openMeasuredArchive, resolveAccuracySource } from './accuracySources';
import { type CostModelSpec, absoluteCostSpec, costUnitOf, formatCostModelSpec, parseCostModelSpec, resolveCostModel } from './costModelSpec';
import { defaultSources, workspaceArchivePath } from './defaultSources';
import { builtinGeneratorAt, builtinGeneratorForTraining, builtinTaskBudgets } from './builtinGenerators';
import type { CheckpointSources, Engine, GeneratedArch, SourceSearch } from './engineAdapter';
import { checkBackend, checkBudgetsReachable, checkGenerateNumbers, checkShape, checkSupported, checkTrainNumbers, evaluatorSettingsOf, fitsShape, shapeText, useBackend } from './jobOptions';
import type { EvaluatorLogEntry } from '../sources/externalEvaluator';
import { runsCommand } from '../sources/registry/accuracySourceRegistry';
import { checkNotFolder } from '../util/fileKind';
import { DEFAULT_BEST_OF, pnagEngine } from './pnagEngine';
import { type LabelledArchs, defaultFrontierQueries, keepMeasured, prepareTrainingData } from './trainingData';
import { lutBuildJob } from './lutJob';
import { frontierDataJob } from './frontierDataJob';
import { JobFraction } from './jobFraction';
import { absoluteSpec, generationSourceOf } from './generationSource';
import { type WantedSources, backupPathOf, planDefaultCheckpoint } from './checkpointReplacement';
import { generatorCacheOf } from './generatorCache';

/** Where `pnag generate` keeps the generator it trains on the defaults. */
export const DEFAULT_CHECKPOINT = '.pnag/generator.ckpt.json';
/** Training budgets when none are given for MAdds: the issue's madds task range. */
export const DEFAULT_MADDS_BUDGETS = '250:700';
export const DEFAULT_SEED = 0;

export interface JobHooks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: JobProgress) => void;
  readonly onNote?: (text: string) => void;
}

export function defaultCheckpointPath(workspace: string): string {
  return join(workspace, DEFAULT_CHECKPOINT);
}

/**
 * Samples/labels training data (or reads the archive), trains the evaluator and the generator, writes
 * the checkpoint. Every choice the user did not make is said in `notes` (and through `onNote` at once).
 */
export async function trainJob(request: TrainRequest, hooks: JobHooks = {}, engine: Engine = pnagEngine): Promise<TrainResult> {
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
  const out = resolve(workspace, request.out ?? DEFAULT_CHECKPOINT);
  // Before minutes of training: the checkpoint must be writable as a file, and never replaces an archive or another file.
  checkNotFolder(out, '--out');
  if (request.archive !== undefined) checkNotFolder(resolve(workspace, request.archive), '--archive');
  checkWriteTarget(resolveWriteTarget(out), 'checkpoint', '--out');

  const fromArchive = request.archive !== undefined ? openArchiveFile(resolve(workspace, request.archive)) : accuracySpec.kind === 'archive' ? openMeasuredArchive(accuracySpec.path) : undefined;
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
    // A cluster run's submissions, task ends and resubmissions are the user's business: they become notes.
    ...(request.runner === 'slurm'
      ? {
          runner: request.runner,
          slurm: request.slurm,
          log: (entry) => hooks.onNote?.(`${entry.stream === 'stderr' ? 'evaluator: ' : ''}${entry.text}`),
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
  try {
    // An evaluator paid per evaluation (issue 14): coverage design and expected-improvement rounds within --evaluations.
    const evaluations = evaluationsOf(request, accuracySpec.kind, costModel, fromArchive !== undefined);
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
            concurrency: request.evaluatorConcurrency,
            signal: hooks.signal,
            onProgress: (done, total) => progress.report({ phase: 'label', step: done, steps: total }),
            note,
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
      ...(accuracySpec.kind === 'archive' ? { measuredArchs: measuredCount(accuracySpec.path) } : {}),
    };
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
      onProgress: progress.report,
      ...(frontierQueries > 0 ? { frontier: { source, queries: frontierQueries, settings: byEvaluations?.frontierSettings,
        onMeasured: (rows: LabelledArchs) => keepMeasured(store, rows, source) } } : {}),
    });
    if (replacing) note(`the previous checkpoint is kept as ${backupPathOf(out)}`);
    if (trained.frontierQueries) note(`frontier rounds: ${trained.frontierQueries} more architectures labelled by ${source.name} during training, kept in ${store.path ?? 'memory'}`);
    if (trained.frontierFailed) note(`frontier rounds: ${trained.frontierFailed} of ${trained.frontierQueries} evaluations failed and were skipped; first: ${trained.frontierFirstFailure ?? 'no message'}`);
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
      evaluatorTau: trained.evaluatorTau,
      finalReward: trained.finalReward,
      finalEntropy: trained.finalEntropy,
      seconds: (Date.now() - started) / 1000,
      notes,
      ...(trained.backend ?? backendName ? { backend: trained.backend ?? backendName } : {}),
    };
  } finally {
    await source.dispose?.();
  }
}

/**
 * One architecture for a budget. Without a checkpoint: reuses `.pnag/generator.ckpt.json` when it was
 * trained on the sources the defaults pick now, else trains it first.
 */
export async function generateJob(request: GenerateRequest, hooks: JobHooks = {}, engine: Engine = pnagEngine): Promise<GenerateResult> {
  const workspace = resolve(request.workspace);
  const notes: string[] = [];
  const note = (text: string) => {
    notes.push(text);
    hooks.onNote?.(text);
  };
  checkGenerateNumbers(request);
  const bestOf = request.bestOf ?? DEFAULT_BEST_OF;
  const sourceQueries = request.sourceQueries ?? 0;
  // Checked before anything slow; opened only after generation needs it.
  if (request.accuracy !== undefined) parseAccuracySourceSpec(request.accuracy, '--accuracy');
  const backend = checkBackend(request.backend ?? request.train?.backend);
  const shape = checkShape({ width: request.width ?? request.train?.width, resolution: request.resolution ?? request.train?.resolution });
  let trained: TrainResult | undefined;
  let checkpoint: string;
  // The sources the user's configuration picks now (computed once; the default checkpoint needs them first).
  let wanted: WantedSources | undefined;
  if (request.checkpoint !== undefined) {
    checkpoint = resolve(workspace, request.checkpoint);
    checkNotFolder(checkpoint, '--checkpoint');
    if (!existsSync(checkpoint)) throw new InputError(`--checkpoint ${request.checkpoint}: no such file`);
    await useBackend(engine, backend, note);
  } else {
    checkpoint = defaultCheckpointPath(workspace);
    wanted = wantedSources(request, workspace);
    const present = existsSync(checkpoint);
    const existing = present ? engine.peekSources(checkpoint) : undefined;
    const plan = planDefaultCheckpoint(checkpoint, present, existing, wanted, shape, request.retrain === true);
    // With no generator in the folder, what training here would make may be shipped: used as it is, nothing written.
    const builtin = !present && request.retrain !== true ? builtinGeneratorForTraining({ ...request.train, ...shape }, wanted.accuracySpec) : undefined;
    if (plan.action === 'refuse') {
      throw new InputError(`${plan.why}; generate does not replace a trained generator on its own: pass --retrain to train a new one (the current one is kept as ${backupPathOf(checkpoint)}), or --checkpoint ${checkpoint} to use it as it is`);
    }
    if (plan.action === 'reuse' && existing) {
      await useBackend(engine, backend, note);
      note(`using ${checkpoint} (trained on ${existing.accuracySource}, ${existing.costModel})`);
    } else if (builtin) {
      await useBackend(engine, backend, note);
      checkpoint = builtin.path;
      note(`generator: built-in ${builtin.name} (trained on OFA's predictor, ${builtin.costSpec}, budgets ${builtin.budgets}, seed 0; pnag train makes your own)`);
    } else if (plan.action === 'train') {
      // Budget text is checked before minutes of training.
      parseBudget(request.budget, costUnitOf(parseCostModelSpec(wanted.costSpec)));
      note(plan.why);
      const train: TrainRequest = { ...request.train, workspace, out: checkpoint, backend, ...shape };
      trained = await trainJob(train, { ...hooks, onNote: note }, engine);
    }
  }
  // A sweep asks the same checkpoint many times: it is loaded once while the file stays the same.
  const lease = await acquireCheckpoint(engine, checkpoint);
  const generator = lease.generator;
  try {
    if (!fitsShape(generator, shape)) {
      throw new InputError(
        `--checkpoint ${checkpoint}: trained for width ${generator.width.toFixed(1)}, resolution ${generator.resolution}, not ${shapeText(shape)}; ` +
          `train one for it (pnag train ${shape.width !== undefined ? `--width ${shape.width.toFixed(1)} ` : ''}${shape.resolution !== undefined ? `--resolution ${shape.resolution} ` : ''}...) or leave the option out`,
      );
    }
    if (generator.partial) {
      note(
        `${checkpoint} is a snapshot of a training that did not finish (generator step ${generator.partial.generatorStep} of ${generator.partial.generatorSteps}); ` +
          'using it as it is (pnag train makes a finished one)',
      );
    }
    const budget = parseBudget(request.budget, generator.unit);
    const costModel = await resolveCostModel(generator.sources.costSpec, undefined, generator.sources.costDevice);
    const chosen = generationSourceOf(request.accuracy, () => (wanted ?? wantedSources(request, workspace)).accuracySpec, generator.sources, workspace);
    if ('notAsked' in chosen) note(`top-1 not asked: ${chosen.notAsked}`);
    const opened: OpenedSource = 'spec' in chosen ? await openSource(chosen.spec, workspace, { evaluator: evaluatorSettingsOf(request.train), log: evaluatorLog(hooks) }) : { unavailable: 'no source configured to ask' };
    let generated: GeneratedArch;
    let accuracy: { top1: number | null; source: string; estimate: boolean; measured: boolean };
    try {
      // Without a search, a queryable source still measures the pick inside generation (one query, the
      // reported top-1), so the frontier memory is compared by the source rather than by R.
      const search = sourceSearchOf(sourceQueries, opened, costModel, note) ?? (sourceQueries === 0 ? measuringOnly(opened, costModel) : undefined);
      generated = await generator.generate(budget.value, bestOf, costModel, hooks.signal, search);
      accuracy =
        generated.top1 !== undefined && search
          ? { top1: generated.top1, source: search.source.name, estimate: search.source.isEstimate, measured: search.source.measured === true }
          : await accuracyOf(generated.arch, opened, generator.sources);
    } finally {
      if ('source' in opened) await opened.source.dispose?.();
    }
    generated.notes.forEach(note);
    const arch = generated.arch;
    const cost = (await costModel.costs([arch], hooks.signal))[0];
    const { top1, estimate, measured } = accuracy;
    // The same predictor as OFA's file, but the user should see it came with PNAG.
    const source = generator.sources.accuracySpec === BUILTIN_OFA_SPEC && accuracy.source === 'ofa-predictor' ? 'ofa-predictor (built-in)' : accuracy.source;
    const count = generator.sources.costSpec === 'madds:ofa' ? 'ofa' : 'pnag';
    const shipped = builtinGeneratorAt(checkpoint);
    return {
      kind: 'generate',
      pnag: toPnagString(arch),
      arch: toOfaDict(arch),
      width: arch.width,
      resolution: arch.resolution,
      madds_M: round(costModel.unit === 'M' ? cost : maddsM(arch, count), 3),
      latency_ms: costModel.unit === 'ms' ? round(cost, 3) : null,
      cost: round(cost, 3),
      budget: budget.value,
      unit: generator.unit,
      costModel: costModel.name,
      top1: top1 === null ? null : round(top1, 3),
      source,
      estimate,
      measured,
      repaired: generated.repaired,
      clamped: generated.clamped,
      sourceQueries: generated.sourceQueries ?? 0,
      checkpoint,
      ...(shipped ? { generator: `built-in ${shipped.name}` } : {}),
      ...(trained ? { trained } : {}),
      notes,
      ...(generator.partial ? { partial: generator.partial } : {}),
      ...(engine.initBackend ? { backend: await engine.initBackend(backend) } : {}),
    };
  } finally {
    lease.release();
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

/** The sources a default-checkpoint generate would train on now. */
function wantedSources(request: GenerateRequest, workspace: string): WantedSources {
  const train = request.train ?? {};
  const costSpec = formatCostModelSpec(train.cost !== undefined ? absoluteCostSpec(parseCostModelSpec(train.cost), workspace) : { kind: 'madds', count: 'pnag' });
  const accuracy =
    train.accuracy !== undefined
      ? absoluteSpec(parseAccuracySourceSpec(train.accuracy, '--accuracy'), workspace)
      : defaultSources({ workspace }).accuracy;
  return { accuracySpec: formatAccuracySourceSpec(accuracy), costSpec, ...(accuracy.kind === 'archive' ? { measuredArchs: measuredCount(accuracy.path) } : {}) };
}

/** Architectures with measured top-1 in an archive file (0 when it is missing). */
function measuredCount(path: string): number {
  return existsSync(path) ? Archive.open(path).withMetric(MEASURED_TOP1).length : 0;
}

type OpenedSource = { readonly source: AccuracySource } | { readonly unavailable: string };

/**
 * The source the user's configuration names (generationSource.ts), opened once for the search and the
 * reported top-1. Never the checkpoint's recorded spec: that is data, and reopening it could run a command.
 */
async function openSource(spec: string, workspace: string, context: Pick<AccuracySourceContext, 'evaluator' | 'log'>): Promise<OpenedSource> {
  try {
    // An evaluator's answer is a measurement: keep it in the workspace archive like any other.
    const archive = runsCommand(spec) ? Archive.open(workspaceArchivePath(workspace)) : undefined;
    return { source: await resolveAccuracySource(spec, { cwd: workspace, archive, ...context }) };
  } catch (error) {
    if (error instanceof InputError) return { unavailable: error.message };
    throw error;
  }
}

/** The source search the request asked for, or undefined with a note saying why it cannot run. */
function sourceSearchOf(queries: number, opened: OpenedSource, costModel: CostModel, note: (text: string) => void): SourceSearch | undefined {
  if (queries === 0) return undefined;
  const ignored = `--source-queries ${queries} ignored`;
  if (!('source' in opened)) note(`${ignored}: the accuracy source is unavailable (${opened.unavailable})`);
  else if (!opened.source.queryable) note(`${ignored}: ${opened.source.name} only answers for the architectures stored in it, so it cannot be searched`);
  else if (!isExact(costModel)) note(`${ignored}: the cost model ${costModel.name} is not exact, and the search must check every step against the budget`);
  else return { source: opened.source, queries };
  return undefined;
}

/** The source, asked only about the pick, when it can be queried and costs are exact. */
function measuringOnly(opened: OpenedSource, costModel: CostModel): SourceSearch | undefined {
  return 'source' in opened && opened.source.queryable && isExact(costModel) ? { source: opened.source, queries: 0 } : undefined;
}

/** The checkpoint's source asked about one architecture; an archive that lacks it gives null. */
async function accuracyOf(arch: Arch, opened: OpenedSource,
  sources: CheckpointSources): Promise<{ top1: number | null; source: string; estimate: boolean; measured: boolean }> {
  if (!('source' in opened)) return { top1: null, source: `${sources.accuracySource} (unavailable: ${opened.unavailable})`, estimate: sources.estimate, measured: false };
  const source = opened.source;
  if (!source.queryable) {
    const [value] = await source.accuracy([arch]).catch(() => [null]);
    return { top1: value, source: value === null ? `${source.name} (not in the archive)` : source.name, estimate: false, measured: source.measured === true };
  }
  const [value] = await source.accuracy([arch]);
  return { top1: value, source: source.name, estimate: source.isEstimate, measured: source.measured === true };
}

/**
 * Loads a checkpoint through the cache. A RangeError while loading comes from sizes the file gave (a hidden
 * size of 1e7 asks for a 400-TB array): the file's fault, so bad input naming it, not a failure of the tool.
 */
async function acquireCheckpoint(engine: Engine, checkpoint: string): ReturnType<ReturnType<typeof generatorCacheOf>['acquire']> {
  try {
    return await generatorCacheOf(engine).acquire(checkpoint);
  } catch (error) {
    if (error instanceof RangeError) throw new InputError(`--checkpoint ${checkpoint}: cannot be loaded: ${error.message.split('\n')[0]}`, '--checkpoint');
    throw error;
  }
}

/** An evaluator's lifecycle events (restarts, "waiting for the evaluator") as job notes, shown at once. */
function evaluatorLog(hooks: JobHooks): (entry: EvaluatorLogEntry) => void {
  return (entry) => {
    if (entry.stream !== 'event') return;
    hooks.onNote?.(/^(waiting for )?the evaluator/.test(entry.text) ? entry.text : `evaluator: ${entry.text}`);
  };
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
export function defaultBudgets(unit: CostUnit, costs: readonly number[], k: number, standard = true): number[] {
  const { step, standardBudgets } = costUnitDescriptor(unit);
  if (standard && standardBudgets !== undefined) return parseBudgetList(standardBudgets, unit, k);
  const sorted = [...costs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
  const low = Math.max(step, Math.round(at(0.1) / step) * step);
  const high = Math.max(low + step, Math.round(at(0.9) / step) * step);
  return parseBudgetList(`${low}:${high}`, unit, k);
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

/** The jobs as the worker runs them. */
export const pipelineJobs = {
  train: (request: TrainRequest, hooks: JobHooks) => trainJob(request, hooks),
  generate: (request: GenerateRequest, hooks: JobHooks) => generateJob(request, hooks),
  lutBuild: lutBuildJob,
  frontierData: frontierDataJob,
};

export type { CostModel };
