// What a checkpoint says about itself, read from its JSON without building a model: the one schema the
// engine (load, peekSources), the CLI through it, and the extension host (the generator's budgets and
// sources) share. Every layout the engine wrote is read: version 1 kept the pipeline's record in a
// top-level `pipeline` field, version 2 in `meta.pipeline` beside `complete` and the generator step.
import type { CostUnit } from '../cost/costModel';
import { isKnownCostUnit } from '../cost/registry/costModelRegistry';
import { InputError } from '../errors';
import { CHECKPOINT_FORMAT } from '../pnag/checkpointFormat';
import { checkResolution, checkWidth } from '../space/arch';
import type { Width } from '../space/searchSpace';
import { type Fields, isObject } from '../../shared/isObject';

/** A snapshot written during the generator phase of a training that has not finished (yet or ever). */
export interface PartialCheckpoint {
  readonly generatorStep: number;
  readonly generatorSteps: number;
}

export interface CheckpointMeta {
  /** Cost unit of the budgets (the cost model's). */
  readonly unit: CostUnit;
  /** Training budgets, in `unit`, sorted ascending. */
  readonly budgets: readonly number[];
  /** The accuracy source's name as shown (`ofa-predictor`, `proxy:naswot`). */
  readonly accuracySource: string;
  /** The cost model's name as shown (`madds:pnag`, `lut:note10`). */
  readonly costModel: string;
  /** True when the accuracy source only estimates (a proxy), as the pipeline recorded it. */
  readonly estimate: boolean;
  /**
   * The specs the pipeline recorded to reopen its sources (`ofa:<path>`, `madds`): provenance, written by
   * whoever wrote the file, never run (generationSource.ts, recordedDataSource). Absent without a record.
   */
  readonly accuracySpec?: string;
  readonly costSpec?: string;
  /** The device name a `lut:` cost model was opened with (`pnag train --device`), when not the tables' own. */
  readonly costDevice?: string;
  /** For an `archive:` source, its measured-architecture count then: a grown archive means retraining. */
  readonly measuredArchs?: number;
  /** The width and resolution the training data had; recorded with both specs, else absent. */
  readonly width?: Width;
  readonly resolution?: number;
  /** Set when the file is a snapshot of a training that had not finished. */
  readonly partial?: PartialCheckpoint;
}

/** The pipeline's record of a finished training: both specs and the shape are there (what `pnag train` writes). */
export type CheckpointSources = Pick<CheckpointMeta, 'accuracySource' | 'estimate' | 'costModel' | 'costDevice' | 'measuredArchs'> &
  Required<Pick<CheckpointMeta, 'accuracySpec' | 'costSpec'>>;

/**
 * Reads a parsed checkpoint (weights ignored); `where` names the file in messages. A value that is not a
 * checkpoint, or whose record is malformed, is an InputError naming the field.
 */
export function readCheckpointMeta(value: unknown, where: string): CheckpointMeta {
  if (!isObject(value) || value.format !== CHECKPOINT_FORMAT) {
    throw new InputError(`${where}: not a PNAG checkpoint (format is not "${CHECKPOINT_FORMAT}")`);
  }
  const costModel = isObject(value.costModel) ? value.costModel : {};
  const unit = costModel.unit;
  if (!isKnownCostUnit(unit)) throw new InputError(`${where}: costModel.unit ${JSON.stringify(unit) ?? 'undefined'} is not a known cost unit`);
  const budgets = value.budgets;
  if (!Array.isArray(budgets) || budgets.length === 0 || !budgets.every((b): b is number => typeof b === 'number' && Number.isFinite(b))) {
    throw new InputError(`${where}: budgets must be a non-empty list of numbers`);
  }
  const meta = isObject(value.meta) ? value.meta : {};
  const field = isObject(meta.pipeline) ? 'meta.pipeline' : 'pipeline';
  const record = isObject(meta.pipeline) ? meta.pipeline : isObject(value.pipeline) ? value.pipeline : {};
  const partial = partialOf(meta, where);
  return {
    unit,
    budgets: [...budgets].sort((a, b) => a - b),
    accuracySource: typeof value.accuracySource === 'string' ? value.accuracySource : 'unknown source',
    costModel: typeof costModel.name === 'string' ? costModel.name : 'unknown cost model',
    estimate: record.estimate === true,
    ...recordedFields(record, `${where}: ${field}`),
    ...(partial ? { partial } : {}),
  };
}

/** The record's specs, and with both of them the shape, which is then checked like an option. */
function recordedFields(record: Fields, where: string): Partial<CheckpointMeta> {
  const text = (name: string): { [key: string]: string } => (typeof record[name] === 'string' ? { [name]: record[name] } : {});
  const measured = record.measuredArchs;
  if (measured !== undefined && !(typeof measured === 'number' && Number.isInteger(measured) && measured >= 0)) {
    throw new InputError(`${where}.measuredArchs: ${JSON.stringify(measured)} is not a whole number of architectures`);
  }
  const specified = typeof record.accuracySpec === 'string' && typeof record.costSpec === 'string';
  return {
    ...text('accuracySpec'),
    ...text('costSpec'),
    ...text('costDevice'),
    ...(measured !== undefined ? { measuredArchs: measured } : {}),
    ...(specified
      // A width or resolution of another type fails the check as a number outside the choices would.
      ? { width: checkWidth(record.width as number, `${where}.width`), resolution: checkResolution(record.resolution as number, `${where}.resolution`) }
      : {}),
  };
}

function partialOf(meta: Fields, where: string): PartialCheckpoint | undefined {
  if (meta.complete !== false) return undefined;
  const count = (name: string): number => {
    const n = meta[name] ?? 0;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new InputError(`${where}: meta.${name}: ${JSON.stringify(n)} is not a step count`);
    return n;
  };
  return { generatorStep: count('generatorStep'), generatorSteps: count('generatorSteps') };
}
