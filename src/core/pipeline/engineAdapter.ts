import { CostModel, CostUnit } from '../cost/costModel';
import { Arch } from '../space/arch';
import { Width } from '../space/searchSpace';
import { JobProgress } from '../../shared/engineProtocol';
import { LabelledArchs } from './trainingData';

/** Which sources a checkpoint was trained on: the names shown, and the specs to reopen them with. */
export interface CheckpointSources {
  readonly accuracySource: string;
  readonly accuracySpec: string;
  readonly estimate: boolean;
  readonly costModel: string;
  readonly costSpec: string;
  /** For an `archive:` source, its measured-architecture count then: a grown archive means retraining. */
  readonly measuredArchs?: number;
}

export interface EngineTrainInput {
  readonly data: LabelledArchs;
  readonly width: Width;
  readonly resolution: number;
  readonly budgets: readonly number[];
  readonly unit: CostUnit;
  readonly costModel: CostModel;
  readonly sources: CheckpointSources;
  readonly seed: number;
  readonly evaluatorEpochs?: number;
  readonly generatorSteps?: number;
  /** Checkpoint path, written atomically. */
  readonly out: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: JobProgress) => void;
}

export interface EngineTrainOutput {
  readonly evaluatorTau: number;
  readonly finalReward: number;
  readonly finalEntropy: number;
}

export interface GeneratedArch {
  readonly arch: Arch;
  readonly repaired: boolean;
  readonly clamped: boolean;
  readonly notes: string[];
}

/** A trained generator read from a checkpoint. */
export interface LoadedGenerator {
  readonly sources: CheckpointSources;
  readonly budgets: readonly number[];
  readonly unit: CostUnit;
  readonly width: Width;
  readonly resolution: number;
  generate(budget: number, bestOf: number, costModel: CostModel, signal?: AbortSignal): Promise<GeneratedArch>;
  dispose(): void;
}

/** The engine as the pipeline uses it; `src/core/pnag` provides it (see pnagEngine.ts). */
export interface Engine {
  train(input: EngineTrainInput): Promise<EngineTrainOutput>;
  /** Reads a checkpoint; a bad, foreign or other-version file is an InputError naming it. */
  load(path: string): Promise<LoadedGenerator>;
  /** The sources recorded in a checkpoint, without loading its weights (to decide whether to reuse it). */
  peekSources(path: string): CheckpointSources | undefined;
}
