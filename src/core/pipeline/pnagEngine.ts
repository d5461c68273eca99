import { rmSync } from 'node:fs';
import type { CostModel } from '../cost/costModel';
import { costUnitOf, parseCostModelSpec } from '../cost/registry/costModelRegistry';
import { InputError } from '../errors';
import { moveIntoPlace } from '../fs/writeTarget';
import { parseCheckpoint } from '../pnag/checkpoint';
import { DEFAULT_EVALUATOR_TRAINING } from '../pnag/evaluatorTraining';
import { generateForBudget } from '../pnag/generate';
import { type PnagProgress, trainPnag } from '../pnag/trainPipeline';
import { type Arch, type ArchOptions, checkResolution, checkWidth, withOptions } from '../space/arch';
import { currentBackend, initBackend } from '../tf/backend';
import { DEFAULT_RESOLUTION, DEFAULT_WIDTH, type Width } from '../space/searchSpace';
import type { EngineBackend, JobProgress } from '../../shared/engineProtocol';
import type { AccuracySource } from '../sources/accuracySource';
import { atWidthResolution, sourceAtWidthResolution } from './atWidthResolution';
import { partialCheckpointPath } from './checkpointPaths';
import { keepPrevious } from './checkpointReplacement';
import { FrontierEta } from './frontierEta';
import { type CheckpointMeta, type CheckpointSources, type PartialCheckpoint, readCheckpointMeta } from './checkpointMeta';
import type { Engine, EngineTrainInput, EngineTrainOutput, GeneratedArch, LoadedGenerator, SourceSearch } from './engineAdapter';
import { MAX_BYTES, readInputText } from '../fs/readInputFile';

/**
 * The engine (src/core/pnag: trainPnag, checkpoints, generateForBudget) as the pipeline drives it. The
 * checkpoint is the engine's file with the pipeline's record in its `meta`: the specs that reopen its
 * sources (an OFA predictor's path, a LUT's folder), the width/resolution the training data had, and
 * whether it is finished (`complete`) or a snapshot taken during the generator phase; checkpointMeta.ts
 * reads it back, in every layout written.
 */
type PipelineMeta = CheckpointSources & { readonly width: Width; readonly resolution: number };

/**
 * Effort defaults for the CLI: minutes on 2 cores with 16,000 architectures (docs/cli.md has the figures).
 * Small archives get more epochs, so the evaluator takes at least 150 steps (16,000 at 6 epochs: 342).
 */
export const DEFAULT_EVALUATOR_EPOCHS = 6;
export const MIN_EVALUATOR_STEPS = 150;

export function defaultEvaluatorEpochs(archs: number): number {
  const batch = DEFAULT_EVALUATOR_TRAINING.batchSize;
  const stepsPerEpoch = Math.max(1, Math.ceil((archs * (1 - DEFAULT_EVALUATOR_TRAINING.validationFraction)) / batch));
  return Math.max(DEFAULT_EVALUATOR_EPOCHS, Math.ceil(MIN_EVALUATOR_STEPS / stepsPerEpoch));
}
export const DEFAULT_GENERATOR_STEPS = 300;
/** Best-of-N default of generation (the engine's). */
export const DEFAULT_BEST_OF = 64;

