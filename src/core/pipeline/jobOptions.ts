import { type CostModel, isExact } from '../cost/costModel';
import { InputError } from '../errors';
import { OfaPredictor } from '../predict/ofaPredictor';
import type { AccuracySource } from '../sources/accuracySource';
import { checkResolution, checkWidth, makeArch, randomArch } from '../space/arch';
import { LAYER_SLOTS, STAGE_COUNT, type Width } from '../space/searchSpace';
import { Random } from '../util/random';
import { DEFAULT_ENGINE_BACKEND, type EngineBackend, type GenerateRequest, type TrainRequest, backendProblem, isEngineBackend } from '../../shared/engineProtocol';
import type { EvaluatorSettings } from './accuracySources';
import type { Engine } from './engineAdapter';
import { checkOptionalInRange } from './optionRanges';

// The options train and generate jobs share: the TF.js backend, the width/resolution wanted, the numbers' ranges.

/** The request's backend, default `auto`; anything else is an InputError naming the choices. */
export function checkBackend(value: unknown): EngineBackend {
  if (value === undefined) return DEFAULT_ENGINE_BACKEND;
  if (isEngineBackend(value)) return value;
  throw new InputError(backendProblem(value, '--backend') ?? `--backend: "${String(value)}" is not a backend`);
}

/** Chooses the process's TF.js backend; a process that chose another already keeps it, and says so. */
export async function useBackend(engine: Engine, backend: EngineBackend, note: (text: string) => void): Promise<string | undefined> {
  if (!engine.initBackend) return undefined;
  const name = await engine.initBackend(backend);
  if (backend !== 'auto' && name !== backend) note(`backend: this process already uses ${name}; "${backend}" takes a new process (the engine client restarts its worker for it)`);
  return name;
}

export interface Shape {
  readonly width?: Width;
  readonly resolution?: number;
}

export function checkShape(request: { width?: number; resolution?: number }): Shape {
  return {
    ...(request.width !== undefined ? { width: checkWidth(request.width, '--width') } : {}),
    ...(request.resolution !== undefined ? { resolution: checkResolution(request.resolution, '--resolution') } : {}),
  };
}

export function fitsShape(trained: { width?: number; resolution?: number }, wanted: Shape): boolean {
  return (wanted.width === undefined || trained.width === wanted.width) && (wanted.resolution === undefined || trained.resolution === wanted.resolution);
}

export function shapeText(shape: Shape): string {
  const parts = [shape.width !== undefined ? `width ${shape.width.toFixed(1)}` : '', shape.resolution !== undefined ? `resolution ${shape.resolution}` : ''];
  return parts.filter((p) => p !== '').join(', ');
}

/**
 * Asks the cost model (when exact) and OFA's predictor about one architecture of the wanted width and
 * resolution before any sampling, so an unsupported combination is one clear line, not a failure minutes in.
 */
export async function checkSupported(shape: Shape, source: AccuracySource, costModel: CostModel): Promise<void> {
  if (shape.width === undefined && shape.resolution === undefined) return;
  const probe = randomArch(new Random(0), shape);
  const what = shapeText(shape);
  try {
    if (isExact(costModel)) costModel.costOf(probe);
    if (source instanceof OfaPredictor) await source.accuracy([probe]);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${what} is not supported by these sources: ${error.message}`);
    throw error;
  }
}

/**
 * The numeric options of a train request (also `generate`'s training settings), each in its documented
 * range (optionRanges.ts). Checked first, so a host that skipped the check still gets one clear line
 * before any work, not a run that never ends.
 */
export function checkTrainNumbers(request: Omit<TrainRequest, 'workspace'>): void {
  checkOptionalInRange(request.k, 'k');
  checkOptionalInRange(request.seed, 'seed');
  checkOptionalInRange(request.archiveSize, 'archiveSize');
  checkOptionalInRange(request.evaluatorEpochs, 'evaluatorEpochs');
  checkOptionalInRange(request.generatorSteps, 'generatorSteps');
  checkOptionalInRange(request.frontierQueries, 'frontierQueries');
  checkOptionalInRange(request.evaluations, 'evaluations');
  checkOptionalInRange(request.evaluatorTimeout, 'evaluatorTimeout');
  checkOptionalInRange(request.evaluatorConcurrency, 'evaluatorConcurrency');
}

/** The same for a generate request: its own numbers and its training settings. */
export function checkGenerateNumbers(request: GenerateRequest): void {
  checkOptionalInRange(request.bestOf, 'bestOf');
  checkOptionalInRange(request.sourceQueries, 'sourceQueries');
  if (request.train) checkTrainNumbers(request.train);
}

/** What an `eval:` source is opened with: the request's timeout (seconds) and concurrency, when given. */
export function evaluatorSettingsOf(request: Pick<TrainRequest, 'evaluatorTimeout' | 'evaluatorConcurrency'> | undefined): EvaluatorSettings {
  return {
    ...(request?.evaluatorTimeout !== undefined ? { timeoutMs: request.evaluatorTimeout * 1000 } : {}),
    ...(request?.evaluatorConcurrency !== undefined ? { concurrency: request.evaluatorConcurrency } : {}),
  };
}

/**
 * Refuses training budgets no architecture can meet (`1:2` M, where the smallest network of the space costs
 * about 190 M at w1.2/r224), instead of training a generator that answers every budget with a repair. Asked
 * of exact cost models only, at the shape the sampled data will have; the smallest network is depth 2,
 * kernel 3, expand 3 everywhere.
 */
export function checkBudgetsReachable(budgets: readonly number[], costModel: CostModel, shape: Shape, unit: string): void {
  if (!isExact(costModel)) return;
  const width = shape.width ?? 1.2;
  const resolution = shape.resolution ?? 224;
  const smallest = makeArch(Array(STAGE_COUNT).fill(2), Array(LAYER_SLOTS).fill(3), Array(LAYER_SLOTS).fill(3), { width, resolution });
  const floor = costModel.costOf(smallest);
  const low = Math.min(...budgets);
  if (low < floor) {
    throw new InputError(
      `--budgets: ${Number(low.toFixed(2))} ${unit} is below the smallest architecture of the space at width ${width.toFixed(1)}, resolution ${resolution} ` +
        `(${Number(floor.toFixed(2))} ${unit} by ${costModel.name}); no architecture can meet it`,
      '--budgets',
    );
  }
}
