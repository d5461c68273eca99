import type { ExactCostModel } from '../cost/costModel';
import { InputError } from '../errors';
import type { AccuracySource } from '../sources/accuracySource';
import { type Arch, archKey } from '../space/arch';
import { toPnagString } from '../space/pnagString';
import type { Random } from '../util/random';
import { budgetOneHot, budgetPosition } from './budgets';
import { type EvaluatorTrainingOptions, trainEvaluator } from './evaluatorTraining';
import type { PnagModel } from './model';
import { evaluatorReward } from './evaluatorReward';
import type { FrontierRoundsReport } from './modelInfo';
export type { FrontierRoundsReport } from './modelInfo';
import { type ReinforceOptions, trainPolicy } from './reinforce';
import { refineWithinBudget, repairToBudget } from './repair';
import type { ArchSamples } from './samples';
import { neighboursWithin, stageCrossovers, withCostPrior } from './sourceRefine';
import { throwIfCancelled, yieldToEventLoop } from './trainingLoop';
import { DEFAULT_SURROGATE, FrontierSurrogate, type SurrogateSettings, expectedImprovement } from './frontierSurrogate';
import { fromGenome, mutate, toGenome } from '../search/genome';
import { largestArch } from './largestArch';

/** Settings of the frontier rounds (see `runFrontierRounds`). */
export interface FrontierRoundsSettings {
  /** Accuracy queries spent over all rounds (0 = no rounds). */
  readonly queries: number;
  readonly rounds: number;
  /** Budgets searched per round, spread evenly over the training range with a per-round offset. */
  readonly budgetsPerRound: number;
  /** Generator samples per budget, ranked by R, as proposals. */
  readonly samples: number;
  /** The most accurate measured architectures within a budget whose crossovers are proposed. */
  readonly elite: number;
  /** Measured architectures within a budget whose one/two-gene neighbours are proposed. */
  readonly neighbourParents: number;
  /** Weight of the standardised cost beside the standardised R when choosing what to ask (as in sourceRefine). */
  readonly costPrior: number;
  /** Evaluator fine-tuning per round: epochs over all data, learning rate, and how often new rows repeat. */
  readonly evaluatorEpochs: number;
  readonly evaluatorLearningRate: number;
  readonly newRowWeight: number;
  /** At most this many rows per fine-tuning epoch: the rounds' rows (weighted) and a sample of the initial ones. */
  readonly evaluatorRows: number;
  /** Generator fine-tuning steps per round (0 = none). */
  readonly generatorSteps: number;
  /** Fewest queries a searched budget gets: a small total runs fewer rounds and budgets. */
  readonly minQueriesPerBudget: number;
  /**
   * How the proposals to pay for are chosen: `evaluator` ranks them by R at the top budget plus the cost prior
   * (cheap sources, many queries); `expectedImprovement` by the expected gain over the best measured network
   * within the budget under an ensemble regressor refitted each round (expensive sources, few queries).
   */
  readonly acquisition: 'evaluator' | 'expectedImprovement';
  /** Mutants of the elite within each budget added to the proposals (one gene in ten redrawn). */
  readonly mutants: number;
  readonly surrogate: SurrogateSettings;
}

export const DEFAULT_FRONTIER_ROUNDS: FrontierRoundsSettings = {
  queries: 0,
  rounds: 4,
  budgetsPerRound: 30,
  samples: 32,
  elite: 8,
  neighbourParents: 1,
  costPrior: 0.5,
  evaluatorEpochs: 1,
  evaluatorLearningRate: 3e-4,
  newRowWeight: 2,
  evaluatorRows: 12000,
  generatorSteps: 20,
  minQueriesPerBudget: 16,
  acquisition: 'evaluator',
  mutants: 0,
  surrogate: DEFAULT_SURROGATE,
};

export interface FrontierProgress {
  readonly round: number;
  readonly rounds: number;
  /** Queries asked so far / in all. */
  readonly step: number;
  readonly steps: number;
  readonly stage: 'search' | 'evaluator' | 'generator';
  readonly etaSeconds: number;
}

export interface FrontierRoundsHooks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: FrontierProgress) => void;
  /** Every batch of newly measured architectures, as soon as the source answered. */
  readonly onMeasured?: (rows: ArchSamples) => Promise<void> | void;
  /** After each fine-tuning step (evaluator or generator), e.g. to write a checkpoint now and then. */
  readonly afterStep?: () => Promise<void> | void;
}