async function train(input: EngineTrainInput): Promise<EngineTrainOutput> {
  const snapshot = partialCheckpointPath(input.out);
  // A snapshot left by an earlier cancelled run is not this run's.
  rmSync(snapshot, { force: true });
  const pipeline: PipelineMeta = { ...input.sources, width: input.width, resolution: input.resolution };
  const options = { width: input.width, resolution: input.resolution };
  const frontier = input.frontier;
  const eta = frontier && frontier.queries > 0 ? new FrontierEta(frontier.queries) : undefined;
  const { model } = await trainPnag(
    input.data,
    {
      budgets: { list: input.budgets },
      seed: input.seed,
      accuracySource: input.sources.accuracySource,
      // The rounds cost and query generated (w1.2/r224) architectures at the data's width and resolution.
      costModel: frontier ? atWidthResolution(input.costModel, options) : input.costModel,
      ...(frontier && frontier.queries > 0 ? { frontier: { ...frontier.settings, queries: frontier.queries,
        source: sourceAtWidthResolution(frontier.source, options) } } : {}),
      evaluator: { epochs: input.evaluatorEpochs ?? defaultEvaluatorEpochs(input.data.archs.length) },
      generator: { steps: input.generatorSteps ?? DEFAULT_GENERATOR_STEPS },
      backend: input.backend ?? 'auto',
    },
    {
      signal: input.signal,
      // The engine writes snapshots (every 30 s of the generator phase) and the finished model here, atomically.
      checkpointPath: snapshot,
      checkpointEverySeconds: input.snapshotEverySeconds ?? 30,
      checkpointMeta: (s): Record<string, unknown> => ({ pipeline, complete: s.complete, generatorStep: s.generatorStep, generatorSteps: s.generatorSteps }),
      onProgress: (p) => input.onProgress?.(jobProgressOf(p, eta)),
      onMeasured: frontier?.onMeasured
        ? (rows) =>
          frontier.onMeasured?.({
            archs: rows.archs.map((a) => withOptions(a, options)),
            accuracies: rows.accuracies.slice(),
            costs: rows.costs.slice(),
          })
        : undefined,
      onFailed: frontier?.onFailed ? (archs, reasons) => frontier.onFailed?.(archs.map((a) => withOptions(a, options)), reasons) : undefined,
      failedBefore: frontier?.failedBefore,
      arrived: frontier?.arrived,
    },
  );
  try {
    // The finished model replaces the checkpoint by a rename; a cancelled run leaves it as it was.
    input.signal?.throwIfAborted();
    // A trained generator is never replaced without a copy: the previous one stays as <out>.bak (copied, so a
    // symlinked checkpoint stays a link and its target is replaced: writeTarget.ts).
    keepPrevious(input.out);
    moveIntoPlace(snapshot, input.out);
    const report = model.info.report;
    return {
      evaluatorTau: report?.evaluator.meanTau ?? NaN,
      finalReward: report?.generator.finalReward ?? NaN,
      finalEntropy: report?.generator.finalEntropy ?? NaN,
      frontierQueries: report?.frontierRounds?.queries ?? 0,
      frontierFailed: report?.frontierRounds?.failed ?? 0,
      ...(report?.frontierRounds?.firstFailure !== undefined ? { frontierFirstFailure: report.frontierRounds.firstFailure } : {}),
      ...(report?.frontierRounds?.lost ? { frontierLost: report.frontierRounds.lost, frontierFirstLost: report.frontierRounds.firstLost } : {}),
      ...(report?.frontierRounds?.pairModel ? { frontierPairModel: report.frontierRounds.pairModel } : {}),
      ...(report?.frontierRounds?.localFit ? { frontierLocalFit: report.frontierRounds.localFit } : {}),
      ...(report?.frontierRounds?.nearIncumbent ? { frontierNearIncumbent: report.frontierRounds.nearIncumbent } : {}),
      ...(report?.frontierRounds?.avoidedFailures ? { frontierAvoidedFailures: report.frontierRounds.avoidedFailures } : {}),
      ...(report?.frontierRounds?.arrived ? { frontierArrived: report.frontierRounds.arrived } : {}),
      ...(report?.frontierRounds?.rise ? { frontierRise: report.frontierRounds.rise } : {}),
      ...(report?.frontierRounds?.distillation ? { frontierDistillation: report.frontierRounds.distillation } : {}),
      backend: await currentBackend(input.backend ?? 'auto'),
    };
  } finally {
    model.dispose();
  }
}

/**
 * The job protocol's view of training progress; with frontier rounds, their time is in the time left from
 * the start (frontierEta.ts).
 */
function jobProgressOf(p: PnagProgress, eta: FrontierEta | undefined): JobProgress {
  const etaSeconds = eta ? eta.secondsLeft(p) : p.totalEtaSeconds;
  if (p.phase === 'evaluator') return { phase: 'evaluator', step: p.step, steps: p.steps, loss: p.loss, etaSeconds };
  if (p.phase === 'generator') return { phase: 'generator', step: p.step, steps: p.steps, reward: p.reward, entropy: p.entropy, etaSeconds };
  return { phase: 'frontier', step: p.step, steps: p.steps, round: p.round, rounds: p.rounds, etaSeconds };
}

function readText(path: string): string {
  return readInputText(path, 'checkpoint', MAX_BYTES.checkpoint);
}

