import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Archive } from '../archive/archive';
import { type Budget, parseBudget } from '../budget/parseBudget';
import type { CostUnit } from '../cost/costUnit';
import { costUnitDescriptor } from '../cost/registry/costModelRegistry';
import { type CostModel, isExact } from '../cost/costModel';
import { maddsM } from '../cost/madds';
import { InputError, fromField } from '../errors';
import type { AccuracySource } from '../sources/accuracySource';
import { BUILTIN_OFA_SPEC, formatAccuracySourceSpec, parseAccuracySourceSpec } from '../sources/sourceSpec';
import type { Arch } from '../space/arch';
import { toOfaDict } from '../space/ofaDict';
import { toPnagString } from '../space/pnagString';
import type { GenerateRequest, GenerateResult, JobHooks, TrainRequest, TrainResult } from '../../shared/engineProtocol';
import { type AccuracySourceContext, checkRunnerFits, resolveAccuracySource } from './accuracySources';
import { measuredIn } from './trainingData';
import { FailureKeeper, failedIn } from './failedEvaluations';
import { absoluteCostSpec, costUnitOf, formatCostModelSpec, parseCostModelSpec, resolveCostModel } from './costModelSpec';
import { defaultSources, workspaceArchivePath } from './defaultSources';
import { builtinGeneratorAt, builtinGeneratorForTraining } from './builtinGenerators';
import type { CheckpointSources, Engine, GeneratedArch, SourceSearch } from './engineAdapter';
import { checkBackend, checkGenerateNumbers, checkShape, evaluatorSettingsOf, fitsShape, shapeText, useBackend } from './jobOptions';
import { checkNotFolder } from '../util/fileKind';
import { DEFAULT_BEST_OF, pnagEngine } from './pnagEngine';
import { absoluteSpec, generationSourceOf } from './generationSource';
import { type WantedSources, backupPathOf, planDefaultCheckpoint } from './checkpointReplacement';
import { generatorCacheOf } from './generatorCache';
import { clusterLog, evaluatorLog } from './evaluatorLog';
import { measuredCount, trainJob } from './trainJob';
import { trainingOutputOf } from './checkpointPaths';
import { datasetPathOf, runsCommand } from '../sources/registry/accuracySourceRegistry';

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
  // The options a training here would take: the request's, with the source --accuracy names when the generator was trained on it.
  let trainOptions: GenerateRequest['train'] = request.train;
  if (request.checkpoint !== undefined) {
    if (request.train?.cost !== undefined) {
      throw new InputError('--cost: picks the workspace\'s or a shipped generator by its cost model; a --checkpoint has its own (leave one of them out)', '--cost');
    }
    checkpoint = resolve(workspace, request.checkpoint);
    checkNotFolder(checkpoint, '--checkpoint');
    if (!existsSync(checkpoint)) throw new InputError(`--checkpoint ${request.checkpoint}: no such file`);
    await useBackend(engine, backend, note);
  } else {
    // Where a training on the defaults writes (no --out): the generator generate trains and reuses.
    checkpoint = trainingOutputOf({ workspace });
    const present = existsSync(checkpoint);
    const existing = present ? engine.peekSources(checkpoint) : undefined;
    trainOptions = withTheNamedSource(request, existing, workspace);
    wanted = wantedSources(trainOptions, workspace);
    const plan = planDefaultCheckpoint(checkpoint, present, existing, wanted, shape, request.retrain === true);
    // With no generator in the folder, what training here would make may be shipped: used as it is, nothing written.
    const builtin = !present && request.retrain !== true ? builtinGeneratorForTraining({ ...trainOptions, ...shape }, wanted.accuracySpec) : undefined;
    if (plan.action === 'refuse') {
      // What would pick it, when the user named neither: --accuracy brings the cost model it was trained on too.
      const otherSource = existing !== undefined && existing.accuracySpec !== wanted.accuracySpec && request.accuracy === undefined;
      const otherCost = existing !== undefined && !otherSource && existing.costSpec !== wanted.costSpec && request.train?.cost === undefined;
      const hint = otherSource ? '--accuracy <the source it was trained on> to use it and ask that source, ' : otherCost ? '--cost <the cost model it was trained on> to use it, ' : '';
      throw new InputError(`${plan.why}; generate does not replace a trained generator on its own: pass --retrain to train a new one (the current one is kept as ${backupPathOf(checkpoint)}), ` +
        `${hint}or --checkpoint ${checkpoint} to use it as it is`);
    }
    if (plan.action === 'reuse') {
      if (existing) checkBudgetEarly(request, existing.costSpec);
      await useBackend(engine, backend, note);
      // A plan reuses only a checkpoint whose sources it read.
      note(`using ${checkpoint}${existing ? ` (trained on ${existing.accuracySource}, ${existing.costModel})` : ''}`);
    } else if (builtin) {
      checkBudgetEarly(request, builtin.costSpec);
      await useBackend(engine, backend, note);
      checkpoint = builtin.path;
      note(`generator: built-in ${builtin.name} (trained on OFA's predictor, ${builtin.costSpec}, budgets ${builtin.budgets}, seed 0; pnag train makes your own)`);
    } else {
      // Budget text is checked before minutes of training.
      budgetIn(request, costUnitOf(parseCostModelSpec(wanted.costSpec)));
      // Said with the training's first note, which it holds back until its sources have opened: a missing latency
      // table is then one line, not "training one first" and the error after it.
      let announced = false;
      const announce = (text: string): void => {
        if (!announced) note(plan.why);
        announced = true;
        note(text);
      };
      const train: TrainRequest = { ...trainOptions, workspace, out: checkpoint, backend, ...shape };
      trained = await trainJob(train, { ...hooks, onNote: announce }, engine);
      if (!announced) note(plan.why);
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
    // Before any note about the file: bad budget text is its one line.
    const budget = budgetIn(request, generator.unit);
    if (generator.partial) {
      note(
        `${checkpoint} is a snapshot of a training that did not finish (generator step ${generator.partial.generatorStep} of ${generator.partial.generatorSteps}); ` +
          'using it as it is (pnag train makes a finished one)',
      );
    }
    const costModel = await resolveCostModel(generator.sources.costSpec, undefined, generator.sources.costDevice);
    const chosen = generationSourceOf(request.accuracy, () => (wanted ?? wantedSources(request.train, workspace)).accuracySpec, generator.sources, workspace);
    if ('notAsked' in chosen) note(`top-1 not asked: ${chosen.notAsked}`);
    const opened: OpenedSource = 'spec' in chosen ? await openSource(chosen.spec, workspace, evaluatorContextOf(request.train, chosen.spec, hooks)) : { unavailable: 'no source configured to ask' };
    let generated: GeneratedArch;
    let accuracy: { top1: number | null; source: string; estimate: boolean; measured: boolean };
    try {
      // Without a search, a queryable source still measures the pick inside generation (one query, the
      // reported top-1), so the frontier memory is compared by the source rather than by R.
      const asked = sourceSearchOf(sourceQueries, opened, costModel, note) ?? (sourceQueries === 0 ? measuringOnly(opened, costModel) : undefined);
      const archive = 'archive' in opened ? opened.archive : undefined;
      // --forget-failures (pnag.forgetFailures): the networks that failed before may be asked again, after a fix.
      const failedBefore = asked && archive && !request.train?.forgetFailures ? failedIn(archive, asked.source, generator) : [];
      const search = asked && archive ? { ...asked, measured: measuredIn(archive, asked.source, generator), failed: failedBefore } : asked;
      generated = await generator.generate(budget.value, bestOf, costModel, hooks.signal, search);
      // A failed evaluation was paid for: kept, so that no later generation or training asks it again.
      const failedNow = generated.failedNow ?? [];
      if (failedNow.length > 0 && archive && search) {
        // As in training: a source that never answered may be a broken evaluator, whose failures say nothing about
        // the networks. It has answered when it measured networks now or before (the archive's).
        const keeper = new FailureKeeper(archive, search.source, 'generate');
        if ((generated.sourceQueries ?? 0) > failedNow.length || (search.measured?.length ?? 0) > 0) keeper.answered();
        keeper.failed(failedNow.map((f) => f.arch), failedNow.map((f) => f.reason));
        if (keeper.archiving) {
          note(`${failedNow.length} failed evaluation${failedNow.length === 1 ? '' : 's'} kept in ${archive.path ?? 'the archive'} as "failed": not asked again`);
        } else {
          note(`${search.source.name} failed on every network asked and has measured none: its failures are not kept (a broken evaluator says nothing about the networks)`);
        }
      }
      accuracy =
        generated.top1 !== undefined && search
          ? { top1: generated.top1, source: search.source.name, estimate: search.source.isEstimate, measured: search.source.measured === true }
          : search && generated.pickFailure
            ? { top1: null, source: `${search.source.name} (failed on this network)`, estimate: search.source.isEstimate, measured: false }
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
      ...(top1 === null && generated.predicted ? { predictedTop1: predictedTop1Of(generated.predicted, generator.sources.accuracySource) } : {}),
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

/** A top-1 the training says of the answer (a linear model may stray past 0 or 100 far from what it measured). */
function predictedTop1Of(predicted: NonNullable<GeneratedArch['predicted']>, source: string): NonNullable<GenerateResult['predictedTop1']> {
  return { top1: round(Math.min(100, Math.max(0, predicted.top1)), 3), from: predicted.from, source };
}

/**
 * `pnag train --accuracy eval:<command> --cost lut:<tables>`, then `pnag generate --accuracy eval:<command>`: the
 * generator trained on the source named now is the one wanted, with its cost model, whatever the defaults pick (an
 * evaluator's answers fill the workspace archive, which then becomes the defaults' source). Only a checkpoint trained
 * on exactly that source (and a request that names no training source of its own) is matched so; a folder with no
 * generator still trains on the defaults.
 */
function withTheNamedSource(request: GenerateRequest, existing: CheckpointSources | undefined, workspace: string): GenerateRequest['train'] {
  if (request.accuracy === undefined || request.train?.accuracy !== undefined || existing === undefined) return request.train;
  const named = formatAccuracySourceSpec(absoluteSpec(parseAccuracySourceSpec(request.accuracy, '--accuracy'), workspace));
  if (existing.accuracySpec !== named) return request.train;
  // Its cost model comes with it (issue 14's users train on a latency table) unless --cost names one; a recorded
  // cost spec is only read files (a table) or arithmetic, never a command.
  const recordedCost = request.train?.cost === undefined && isCostSpec(existing.costSpec)
    ? { cost: existing.costSpec, ...(existing.costDevice !== undefined && request.train?.device === undefined ? { device: existing.costDevice } : {}) }
    : {};
  return { ...request.train, accuracy: request.accuracy, ...recordedCost };
}

function isCostSpec(spec: string): boolean {
  try {
    parseCostModelSpec(spec);
    return true;
  } catch {
    return false;
  }
}

/**
 * The budget in the generator's unit. When the defaults chose the cost model (no --checkpoint, no --cost), a budget
 * in another unit (`33ms` against the MAdds default) says which --cost would give a generator counting it.
 */
function budgetIn(request: GenerateRequest, unit: CostUnit): Budget {
  try {
    return fromField('--budget', () => parseBudget(request.budget, unit));
  } catch (error) {
    if (!(error instanceof InputError) || request.checkpoint !== undefined || request.train?.cost !== undefined) throw error;
    let other: CostUnit;
    try {
      other = parseBudget(request.budget).unit;
    } catch {
      throw error;
    }
    const wanted = costUnitDescriptor(other);
    throw new InputError(`${error.message}; a budget in ${wanted.quantity} needs a generator trained on it: pass --cost ${wanted.costOptions}`, error.field);
  }
}

/** The sources a default-checkpoint generate would train on now, with these training options. */
function wantedSources(options: GenerateRequest['train'], workspace: string): WantedSources {
  const train = options ?? {};
  const costSpec = formatCostModelSpec(train.cost !== undefined ? absoluteCostSpec(parseCostModelSpec(train.cost), workspace) : { kind: 'madds', count: 'pnag' });
  const accuracy =
    train.accuracy !== undefined
      ? absoluteSpec(parseAccuracySourceSpec(train.accuracy, '--accuracy'), workspace)
      : defaultSources({ workspace }).accuracy;
  const dataset = datasetPathOf(accuracy);
  return { accuracySpec: formatAccuracySourceSpec(accuracy), costSpec, ...(dataset !== undefined ? { measuredArchs: measuredCount(dataset) } : {}) };
}

/** The source opened for generation; an evaluator's comes with the workspace archive its answers are kept in. */
type OpenedSource = { readonly source: AccuracySource; readonly archive?: Archive } | { readonly unavailable: string };

/**
 * The source the user's configuration names (generationSource.ts), opened once for the search and the
 * reported top-1. Never the checkpoint's recorded spec: that is data, and reopening it could run a command.
 */
async function openSource(spec: string, workspace: string, context: Pick<AccuracySourceContext, 'evaluator' | 'log' | 'runner' | 'slurm'>): Promise<OpenedSource> {
  try {
    // An evaluator's answer is a measurement: keep it in the workspace archive like any other.
    const archive = runsCommand(spec) ? Archive.open(workspaceArchivePath(workspace)) : undefined;
    return { source: await resolveAccuracySource(spec, { cwd: workspace, archive, ...context }), ...(archive ? { archive } : {}) };
  } catch (error) {
    if (error instanceof InputError) return { unavailable: error.message };
    throw error;
  }
}

/**
 * Where and how an evaluator the generation asks runs: the training settings' (`--runner slurm`, the timeout...),
 * so the pick is measured where the training's networks were (a GPU only the cluster has). A runner for a source
 * that runs no command is refused, as in training.
 */
function evaluatorContextOf(train: GenerateRequest['train'], spec: string, hooks: JobHooks): Pick<AccuracySourceContext, 'evaluator' | 'log' | 'runner' | 'slurm'> {
  checkRunnerFits(parseAccuracySourceSpec(spec, '--accuracy'), train?.runner);
  const context = { evaluator: evaluatorSettingsOf(train), log: evaluatorLog(hooks) };
  return train?.runner === 'slurm' ? { ...context, runner: 'slurm', slurm: train.slurm, log: clusterLog(hooks) } : context;
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

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

/**
 * The budget text checked against the unit of the cost model a checkpoint names, before any note is said, so bad
 * input gets its one line with nothing before it. A cost spec that does not read is the checkpoint loader's to report.
 */
function checkBudgetEarly(request: GenerateRequest, costSpec: string): void {
  let unit: CostUnit;
  try {
    unit = costUnitOf(parseCostModelSpec(costSpec));
  } catch {
    return;
  }
  budgetIn(request, unit);
}