/** Growing training data: the initial archive plus every architecture the rounds measured. */
class MeasuredSet {
  readonly archs: Arch[];
  readonly accuracies: number[];
  readonly costs: number[];
  readonly keys = new Set<string>();
  readonly added: number[] = [];

  constructor(data: ArchSamples) {
    this.archs = data.archs.slice();
    this.accuracies = data.accuracies.slice();
    this.costs = data.costs.slice();
    for (const a of this.archs) this.keys.add(archKey(a));
  }

  add(archs: readonly Arch[], accuracies: readonly number[], costs: readonly number[]): void {
    archs.forEach((a, i) => {
      this.added.push(this.archs.length);
      this.archs.push(a);
      this.accuracies.push(accuracies[i]);
      this.costs.push(costs[i]);
      this.keys.add(archKey(a));
    });
  }

  /** Indices of the `count` most accurate measured architectures within the budget. */
  bestWithin(budget: number, count: number): number[] {
    const top: number[] = [];
    for (let i = 0; i < this.archs.length; i++) {
      if (this.costs[i] > budget) continue;
      if (top.length < count || this.accuracies[i] > this.accuracies[top[top.length - 1]]) {
        top.push(i);
        top.sort((a, b) => this.accuracies[b] - this.accuracies[a]);
        if (top.length > count) top.pop();
      }
    }
    return top;
  }

  /**
   * The rounds' rows repeated `weight` times (so their pairs weigh more) plus the initial rows, a random
   * sample of them when all would exceed `limit` (fine-tuning time stays bounded as the data grows).
   */
  weighted(weight: number, limit: number, rng: Random): ArchSamples {
    const repeated: number[] = [];
    for (let w = 0; w < weight; w++) repeated.push(...this.added);
    const initial = Array.from({ length: this.archs.length - this.added.length }, (_, i) => i);
    const room = Math.max(0, limit - repeated.length);
    const rows = [...(initial.length <= room ? initial : rng.shuffled(initial).slice(0, room)), ...repeated];
    return { archs: rows.map((i) => this.archs[i]), accuracies: rows.map((i) => this.accuracies[i]), costs: rows.map((i) => this.costs[i]) };
  }

  samples(): ArchSamples {
    return { archs: this.archs, accuracies: this.accuracies, costs: this.costs };
  }
}

/**
 * Budgets of round `round`: evenly spaced in log-cost over [low, high] (accuracy grows about linearly in
 * log-cost, so the small budgets, where it grows fastest, get as many as the large), shifted by a different
 * fraction each round.
 */
export function roundBudgets(low: number, high: number, count: number, round: number, rounds: number): number[] {
  const shift = (round + 0.5) / rounds;
  const ratio = high / low;
  return Array.from({ length: count }, (_, j) => low * ratio ** ((j + shift) / count));
}

/**
 * Unmeasured architectures within the budget worth asking about, best first: generator samples ranked by R
 * (the best hill-climbed, or repaired when none fits), one/two-gene neighbours of the best measured ones and
 * stage-wise crossovers of the elite, ordered by R at the top budget plus a cost prior.
 */