/** The pipeline's record, or one inferred from the engine's own fields for a checkpoint made elsewhere. */
function pipelineMetaOf(meta: CheckpointMeta, where: string): PipelineMeta {
  const { accuracySpec, costSpec, width, resolution } = meta;
  // The reader gives the shape with both specs (checked like options), and neither without them.
  if (accuracySpec !== undefined && costSpec !== undefined && width !== undefined && resolution !== undefined) {
    const { accuracySource, estimate, costModel, costDevice, measuredArchs } = meta;
    return { accuracySource, accuracySpec, estimate, costModel, costSpec, width, resolution,
      ...(costDevice !== undefined ? { costDevice } : {}), ...(measuredArchs !== undefined ? { measuredArchs } : {}) };
  }
  const cost = meta.costModel;
  if (cost !== 'madds:pnag' && cost !== 'madds:ofa') {
    throw new InputError(`${where}: made without pnag train, it does not say where its cost model "${cost}" is; retrain with pnag train`);
  }
  return {
    accuracySource: meta.accuracySource,
    accuracySpec: meta.accuracySource,
    estimate: false,
    costModel: cost,
    costSpec: cost === 'madds:pnag' ? 'madds' : cost,
    width: DEFAULT_WIDTH,
    resolution: DEFAULT_RESOLUTION,
  };
}

async function load(path: string): Promise<LoadedGenerator> {
  const text = readText(path);
  const where = `checkpoint ${path}`;
  // The job chose the backend already; on its own, the default.
  await currentBackend('auto');
  const model = parseCheckpoint(text, where);
  let meta: PipelineMeta;
  let partial: PartialCheckpoint | undefined;
  try {
    // parseCheckpoint has read the text as JSON already.
    const recorded = readCheckpointMeta(JSON.parse(text), where);
    meta = pipelineMetaOf(recorded, where);
    checkRecordedCost(meta.costSpec, model.info.costModel.unit, where);
    partial = recorded.partial;
  } catch (error) {
    model.dispose();
    throw error;
  }
  const options = { width: meta.width, resolution: meta.resolution };
  return {
    sources: meta,
    budgets: model.budgets,
    unit: model.info.costModel.unit,
    width: meta.width,
    resolution: meta.resolution,
    ...(partial ? { partial } : {}),
    async generate(budget: number, bestOf: number, costModel: CostModel, signal?: AbortSignal, search?: SourceSearch): Promise<GeneratedArch> {
      const searching = search !== undefined && search.queries > 0;
      const result = await generateForBudget(model, budget, {
        bestOf,
        costModel: atWidthResolution(costModel, options),
        seed: model.info.seed,
        signal,
        ...(search ? { accuracySource: sourceAtWidthResolution(search.source, options), sourceQueries: search.queries } : {}),
        ...(search?.measured ? { measured: search.measured } : {}),
        ...(search?.failed ? { failed: search.failed } : {}),
      });
      return {
        arch: withOptions(result.arch, options),
        repaired: result.repaired,
        clamped: result.clamped,
        notes: [...result.messages, ...result.repairSteps.map((s) => `repair: ${s}`)],
        sourceQueries: searching ? result.sourceQueries : 0,
        ...(result.top1 !== undefined ? { top1: result.top1 } : {}),
        ...(result.predicted ? { predicted: result.predicted } : {}),
        ...(result.pickFailure ? { pickFailure: { ...result.pickFailure, arch: withOptions(result.pickFailure.arch, options) } } : {}),
        failedNow: result.failedNow.map((f) => ({ ...f, arch: withOptions(f.arch, options) })),
      };
    },
    dispose: () => model.dispose(),
  };
}

function peekSources(path: string): CheckpointMeta & PipelineMeta | undefined {
  try {
    const where = `checkpoint ${path}`;
    const meta = readCheckpointMeta(JSON.parse(readInputText(path, 'checkpoint', MAX_BYTES.checkpoint)), where);
    return { ...meta, ...pipelineMetaOf(meta, where) };
  } catch {
    return undefined;
  }
}

/** TF.js with the job's choice; a process that already chose keeps its backend (jobs.ts says so). */
const useBackend = (choice: EngineBackend): Promise<string> => initBackend(choice);

export const pnagEngine: Engine = { initBackend: useBackend, train, load, peekSources };

/**
 * The cost model the checkpoint records must read, and in the unit its model was trained in: an edited unit ("ms" on
 * a MAdds generator) took a 300 ms budget as 300 M MAdds and printed the answer in milliseconds.
 */
function checkRecordedCost(costSpec: string, unit: string, where: string): void {
  const recorded = costUnitOf(parseCostModelSpec(costSpec, `${where}: meta.pipeline.costSpec`));
  if (recorded !== unit) throw new InputError(`${where}: costModel.unit "${unit}" does not match the cost model it records, ${costSpec} (${recorded})`);
}
