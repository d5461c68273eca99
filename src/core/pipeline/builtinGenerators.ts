import { existsSync } from 'node:fs';
import { packageDataPath } from '../data/packageData';
import { BUILTIN_OFA_SPEC } from '../sources/sourceSpec';
import type { TrainRequest } from '../../shared/engineProtocol';

/**
 * Generators shipped in the package, trained by `scripts/pretrain.ts` on OFA's built-in predictor for the
 * built-in tasks at width 1.2, resolution 224, with the same settings a fresh `pnag generate` would train
 * with. A generate that would train exactly that uses the shipped file instead, and answers at once.
 */
export interface BuiltinGenerator {
  /** Named in outputs: `generator: built-in madds-pnag`. */
  readonly name: string;
  /** The cost model spec it was trained with, as checkpoints record it. */
  readonly costSpec: string;
  /** Training budgets (`low:high`, K = 10): the task's, which are also the default when training for it. */
  readonly budgets: string;
  readonly file: string;
}

export const BUILTIN_GENERATORS: readonly BuiltinGenerator[] = [
  // PNAG's two tasks: MAdds 250-700 M (in PNAG's count, and in OFA's) and Note10 latency 25-60 ms.
  { name: 'madds-pnag', costSpec: 'madds', budgets: '250:700', file: 'madds-pnag.ckpt.json' },
  { name: 'madds-ofa', costSpec: 'madds:ofa', budgets: '250:700', file: 'madds-ofa.ckpt.json' },
  { name: 'note10', costSpec: 'lut:note10', budgets: '25:60', file: 'note10.ckpt.json' },
];

export const BUILTIN_GENERATOR_WIDTH = 1.2;
export const BUILTIN_GENERATOR_RESOLUTION = 224;
export const BUILTIN_GENERATOR_SEED = 0;
/**
 * The engine's training defaults the shipped generators were trained with (K, generator steps, evaluator
 * epochs), repeated here so the extension host can decide without loading the engine; a unit test keeps
 * them equal to the engine's.
 */
export const BUILTIN_TRAINING_DEFAULTS = { k: 10, generatorSteps: 300, evaluatorEpochs: 6 } as const;

/** Training choices as a train request carries them (one definition: TrainRequest); undefined = the engine's default. */
export type TrainingChoices = Pick<
  TrainRequest,
  'accuracy' | 'cost' | 'budgets' | 'k' | 'seed' | 'archive' | 'archiveSize' | 'evaluatorEpochs' | 'generatorSteps' | 'frontierQueries' | 'width' | 'resolution'
>;

/** `madds`, `madds:ofa`, `lut:note10` as checkpoints record them, from the ways a user may write them. */
function normalCostSpec(cost: string | undefined): string {
  const text = (cost ?? 'madds').trim().toLowerCase().replace(/\s*:\s*/, ':');
  return text === 'madds:pnag' ? 'madds' : text;
}

/** The default training budgets of a built-in task at w1.2 r224 (`25:60` ms for Note10), undefined for other cost models. */
export function builtinTaskBudgets(costSpec: string): string | undefined {
  return BUILTIN_GENERATORS.find((g) => g.costSpec === normalCostSpec(costSpec))?.budgets;
}

export function builtinGeneratorPath(generator: BuiltinGenerator): string {
  return packageDataPath('generators', generator.file);
}

/**
 * The shipped generator for these sources, when there is one and its file is present: accuracy must be the
 * built-in predictor (`ofa:builtin`); the cost model one of the built-in tasks.
 */
export function builtinGeneratorFor(accuracySpec: string, costSpec: string): (BuiltinGenerator & { readonly path: string }) | undefined {
  if (accuracySpec !== BUILTIN_OFA_SPEC) return undefined;
  const generator = BUILTIN_GENERATORS.find((g) => g.costSpec === normalCostSpec(costSpec));
  if (!generator) return undefined;
  const path = builtinGeneratorPath(generator);
  return existsSync(path) ? { ...generator, path } : undefined;
}

/**
 * The shipped generator a training with these choices would reproduce, or undefined when any choice
 * differs from what it was trained with. `accuracySpec` is the source the defaults resolve to.
 */
export function builtinGeneratorForTraining(choices: TrainingChoices, accuracySpec: string): (BuiltinGenerator & { readonly path: string }) | undefined {
  const generator = builtinGeneratorFor(accuracySpec, normalCostSpec(choices.cost));
  if (!generator) return undefined;
  const same = (value: number | undefined, trained: number) => value === undefined || value === trained;
  const defaultsKept =
    (choices.budgets === undefined || choices.budgets.trim() === generator.budgets) &&
    same(choices.k, BUILTIN_TRAINING_DEFAULTS.k) &&
    same(choices.seed, BUILTIN_GENERATOR_SEED) &&
    same(choices.generatorSteps, BUILTIN_TRAINING_DEFAULTS.generatorSteps) &&
    same(choices.evaluatorEpochs, BUILTIN_TRAINING_DEFAULTS.evaluatorEpochs) &&
    same(choices.width, BUILTIN_GENERATOR_WIDTH) &&
    same(choices.resolution, BUILTIN_GENERATOR_RESOLUTION) &&
    choices.archive === undefined &&
    choices.archiveSize === undefined &&
    choices.frontierQueries === undefined;
  return defaultsKept ? generator : undefined;
}

/** The shipped generator at `path`, if it is one (so outputs can say which). */
export function builtinGeneratorAt(path: string): BuiltinGenerator | undefined {
  return BUILTIN_GENERATORS.find((g) => {
    try {
      return builtinGeneratorPath(g) === path;
    } catch {
      return false;
    }
  });
}
