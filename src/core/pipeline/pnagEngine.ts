import { readFileSync } from 'node:fs';
import { CostModel, CostUnit, isExact } from '../cost/costModel';
import { InputError, messageOf } from '../errors';
import { writeAtomically } from '../predict/ofaPredictorFetch';
import { budgetOneHot, budgetPosition } from '../pnag/budgets';
import { DEFAULT_EVALUATOR_HIDDEN, ParetoEvaluator } from '../pnag/evaluator';
import { DEFAULT_EVALUATOR_TRAINING, trainEvaluator } from '../pnag/evaluatorTraining';
import { DEFAULT_GENERATOR_HIDDEN, LstmPolicy } from '../pnag/generator';
import { DEFAULT_REINFORCE, trainPolicy } from '../pnag/reinforce';
import { Arch, archKey, withOptions } from '../space/arch';
import { SEARCH_SPACE_ID, Width } from '../space/searchSpace';
import { SerializedWeights } from '../tf/namedWeights';
import { initBackend } from '../tf/backend';
import { Random } from '../util/random';
import { CheckpointSources, Engine, EngineTrainInput, GeneratedArch, LoadedGenerator } from './engineAdapter';
import { repairToBudget } from './stepDown';

/**
 * The engine as the pipeline drives it, built on src/core/pnag's evaluator, policy and trainers.
 * Stand-in for the engine's own checkpoint/generation API until it lands (see docs/cli.md).
 */
export const CHECKPOINT_FORMAT = 'pnag-generator';
export const CHECKPOINT_VERSION = 1;

interface CheckpointFile {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: number;
  readonly space: string;
  readonly sources: CheckpointSources;
  readonly budgets: number[];
  readonly unit: CostUnit;
  readonly width: Width;
  readonly resolution: number;
  readonly seed: number;
  readonly evaluatorHidden: number;
  readonly generatorHidden: number;
  readonly report: { readonly evaluatorTau: number; readonly finalReward: number; readonly finalEntropy: number };
  readonly evaluator: SerializedWeights;
  readonly generator: SerializedWeights;
}

/** Effort defaults: minutes on 2 cores with 16,000 architectures (docs/cli.md has the figures). */
export const DEFAULT_EVALUATOR_EPOCHS = 6;
export const DEFAULT_GENERATOR_STEPS = 200;

async function train(input: EngineTrainInput): Promise<{ evaluatorTau: number; finalReward: number; finalEntropy: number }> {
  await initBackend('wasm');
  const rng = new Random(input.seed);
  const k = input.budgets.length;
  const evaluator = new ParetoEvaluator(k, DEFAULT_EVALUATOR_HIDDEN, rng);
  const policy = new LstmPolicy(k, DEFAULT_GENERATOR_HIDDEN, rng);
  try {
    const evaluatorReport = await trainEvaluator(
      evaluator,
      input.budgets,
      input.data,
      { ...DEFAULT_EVALUATOR_TRAINING, epochs: input.evaluatorEpochs ?? DEFAULT_EVALUATOR_EPOCHS },
      rng,
      {
        signal: input.signal,
        onProgress: (p) => input.onProgress?.({ phase: 'evaluator', step: p.step, steps: p.steps, loss: p.loss, etaSeconds: p.etaSeconds }),
      },
    );
    const conditions = input.budgets.map((_, b) => budgetOneHot(b, k));
    const widthRes = { width: input.width, resolution: input.resolution };
    const policyReport = await trainPolicy(
      policy,
      conditions,
      (sample, groups) => {
        const weights = new Float32Array(sample.count * k);
        groups.forEach((g, r) => weights.set(conditions[g], r * k));
        return evaluator.score(sample.archs.map((a) => withOptions(a, widthRes)), weights);
      },
      { ...DEFAULT_REINFORCE, steps: input.generatorSteps ?? DEFAULT_GENERATOR_STEPS },
      rng,
      {
        signal: input.signal,
        onProgress: (p) =>
          input.onProgress?.({ phase: 'generator', step: p.step, steps: p.steps, reward: p.reward, entropy: p.entropy, etaSeconds: p.etaSeconds }),
      },
    );
    const report = { evaluatorTau: evaluatorReport.meanTau, finalReward: policyReport.finalReward, finalEntropy: policyReport.finalEntropy };
    const file: CheckpointFile = {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      space: SEARCH_SPACE_ID,
      sources: input.sources,
      budgets: [...input.budgets],
      unit: input.unit,
      width: input.width,
      resolution: input.resolution,
      seed: input.seed,
      evaluatorHidden: DEFAULT_EVALUATOR_HIDDEN,
      generatorHidden: DEFAULT_GENERATOR_HIDDEN,
      report,
      evaluator: evaluator.vars.serialize(),
      generator: policy.vars.serialize(),
    };
    // Only a finished run replaces the file (temp + rename): a cancel keeps the last good checkpoint.
    input.signal?.throwIfAborted();
    writeAtomically(input.out, new TextEncoder().encode(JSON.stringify(file)));
    return report;
  } finally {
    evaluator.dispose();
    policy.dispose();
  }
}

