import { CostModel, isExact } from '../cost/costModel';
import { InputError } from '../errors';
import { OfaPredictor } from '../predict/ofaPredictor';
import { AccuracySource } from '../sources/accuracySource';
import { checkResolution, checkWidth, randomArch } from '../space/arch';
import { Width } from '../space/searchSpace';
import { Random } from '../util/random';
import { DEFAULT_ENGINE_BACKEND, EngineBackend, backendProblem, isEngineBackend } from '../../shared/engineProtocol';
import { Engine } from './engineAdapter';

// The options train and generate jobs share: the TF.js backend and the width/resolution wanted.

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