function proposals(model: PnagModel, measured: MeasuredSet, budget: number, costModel: ExactCostModel, settings: FrontierRoundsSettings,
  taken: Set<string>, rng: Random, surrogate?: FrontierSurrogate): Arch[] {
  const k = model.budgets.length;
  const top = budgetOneHot(k - 1, k);
  const rateTop = (archs: readonly Arch[]): ArrayLike<number> => model.evaluator.score(archs, top);
  const pool = new Map<string, Arch>();
  const offer = (arch: Arch): void => {
    const key = archKey(arch);
    if (!measured.keys.has(key) && !taken.has(key) && costModel.costOf(arch) <= budget) pool.set(key, arch);
  };
  const weights = budgetPosition(budget, model.budgets).weights;
  const sampled = model.policy.sample(weights, settings.samples, rng).archs;
  if (sampled.length > 0) {
    const scores = model.evaluator.score(sampled, weights);
    const fitting = sampled.map((_, i) => i).filter((i) => costModel.costOf(sampled[i]) <= budget);
    fitting.forEach((i) => offer(sampled[i]));
    const bestOf = (indices: number[]): number => indices.reduce((a, b) => (scores[b] > scores[a] ? b : a));
    // The best fitting sample by R, else the best one stepped down to the budget; then hill-climbed. A
    // budget below the smallest network (a training range that starts there) has no start.
    const start = fitting.length > 0 ? sampled[bestOf(fitting)] : repairedOrNone(sampled[bestOf(sampled.map((_, i) => i))], budget, costModel, rateTop);
    if (start) offer(refineWithinBudget(start, budget, costModel, rateTop).arch);
  }
  const elite = measured.bestWithin(budget, Math.max(settings.elite, settings.neighbourParents));
  for (const i of elite.slice(0, settings.neighbourParents)) for (const n of neighboursWithin(measured.archs[i], budget, costModel)) offer(n.arch);
  const parents = elite.slice(0, settings.elite);
  for (let x = 0; x < parents.length; x++) {
    for (let y = x + 1; y < parents.length; y++) for (const child of stageCrossovers(measured.archs[parents[x]], measured.archs[parents[y]])) offer(child);
  }
  for (let m = 0; m < settings.mutants && parents.length > 0; m++) {
    const parent = measured.archs[parents[rng.int(parents.length)]];
    offer(fromGenome(mutate(toGenome(parent, rng), rng, 0.1, [parent.resolution], 0)));
  }
  if (surrogate) {
    // From the top: the largest network stepped down until it fits, by the regressor's mean.
    const fromTop = repairedOrNone(largestArch(measured.archs[0]), budget, costModel, (archs) => surrogate.belief(archs).mean);
    if (fromTop) offer(fromTop);
  }
  const entries = [...pool.values()];
  if (entries.length === 0) return [];
  if (surrogate) {
    const best = measured.bestWithin(budget, 1);
    const incumbent = best.length > 0 ? measured.accuracies[best[0]] : Math.min(...measured.accuracies) - 1;
    const { mean, spread } = surrogate.belief(entries);
    const gain = entries.map((_, i) => expectedImprovement(mean[i], spread[i], incumbent));
    return entries
      .map((_, i) => i)
      .sort((a, b) => gain[b] - gain[a])
      .map((i) => entries[i]);
  }
  const scores = withCostPrior(rateTop(entries), entries.map((a) => costModel.costOf(a)), settings.costPrior);
  return entries
    .map((_, i) => i)
    .sort((a, b) => scores[b] - scores[a])
    .map((i) => entries[i]);
}

