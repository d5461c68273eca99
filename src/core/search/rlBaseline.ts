import type { CostModel } from '../cost/costModel';
import type { AccuracySource } from '../sources/accuracySource';
import { type Arch, archKey } from '../space/arch';
import { initBackend } from '../tf/backend';
import { Random } from '../util/random';
import { LstmPolicy, DEFAULT_GENERATOR_HIDDEN } from '../pnag/generator';
import { DEFAULT_REINFORCE, type ReinforceOptions, type ReinforceProgress, trainPolicy } from '../pnag/reinforce';
import type { TrainingHooks } from '../pnag/evaluatorTraining';
import { type RewardKind, type RewardParameters, rewardOf } from './rewards';

export interface RlBaselineOptions extends RewardParameters {
  readonly reward: RewardKind;
  /** Distinct architectures whose accuracy may be asked for (the search's query budget). */
  readonly queries: number;
  readonly samplesPerStep?: number;
  readonly hidden?: number;
  readonly seed?: number;
  readonly reinforce?: Partial<ReinforceOptions>;
}

export interface ScoredArch {
  readonly arch: Arch;
  readonly accuracy: number;
  readonly cost: number;
}

export interface RlBaselineResult {
  readonly budget: number;
  readonly reward: RewardKind;
  /** Most accurate queried architecture within the budget (undefined if none fitted). */
  readonly best?: ScoredArch;
  /** The trained policy's greedy architecture, scored. */
  readonly greedy: ScoredArch;
  readonly queries: number;
  readonly steps: number;
  readonly finalEntropy: number;
  readonly seconds: number;
}

/**
 * The per-budget RL baseline: PNAG's LSTM policy without budget conditioning, rewarded directly by the
 * accuracy source and the cost model (MnasNet or TuNAS reward), stopped when the query budget is spent.
 */
export async function runRlBaseline(
  budget: number,
  accuracySource: AccuracySource,
  costModel: CostModel,
  options: RlBaselineOptions,
  hooks: TrainingHooks<ReinforceProgress> = {},
): Promise<RlBaselineResult> {
  await initBackend();
  const started = Date.now();
  const rng = new Random(options.seed ?? 0);
  const policy = new LstmPolicy(1, options.hidden ?? DEFAULT_GENERATOR_HIDDEN, rng.fork());
  const cache = new Map<string, ScoredArch>();
  const perStep = options.samplesPerStep ?? 32;
  let best: ScoredArch | undefined;
  const score = async (archs: readonly Arch[]): Promise<ScoredArch[]> => {
    const fresh = [...new Map(archs.filter((a) => !cache.has(archKey(a))).map((a) => [archKey(a), a])).values()];
    if (fresh.length > 0) {
      const [accuracies, costs] = await Promise.all([accuracySource.accuracy(fresh, hooks.signal), costModel.costs(fresh, hooks.signal)]);
      fresh.forEach((arch, i) => {
        const scored = { arch, accuracy: accuracies[i], cost: costs[i] };
        cache.set(archKey(arch), scored);
        if (scored.cost <= budget && (!best || scored.accuracy > best.accuracy)) best = scored;
      });
    }
    return archs.map((a) => cache.get(archKey(a)) as ScoredArch);
  };
  try {
    const report = await trainPolicy(
      policy,
      [new Float32Array([1])],
      async (sample) => {
        const scored = await score(sample.archs);
        return Float32Array.from(scored, (s) => rewardOf(options.reward, s.accuracy, s.cost, budget, options));
      },
      // Enough steps to spend the queries even when many samples repeat; shouldStop ends it.
      { ...DEFAULT_REINFORCE, ...options.reinforce, samplesPerCondition: perStep, steps: Math.ceil((options.queries / perStep) * 2) },
      rng.fork(),
      { ...hooks, shouldStop: () => cache.size >= options.queries },
    );
    const [greedy] = await score(policy.sample(new Float32Array([1]), 1, 'greedy').archs);
    return {
      budget,
      reward: options.reward,
      best,
      greedy,
      queries: cache.size,
      steps: report.steps,
      finalEntropy: report.finalEntropy,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    policy.dispose();
  }
}
