import { promises as fs } from 'node:fs';
import { InputError, messageOf } from '../errors';
import { removeStaleTemps } from '../fs/staleTemps';
import { storeWriteError } from '../fs/writeError';
import { replaceFileAtomically, resolveWriteTarget } from '../fs/writeTarget';
import { SEARCH_SPACE_ID } from '../space/searchSpace';
import type { SerializedWeights } from '../tf/namedWeights';
import { initBackend } from '../tf/backend';
import { checkCheckpointFields } from './checkpointChecks';
import { CHECKPOINT_FORMAT } from './checkpointFormat';
import { AccuracyModel, type SerializedAccuracyModel } from './accuracyModel';
import { type SerializedFrontierPoint, parseFrontier, serializeFrontier } from './frontierMemory';
import { type CostModelInfo, type PnagConfig, PnagModel, type PnagModelInfo, type PnagTrainReport } from './model';

export { CHECKPOINT_FORMAT };
/**
 * Version 2 added the optional `frontier` (frontier memory), version 3 the optional `accuracyModel` (trainings
 * on an evaluation budget); older files still load, without them.
 */
export const CHECKPOINT_VERSION = 3;
const READABLE_VERSIONS: readonly number[] = [1, 2, 3];

/** The file: versioned, naming the space, sources and budgets it was trained for, with all weights. */
export interface CheckpointFile {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: number;
  readonly searchSpace: string;
  readonly accuracySource: string;
  readonly costModel: CostModelInfo;
  readonly budgets: number[];
  readonly seed: number;
  readonly config: PnagConfig;
  readonly report?: PnagTrainReport;
  /** The frontier memory (version 2 on; absent in version 1). */
  readonly frontier?: SerializedFrontierPoint[];
  /** The accuracy model generation rates candidates by (version 3 on; only after an evaluation budget). */
  readonly accuracyModel?: SerializedAccuracyModel;
  readonly weights: { readonly evaluator: SerializedWeights; readonly generator: SerializedWeights };
  /** The caller's own data (e.g. where its sources are), written and read back untouched. */
  readonly meta?: Record<string, unknown>;
}

export function checkpointOf(model: PnagModel, meta?: Record<string, unknown>): CheckpointFile {
  const { info } = model;
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    searchSpace: SEARCH_SPACE_ID,
    accuracySource: info.accuracySource,
    costModel: info.costModel,
    budgets: info.budgets.slice(),
    seed: info.seed,
    config: info.config,
    report: info.report,
    ...(info.frontier ? { frontier: serializeFrontier(info.frontier) } : {}),
    ...(info.accuracyModel ? { accuracyModel: info.accuracyModel.serialize() } : {}),
    weights: { evaluator: model.evaluator.vars.serialize(), generator: model.policy.vars.serialize() },
    ...(meta !== undefined ? { meta } : {}),
  };
}

/** The `meta` a checkpoint was saved with (undefined when none); the rest of the file is not checked here. */
export function checkpointMetaOf(text: string): Record<string, unknown> | undefined {
  try {
    const meta = (JSON.parse(text) as { meta?: unknown }).meta;
    return typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? (meta as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes atomically: a temporary file beside the target, then a rename, so a reader never sees half a file.
 * A symlink is followed and its target replaced (writeTarget.ts); temporary files of killed saves are removed.
 */
export async function saveCheckpoint(model: PnagModel, path: string, meta?: Record<string, unknown>): Promise<void> {
  const text = JSON.stringify(checkpointOf(model, meta));
  const target = resolveWriteTarget(path);
  removeStaleTemps(target);
  try {
    replaceFileAtomically(target, text);
  } catch (error) {
    throw storeWriteError(path, error, 'checkpoint ');
  }
}

export async function loadCheckpoint(path: string): Promise<PnagModel> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`checkpoint ${path}: cannot be read (${messageOf(error)})`);
  }
  await initBackend();
  return parseCheckpoint(text, `checkpoint ${path}`);
}

/** Builds a model from checkpoint text; every problem is an InputError naming the field. */
export function parseCheckpoint(text: string, where = 'checkpoint'): PnagModel {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${where}: not a PNAG checkpoint (invalid JSON: ${messageOf(error)})`);
  }
  const file = checkHeader(value, where);
  const info: PnagModelInfo = {
    accuracySource: file.accuracySource,
    costModel: file.costModel,
    budgets: file.budgets,
    seed: file.seed,
    config: file.config,
    report: file.report,
    ...(file.frontier !== undefined ? { frontier: parseFrontier(file.frontier, where) } : {}),
    ...(file.accuracyModel !== undefined ? { accuracyModel: AccuracyModel.parse(file.accuracyModel, where) } : {}),
  };
  const model = PnagModel.create(info);
  try {
    model.evaluator.vars.load(file.weights.evaluator, `${where}: evaluator`);
    model.policy.vars.load(file.weights.generator, `${where}: generator`);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

function checkHeader(value: unknown, where: string): CheckpointFile {
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== CHECKPOINT_FORMAT) {
    throw new InputError(`${where}: not a PNAG checkpoint (format is not "${CHECKPOINT_FORMAT}")`);
  }
  const file = value as CheckpointFile;
  if (!READABLE_VERSIONS.includes(file.version)) {
    // JSON.stringify: the string "3" is not the number 3, and the message must not read as if it were.
    throw new InputError(`${where}: format version ${JSON.stringify(file.version) ?? String(file.version)} is not supported (this build reads versions ${READABLE_VERSIONS.join(', ')})`);
  }
  if (file.searchSpace !== SEARCH_SPACE_ID) {
    throw new InputError(`${where}: trained for search space "${String(file.searchSpace)}", this build uses "${SEARCH_SPACE_ID}"`);
  }
  if (typeof file.accuracySource !== 'string') throw new InputError(`${where}: accuracySource is missing`);
  // Budgets, sizes, frontier and every weight value are checked before any tensor is built from them.
  checkCheckpointFields(file, where);
  return file;
}