function repairedOrNone(arch: Arch, budget: number, costModel: ExactCostModel, score: (archs: readonly Arch[]) => ArrayLike<number>): Arch | undefined {
  try {
    return repairToBudget(arch, budget, costModel, score).arch;
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/**
 * Frontier rounds: after R and f(B) are trained on the initial archive, each round searches many budgets
 * over the trained range (proposals from the generator, the hill-climb, neighbours and crossovers of the
 * best measured architectures), asks the source about the most promising ones, adds them to the training
 * data, then fine-tunes R on all data (new rows weighted up) and f(B) against the new R. Returns the grown
 * data; the model is trained in place.
 */
export async function runFrontierRounds(
  model: PnagModel,
  data: ArchSamples,
  source: AccuracySource,
  costModel: ExactCostModel,
  settings: FrontierRoundsSettings,
  evaluatorOptions: EvaluatorTrainingOptions,
  generatorOptions: ReinforceOptions,
  rng: Random,
  hooks: FrontierRoundsHooks = {},
): Promise<{ data: ArchSamples; report: FrontierRoundsReport }> {
  const started = Date.now();
  const measured = new MeasuredSet(data);
  const budgets = model.budgets;
  const total = Math.max(0, Math.floor(settings.queries));
  // A small query budget gets fewer rounds and budgets (each budget at least minQueriesPerBudget), so
  // the fixed cost of proposals and fine-tuning stays in proportion.
  const minPerBudget = Math.max(1, Math.floor(settings.minQueriesPerBudget));
  const rounds = Math.min(Math.max(1, Math.floor(settings.rounds)), Math.max(1, Math.floor(total / minPerBudget)));
  const perRound = Math.min(Math.max(1, Math.floor(settings.budgetsPerRound)), Math.max(1, Math.floor(total / rounds / minPerBudget)));
  let asked = 0;
  const failures: string[] = [];
  const eta = (): number => (asked > 0 ? ((Date.now() - started) / 1000 / asked) * (total - asked) : NaN);
  for (let round = 0; round < rounds && asked < total; round++) {
    const roundQueries = Math.floor((total - asked) / (rounds - round));
    const roundStart = asked;
    const points = roundBudgets(budgets[0], budgets[budgets.length - 1], perRound, round, rounds);
    const taken = new Set<string>();
    const surrogate = settings.acquisition === 'expectedImprovement' ? await FrontierSurrogate.fit(measured.samples(), settings.surrogate, rng.int(1 << 30)) : undefined;
    try {
      for (let j = 0; j < points.length; j++) {
        throwIfCancelled(hooks.signal);
        // Spread the round's queries evenly; what one budget cannot use goes to the next.
        const share = Math.floor((roundStart + roundQueries - asked) / (points.length - j));
        if (share <= 0) continue;
        const ask = proposals(model, measured, points[j], costModel, settings, taken, rng, surrogate).slice(0, share);
        if (ask.length === 0) continue;
        ask.forEach((a) => taken.add(archKey(a)));
        const answered = await accuracyOrSkip(source, ask, hooks.signal);
        failures.push(...answered.failures);
        const costs = answered.archs.map((a) => costModel.costOf(a));
        measured.add(answered.archs, answered.accuracies, costs);
        asked += ask.length;
        if (answered.archs.length > 0) await hooks.onMeasured?.({ archs: answered.archs, accuracies: answered.accuracies, costs });
        // A source that fails on everything (a broken evaluator command) stops the training, not the budget.
        if (failures.length === asked && asked >= 16) {
          throw new Error(`frontier rounds: all ${asked} evaluations failed; first: ${failures[0]}`);
        }
        hooks.onProgress?.({ round: round + 1, rounds, step: asked, steps: total, stage: 'search', etaSeconds: eta() });
        await yieldToEventLoop();
      }
    } finally {
      surrogate?.dispose();
    }
    const fineTune: EvaluatorTrainingOptions = { ...evaluatorOptions, epochs: settings.evaluatorEpochs, learningRate: settings.evaluatorLearningRate,
      validationFraction: 0 };
    if (fineTune.epochs > 0) {
      await trainEvaluator(model.evaluator, budgets, measured.weighted(settings.newRowWeight, settings.evaluatorRows, rng), fineTune, rng.fork(), {
        signal: hooks.signal,
        onProgress: () => hooks.onProgress?.({ round: round + 1, rounds, step: asked, steps: total, stage: 'evaluator', etaSeconds: eta() }),
      });
      await hooks.afterStep?.();
    }
    if (settings.generatorSteps > 0) {
      const k = budgets.length;
      await trainPolicy(model.policy, budgets.map((_, b) => budgetOneHot(b, k)), evaluatorReward(model), { ...generatorOptions,
        steps: settings.generatorSteps, entropyStart: 0, entropyEnd: 0 }, rng.fork(), {
        signal: hooks.signal,
        onProgress: () => hooks.onProgress?.({ round: round + 1, rounds, step: asked, steps: total, stage: 'generator', etaSeconds: eta() }),
        afterStep: hooks.afterStep,
      });
    }
  }
  const failed = failures.length > 0 ? { firstFailure: failures[0] } : {};
  return { data: measured.samples(), report: { rounds, queries: asked, failed: failures.length, ...failed, seconds: (Date.now() - started) / 1000 } };
}

/**
 * The source's accuracies of `archs`, leaving out the ones it failed on: as in the initial labelling, one
 * failed evaluation (a network too big for the GPU, say) costs that architecture, not the training. A batch
 * that fails is asked again one architecture at a time to tell which failed (an evaluator that archives its
 * results answers the finished ones again). A cancel still stops the training.
 */
export async function accuracyOrSkip(source: AccuracySource, archs: readonly Arch[],
  signal?: AbortSignal): Promise<{ archs: Arch[]; accuracies: number[]; failures: string[] }> {
  const attempt = async (part: readonly Arch[]): Promise<number[] | string> => {
    try {
      const values = await source.accuracy(part, signal);
      const bad = values.findIndex((v) => !Number.isFinite(v));
      return bad < 0 ? values : `${toPnagString(part[bad])}: ${source.name} gave ${values[bad]}`;
    } catch (error) {
      // A source that stops on the cancel reports it its own way; the run reports a cancelled training.
      throwIfCancelled(signal);
      return (error as Error).message ?? String(error);
    }
  };
  const whole = await attempt(archs);
  if (typeof whole !== 'string') return { archs: archs.slice(), accuracies: whole, failures: [] };
  if (archs.length === 1) return { archs: [], accuracies: [], failures: [whole] };
  const out = { archs: [] as Arch[], accuracies: [] as number[], failures: [] as string[] };
  for (const arch of archs) {
    const one = await attempt([arch]);
    if (typeof one === 'string') out.failures.push(one);
    else {
      out.archs.push(arch);
      out.accuracies.push(one[0]);
    }
  }
  return out;
}
