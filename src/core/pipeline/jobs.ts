import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Archive } from '../archive/archive';
import { parseBudget, parseBudgetList } from '../budget/parseBudget';
import { CostModel, CostUnit, isExact } from '../cost/costModel';
import { maddsM } from '../cost/madds';
import { InputError } from '../errors';
import { checkWriteTarget } from '../fs/fileKind';
import { resolveWriteTarget } from '../fs/writeTarget';
import { AccuracySource } from '../sources/accuracySource';
import { AccuracySourceSpec, BUILTIN_OFA_SPEC, formatAccuracySourceSpec, parseAccuracySourceSpec } from '../sources/sourceSpec';
import { Arch } from '../space/arch';
import { toOfaDict } from '../space/ofaDict';
import { toPnagString } from '../space/pnagString';
import { DEFAULT_BUDGET_COUNT } from '../pnag/budgets';
import { GenerateRequest, GenerateResult, JobProgress, TrainRequest, TrainResult } from '../../shared/engineProtocol';
import { MEASURED_TOP1, checkRunnerFits, openMeasuredArchive, resolveAccuracySource } from './accuracySources';
import { CostModelSpec, costUnitOf, formatCostModelSpec, parseCostModelSpec, resolveCostModel } from './costModelSpec';
import { defaultSources, workspaceArchivePath } from './defaultSources';
import { builtinGeneratorAt, builtinGeneratorForTraining, builtinTaskBudgets } from './builtinGenerators';
import { CheckpointSources, Engine, GeneratedArch, SourceSearch } from './engineAdapter';
import { checkBackend, checkShape, checkSupported, fitsShape, shapeText, useBackend } from './jobOptions';
import { DEFAULT_BEST_OF, pnagEngine } from './pnagEngine';
import { LabelledArchs, defaultFrontierQueries, keepMeasured, prepareTrainingData } from './trainingData';
import { lutBuildJob } from './lutJob';
import { frontierDataJob } from './frontierDataJob';
import { JobFraction } from './jobFraction';
import { absoluteSpec, generationSourceOf } from './generationSource';
import { WantedSources, backupPathOf, planDefaultCheckpoint } from './checkpointReplacement';
import { generatorCacheOf } from './generatorCache';

/** Where `pnag generate` keeps the generator it trains on the defaults. */
const DEFAULT_CHECKPOINT = '.pnag/generator.ckpt.json';
/** Training budgets when none are given for MAdds: the issue's madds task range. */
export const DEFAULT_MADDS_BUDGETS = '250:700';
export const DEFAULT_SEED = 0;

export interface JobHooks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: JobProgress) => void;
  readonly onNote?: (text: string) => void;
}