function readCheckpoint(path: string): CheckpointFile {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`${path}: not a readable checkpoint (${messageOf(error)})`);
  }
  const file = value as Partial<CheckpointFile>;
  if (typeof value !== 'object' || value === null || file.format !== CHECKPOINT_FORMAT) throw new InputError(`${path}: not a PNAG generator checkpoint`);
  if (file.version !== CHECKPOINT_VERSION) throw new InputError(`${path}: checkpoint format version ${String(file.version)}; this pnag reads version ${CHECKPOINT_VERSION}`);
  if (file.space !== SEARCH_SPACE_ID) throw new InputError(`${path}: trained on search space "${String(file.space)}", not "${SEARCH_SPACE_ID}"`);
  if (!Array.isArray(file.budgets) || file.budgets.length < 2 || (file.unit !== 'M' && file.unit !== 'ms') || typeof file.sources !== 'object') {
    throw new InputError(`${path}: the checkpoint lacks its budgets, unit or sources`);
  }
  return file as CheckpointFile;
}

async function load(path: string): Promise<LoadedGenerator> {
  const file = readCheckpoint(path);
  await initBackend('wasm');
  const rng = new Random(file.seed);
  const k = file.budgets.length;
  const evaluator = new ParetoEvaluator(k, file.evaluatorHidden, rng);
  const policy = new LstmPolicy(k, file.generatorHidden, rng);
  try {
    evaluator.vars.load(file.evaluator, `${path}: evaluator`);
    policy.vars.load(file.generator, `${path}: generator`);
  } catch (error) {
    evaluator.dispose();
    policy.dispose();
    throw error;
  }
  const widthRes = { width: file.width, resolution: file.resolution };
  return {
    sources: file.sources,
    budgets: file.budgets,
    unit: file.unit,
    width: file.width,
    resolution: file.resolution,
    async generate(budget: number, bestOf: number, costModel: CostModel): Promise<GeneratedArch> {
      const position = budgetPosition(budget, file.budgets);
      const notes: string[] = position.message ? [position.message] : [];
      const greedy = policy.sample(position.weights, 1, 'greedy').archs;
      const sampled = bestOf > 1 ? policy.sample(position.weights, bestOf - 1, new Random(file.seed + 1)).archs : [];
      const unique = new Map<string, Arch>();
      for (const a of [...greedy, ...sampled]) unique.set(archKey(withOptions(a, widthRes)), withOptions(a, widthRes));
      const candidates = [...unique.values()];
      const scores = evaluator.score(candidates, position.weights);
      const costs = await costModel.costs(candidates);
      const order = candidates.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
      const fitting = order.find((i) => costs[i] <= budget);
      if (fitting !== undefined) return { arch: candidates[fitting], repaired: false, clamped: position.clamped, notes };
      if (!isExact(costModel)) {
        notes.push(`no candidate fits ${budget} ${file.unit} by ${costModel.name}, which is measured, not exact; the best one is returned as is`);
        return { arch: candidates[order[0]], repaired: false, clamped: position.clamped, notes };
      }
      const repaired = repairToBudget(candidates[order[0]], budget, costModel, (archs) => evaluator.score(archs, position.weights));
      if (!repaired) throw new InputError(`budget ${budget} ${file.unit}: even the smallest architecture costs more by ${costModel.name}`);
      notes.push(`the best candidate cost ${costs[order[0]].toFixed(2)} ${file.unit} > ${budget}; stepped it down to fit`);
      return { arch: repaired, repaired: true, clamped: position.clamped, notes };
    },
    dispose() {
      evaluator.dispose();
      policy.dispose();
    },
  };
}

function peekSources(path: string): CheckpointSources | undefined {
  try {
    return readCheckpoint(path).sources;
  } catch {
    return undefined;
  }
}

export const pnagEngine: Engine = { train, load, peekSources };