function defaultCheckpointPath(workspace: string): string {
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
  const backend = checkBackend(request.backend);
  const shape = checkShape(request);
  const costSpec: CostModelSpec = request.cost !== undefined ? parseCostModelSpec(request.cost) : { kind: 'madds', count: 'pnag' };
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
  // Before any work: a checkpoint never replaces an archive or another file.
  checkWriteTarget(resolveWriteTarget(out), 'checkpoint', '--out');
  if (request.frontierQueries !== undefined && (!Number.isSafeInteger(request.frontierQueries) || request.frontierQueries < 0)) {
    throw new InputError(`--frontier-queries: ${request.frontierQueries} must be a whole number, 0 (no frontier rounds) or more`);
  }

  const fromArchive = request.archive !== undefined ? openArchiveFile(resolve(workspace, request.archive)) : accuracySpec.kind === 'archive' ? openMeasuredArchive(accuracySpec.path) : undefined;
  const store = fromArchive ?? Archive.open(workspaceArchivePath(workspace));
  // Before anything runs TF.js (a proxy labelling the data does): the backend is chosen once per process.
  const backendName = await useBackend(engine, backend, note);
  const costModel = await resolveCostModel(costSpec);
  const progress = new JobFraction(hooks.onProgress);
  const source = await resolveAccuracySource(accuracySpec, {
    cwd: workspace,
    archive: store,
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
  } catch (error) {
    await source.dispose?.();
    throw error;
  }
  live = true;
  notes.forEach((text) => hooks.onNote?.(text));
  try {
    const data = await prepareTrainingData({
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
    const budgets = givenBudgets ?? (taskBudgets !== undefined ? parseBudgetList(taskBudgets, unit, k) : defaultBudgets(unit, data.costs, k, standard));
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
      ...(accuracySpec.kind === 'archive' ? { measuredArchs: measuredCount(accuracySpec.path) } : {}),
    };
    const frontierQueries = frontierQueriesOf(request.frontierQueries, source, costModel, fromArchive !== undefined, data.archs.length, note);
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
      ...(frontierQueries > 0 ? { frontier: { source, queries: frontierQueries, onMeasured: (rows: LabelledArchs) => keepMeasured(store, rows, source) } } : {}),
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
  const bestOf = request.bestOf ?? DEFAULT_BEST_OF;
  if (!Number.isInteger(bestOf) || bestOf < 0 || bestOf > 4096) throw new InputError(`--best-of: ${bestOf} must be a whole number from 0 (greedy only) to 4096`);
  const sourceQueries = request.sourceQueries ?? 0;
  if (!Number.isSafeInteger(sourceQueries) || sourceQueries < 0) throw new InputError(`--source-queries: ${sourceQueries} must be a whole number, 0 (off) or more`);
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
    if (plan.action === 'reuse') {
      await useBackend(engine, backend, note);
      // A plan reuses only a checkpoint whose sources it read.
      note(`using ${checkpoint}${existing ? ` (trained on ${existing.accuracySource}, ${existing.costModel})` : ''}`);
    } else if (builtin) {
      await useBackend(engine, backend, note);
      checkpoint = builtin.path;
      note(`generator: built-in ${builtin.name} (trained on OFA's predictor, ${builtin.costSpec}, budgets ${builtin.budgets}, seed 0; pnag train makes your own)`);
    } else {
      // Budget text is checked before minutes of training.
      parseBudget(request.budget, costUnitOf(parseCostModelSpec(wanted.costSpec)));
      note(plan.why);
      const train: TrainRequest = { ...request.train, workspace, out: checkpoint, backend, ...shape };
      trained = await trainJob(train, { ...hooks, onNote: note }, engine);
    }
  }
  // A sweep asks the same checkpoint many times: it is loaded once while the file stays the same.
  const lease = await generatorCacheOf(engine).acquire(checkpoint);
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
    const costModel = await resolveCostModel(generator.sources.costSpec);
    const chosen = generationSourceOf(request.accuracy, () => (wanted ?? wantedSources(request, workspace)).accuracySpec, generator.sources, workspace);
    if ('notAsked' in chosen) note(`top-1 not asked: ${chosen.notAsked}`);
    const opened: OpenedSource = 'spec' in chosen ? await openSource(chosen.spec, workspace) : { unavailable: 'no source configured to ask' };
    let generated: GeneratedArch;
    let accuracy: { top1: number | null; source: string; estimate: boolean };
    try {
      // Without a search, a queryable source still measures the pick inside generation (one query, the
      // reported top-1), so the frontier memory is compared by the source rather than by R.
      const search = sourceSearchOf(sourceQueries, opened, costModel, note) ?? (sourceQueries === 0 ? measuringOnly(opened, costModel) : undefined);
      generated = await generator.generate(budget.value, bestOf, costModel, hooks.signal, search);
      accuracy =
        generated.top1 !== undefined && search
          ? { top1: generated.top1, source: search.source.name, estimate: search.source.isEstimate }
          : await accuracyOf(generated.arch, opened, generator.sources);
    } finally {
      if ('source' in opened) await opened.source.dispose?.();
    }
    generated.notes.forEach(note);
    const arch = generated.arch;
    const cost = (await costModel.costs([arch], hooks.signal))[0];
    const { top1, estimate } = accuracy;
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
      budget: budget.value,
      unit: generator.unit,
      costModel: costModel.name,
      top1: top1 === null ? null : round(top1, 3),
      source,
      estimate,
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
function frontierQueriesOf(asked: number | undefined, source: AccuracySource, costModel: CostModel, fromArchive: boolean, sampled: number, note: (text: string) => void): number {
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
  const costSpec = formatCostModelSpec(train.cost !== undefined ? parseCostModelSpec(train.cost) : { kind: 'madds', count: 'pnag' });
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
async function openSource(spec: string, workspace: string): Promise<OpenedSource> {
  try {
    // An evaluator's answer is a measurement: keep it in the workspace archive like any other.
    const archive = spec.startsWith('eval:') ? Archive.open(workspaceArchivePath(workspace)) : undefined;
    return { source: await resolveAccuracySource(spec, { cwd: workspace, archive }) };
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
async function accuracyOf(arch: Arch, opened: OpenedSource, sources: CheckpointSources): Promise<{ top1: number | null; source: string; estimate: boolean }> {
  if (!('source' in opened)) return { top1: null, source: `${sources.accuracySource} (unavailable: ${opened.unavailable})`, estimate: sources.estimate };
  const source = opened.source;
  if (!source.queryable) {
    const [value] = await source.accuracy([arch]).catch(() => [null]);
    return { top1: value, source: value === null ? `${source.name} (not in the archive)` : source.name, estimate: false };
  }
  const [value] = await source.accuracy([arch]);
  return { top1: value, source: source.name, estimate: source.isEstimate };
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
  if (unit === 'M' && standard) return parseBudgetList(DEFAULT_MADDS_BUDGETS, 'M', k);
  const step = unit === 'ms' ? 0.5 : 5;
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
