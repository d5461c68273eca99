import { type AdditiveCost, additiveCostTable } from '../cost/additiveCost';
import type { ExactCostModel } from '../cost/costModel';
import type { AccuracySource } from '../sources/accuracySource';
import { EvaluatorError } from '../sources/evaluatorError';
import { type Arch, archKey } from '../space/arch';
import type { Random } from '../util/random';
import { accuracyOrSkip } from './accuracyOrSkip';
import { EvaluationPool } from './evaluationPool';
import { budgetOneHot, roundBudgets } from './budgets';

export { roundBudgets } from './budgets';
import { type EvaluatorTrainingOptions, trainEvaluator } from './evaluatorTraining';
import { evaluatorReward } from './evaluatorReward';
import { type DistillationResult, distillFrontier } from './frontierDistillation';
import type { FrontierRoundsSettings } from './frontierRoundsSettings';
import { tailPick } from './incumbentNeighbours';
import { frontierRise } from './frontierRise';
import { proposals } from './frontierProposals';
import { FrontierSurrogate } from './frontierSurrogate';
import { FailureModel } from './failureModel';
import { MeasuredSet } from './measuredSet';
import { GENERATED_SPACE, samplesAsGenerated, spelledAsGenerated } from './generatedSpelling';
import { LocalFitChecks } from './budgetLocalFit';
import { PairResidualRefits } from './pairResidualModel';
import { thompsonBatch } from './thompsonProposals';
import { AccuracyModel } from './accuracyModel';
import type { PnagModel } from './model';
import type { FrontierRoundsReport } from './modelInfo';
import { type ReinforceOptions, trainPolicy } from './reinforce';
import type { ArchSamples } from './samples';
import { throwIfCancelled, yieldToEventLoop } from './trainingLoop';

export type { FrontierRoundsReport } from './modelInfo';
export { DEFAULT_FRONTIER_ROUNDS, type FrontierRoundsSettings } from './frontierRoundsSettings';

export interface FrontierProgress {
  readonly round: number;
  readonly rounds: number;
  /** Queries asked so far / in all. */
  readonly step: number;
  readonly steps: number;
  readonly stage: 'search' | 'evaluator' | 'generator';
  readonly etaSeconds: number;
}

/** Networks and their accuracies (%) at the data's width and resolution. */
export interface ArrivedAnswers {
  readonly archs: readonly Arch[];
  readonly accuracies: readonly number[];
}

export interface FrontierRoundsHooks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: FrontierProgress) => void;
  /** Newly measured architectures as soon as the source answered them (a batch, or with Thompson rounds each one). */
  readonly onMeasured?: (rows: ArchSamples) => Promise<void> | void;
  /** Failed evaluations as they come, with the source's messages (e.g. to keep in the archive). */
  readonly onFailed?: (archs: readonly Arch[], reasons: readonly string[]) => Promise<void> | void;
  /**
   * Networks the source failed on before the rounds (the coverage design, an earlier run kept in the archive):
   * never sent again, and the model of the source's failures starts from them.
   */
  readonly failedBefore?: readonly Arch[];
  /** After each fine-tuning step (evaluator or generator), e.g. to write a checkpoint now and then. */
  readonly afterStep?: () => Promise<void> | void;
  /**
   * Answers of the source that reached the archive without this run asking for them — a cluster run of an earlier,
   * crashed training reattached by the first request, whose in-flight networks are answered now — among the networks
   * `isNew` accepts. Paid for: the rounds learn from them and count them against their evaluations.
   */
  readonly arrived?: (isNew: (arch: Arch) => boolean) => ArrivedAnswers;
}

/**
 * Frontier rounds: after R and f(B) are trained on the initial archive, each round searches many budgets
 * over the trained range (proposals from the generator, the hill-climb, neighbours and crossovers of the
 * best measured architectures), asks the source about the most promising ones, adds them to the training
 * data, then fine-tunes R on all data (new rows weighted up) and f(B) against the new R. Returns the grown
 * data; the model is trained in place.
 *
 * With the `evaluator` acquisition (cheap sources) each budget's proposals are asked at once, so the next
 * budget builds on them. With `expectedImprovement` (sources paid per evaluation) the proposals go out in
 * batches of the source's concurrency (`batchSize`), and the rounds are pipelined: a round's fine-tuning of
 * R and f(B) runs while the next round's first batch (chosen by the surrogate refitted on everything
 * measured) is with the source. With `thompson` the batches are Thompson draws of the per-layer accuracy model
 * refitted before each batch, each draw's knapsack network climbed on the pair model where that predicts
 * better (no proposals from R or f(B): see docs/evaluation-budget.md for why), pipelined the same way; with
 * `asynchronous`, `batchSize` picks are out at once and each answer is replaced by a new draw from the model
 * refitted with it (a worker that finishes does not wait for a batch's slowest network).
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
): Promise<{ data: ArchSamples; report: FrontierRoundsReport; accuracyModel?: AccuracyModel }> {
  const started = Date.now();
  // Spelled as f(B) spells networks, so that a network of the data is recognised when the rounds generate it.
  const measured = new MeasuredSet(samplesAsGenerated(data));
  const budgets = model.budgets;
  const total = Math.max(0, Math.floor(settings.queries));
  // A small query budget gets fewer rounds and budgets (each budget at least minQueriesPerBudget), so
  // the fixed cost of proposals and fine-tuning stays in proportion.
  const minPerBudget = Math.max(1, Math.floor(settings.minQueriesPerBudget));
  const rounds = Math.min(Math.max(1, Math.floor(settings.rounds)), Math.max(1, Math.floor(total / minPerBudget)));
  const perRound = Math.min(Math.max(1, Math.floor(settings.budgetsPerRound)), Math.max(1, Math.floor(total / rounds / minPerBudget)));
  let asked = 0;
  // The last evaluations also look next to the incumbent, a long tail at budgets even in cost (incumbentNeighbours.ts).
  const tailPickAt = (left: number): ReturnType<typeof tailPick> => tailPick(left, total, settings.thompsonNeighbourShare,
    settings.thompsonNeighboursBeginBy, settings.thompsonLongTailBudgetPower);
  // Evaluations whose picks also weighed neighbours of the incumbent, for the report.
  let nearIncumbentSent = 0;
  const failures: string[] = [];
  // Evaluations the infrastructure lost: not sent again in this run, but not the network's failure either.
  const lost: string[] = [];
  // The networks behind them: what the source fails on, so that picks like them are not sent (failureModel.ts).
  const failedArchs: Arch[] = (hooks.failedBefore ?? []).map(spelledAsGenerated);
  const failedKeys = new Set(failedArchs.map(archKey));
  let replacedPicks = 0;
  const failureModel = (): FailureModel | undefined => FailureModel.fit(measured.archs, failedArchs, (a) => costModel.costOf(a));
  // Everything sent, answered or not: a network whose evaluation failed is not drawn again, and an answer to a
  // network still out (archived by the evaluator before its call returns) is not taken for an arrival.
  const sent = new Set<string>(failedKeys);
  // Answers that arrived unasked (hooks.arrived), learnt from and counted in `asked`.
  let arrivedCount = 0;
  const absorbArrivals = (): void => {
    const rows = hooks.arrived?.((a) => {
      const key = archKey(spelledAsGenerated(a));
      return !measured.keys.has(key) && !failedKeys.has(key) && !sent.has(key);
    });
    if (!rows || rows.archs.length === 0) return;
    const archs = rows.archs.map(spelledAsGenerated);
    measured.add(archs, rows.accuracies, archs.map((a) => costModel.costOf(a)));
    asked += archs.length;
    arrivedCount += archs.length;
  };
  const eta = (): number => (asked > 0 ? ((Date.now() - started) / 1000 / asked) * (total - asked) : NaN);
  const report = (round: number, stage: FrontierProgress['stage']): void =>
    hooks.onProgress?.({ round: round + 1, rounds, step: asked, steps: total, stage, etaSeconds: eta() });

  /** Proposals at the round's budgets, `quota` in all spread evenly over them, handed to `pick` budget by budget. */
  const searchRound = async (round: number, quota: number, pick: (archs: Arch[]) => Promise<void>): Promise<void> => {
    const points = roundBudgets(budgets[0], budgets[budgets.length - 1], perRound, round, rounds);
    const taken = new Set<string>();
    const surrogate = settings.acquisition === 'expectedImprovement' ? await FrontierSurrogate.fit(measured.samples(), settings.surrogate, rng.int(1 << 30)) : undefined;
    // The last `exploitRounds` rounds rank by the regressor's mean alone.
    const regressor = surrogate && { surrogate, exploit: round >= rounds - settings.exploitRounds };
    const failure = failureModel();
    let chosen = 0;
    try {
      for (let j = 0; j < points.length; j++) {
        throwIfCancelled(hooks.signal);
        // Spread the round's queries evenly; what one budget cannot use goes to the next.
        const share = Math.floor((quota - chosen) / (points.length - j));
        if (share <= 0) continue;
        const ask = proposals(model, measured, points[j], costModel, settings, taken, rng, regressor)
          .filter((a) => !failedKeys.has(archKey(a)) && !failure?.likelyToFail(a)).slice(0, share);
        if (ask.length === 0) continue;
        ask.forEach((a) => taken.add(archKey(a)));
        chosen += ask.length;
        await pick(ask);
        await yieldToEventLoop();
      }
    } finally {
      surrogate?.dispose();
    }
  };

  const record = async (round: number, count: number, answered: Answered): Promise<void> => {
    failures.push(...answered.failures);
    failedArchs.push(...answered.failed);
    answered.failed.forEach((a) => failedKeys.add(archKey(a)));
    lost.push(...answered.lostReasons);
    answered.lost.forEach((a) => failedKeys.add(archKey(a)));
    if (answered.failed.length > 0) await hooks.onFailed?.(answered.failed, answered.failures);
    const costs = answered.archs.map((a) => costModel.costOf(a));
    measured.add(answered.archs, answered.accuracies, costs);
    asked += count;
    if (answered.archs.length > 0) await hooks.onMeasured?.({ archs: answered.archs, accuracies: answered.accuracies, costs });
    // A source that fails on everything (a broken evaluator command) stops the training, not the budget.
    if (failures.length + lost.length === asked && asked >= 16) throw new EvaluatorError(`frontier rounds: all ${asked} evaluations failed; first: ${[...failures, ...lost][0]}`);
    report(round, 'search');
  };

  const learn = async (round: number): Promise<void> => {
    const fineTune: EvaluatorTrainingOptions = { ...evaluatorOptions, epochs: settings.evaluatorEpochs, learningRate: settings.evaluatorLearningRate,
      validationFraction: 0 };
    if (fineTune.epochs > 0) {
      await trainEvaluator(model.evaluator, budgets, measured.weighted(settings.newRowWeight, settings.evaluatorRows, rng), fineTune, rng.fork(), {
        signal: hooks.signal,
        onProgress: () => report(round, 'evaluator'),
      });
      await hooks.afterStep?.();
    }
    if (settings.generatorSteps > 0) {
      const k = budgets.length;
      await trainPolicy(model.policy, budgets.map((_, b) => budgetOneHot(b, k)), evaluatorReward(model), { ...generatorOptions,
        steps: settings.generatorSteps, entropyStart: 0, entropyEnd: 0 }, rng.fork(), {
        signal: hooks.signal,
        onProgress: () => report(round, 'generator'),
        afterStep: hooks.afterStep,
      });
    }
  };

  // Thompson rounds: what the per-layer sum leaves, and fits around each pick's budget, where held-out networks say
  // they predict better (pairResidualModel.ts, budgetLocalFit.ts).
  const pairs = new PairResidualRefits(undefined, undefined, settings.thompsonFirstCheck);
  let accuracyModel: AccuracyModel | undefined;
  const localFits = new LocalFitChecks([budgets[0], budgets[budgets.length - 1]], undefined, settings.thompsonFirstCheck);

  /**
   * Thompson rounds, asynchronous: `width` evaluations are kept with the source, and each answer is learnt from
   * (the per-layer model refitted) and replaced by a new draw at once (evaluationPool.ts). A round is an eighth of the
   * rounds' evaluations; its learning (R fine-tuned, then f(B)) starts when its last answer is in and runs while the
   * source works on the next ones.
   */
  const asynchronousThompsonRounds = async (table: AdditiveCost, range: readonly [number, number], width: number): Promise<void> => {
    const pool = new EvaluationPool(source, width, hooks.signal);
    const first = asked;
    const roundEnd = (round: number): number => first + Math.floor(((total - first) * (round + 1)) / rounds);
    let round = 0;
    let learning: Promise<void> = Promise.resolve();
    let learningError: unknown;
    const learnInBackground = (r: number): void => {
      learning = learning.then(() => learn(r)).catch((error: unknown) => {
        learningError ??= error;
      });
    };
    const drawOne = (): Arch | undefined => {
      const residual = pairs.current(measured.samples());
      const local = localFits.current(measured.samples());
      const tail = tailPickAt(total - asked - pool.size);
      const [pick] = thompsonBatch(measured, table, range, 1, rng, settings.thompsonScale, { exclude: sent, residual, local, ...tail,
        failure: failureModel(), onReplaced: () => replacedPicks++ });
      if (pick && tail.nearIncumbent !== undefined) nearIncumbentSent++;
      return pick;
    };
    try {
      for (;;) {
        throwIfCancelled(hooks.signal);
        if (learningError !== undefined) throw learningError;
        while (!pool.full && asked + pool.size < total) {
          const pick = drawOne();
          // The draws keep repeating measured networks: the space near the frontier is spent.
          if (!pick) break;
          sent.add(archKey(pick));
          pool.send(pick);
        }
        if (pool.size === 0) break;
        const { outcome } = await pool.next();
        await record(round, 1, outcome);
        absorbArrivals();
        while (round < rounds - 1 && asked >= roundEnd(round)) learnInBackground(round++);
        await yieldToEventLoop();
      }
      learnInBackground(round);
      await learning;
      if (learningError !== undefined) throw learningError;
    } catch (error) {
      // Nothing of this training may still run once the error is seen (it would train a model being disposed).
      await learning;
      throw error;
    }
  };

  if (settings.acquisition === 'expectedImprovement' || settings.acquisition === 'thompson') {
    const batchSize = Math.max(1, Math.floor(settings.batchSize));
    const table = settings.acquisition === 'thompson' ? additiveCostTable(costModel, GENERATED_SPACE) : undefined;
    if (settings.acquisition === 'thompson' && !table) throw new Error(`frontier rounds: Thompson rounds need a cost that is a sum of per-layer costs; ${costModel.name} is not`);
    const range = [budgets[0], budgets[budgets.length - 1]] as const;
    // What arrived while the data was gathered; from here on each answer takes in what arrived with it.
    absorbArrivals();
    if (table && settings.asynchronous) await asynchronousThompsonRounds(table, range, batchSize);
    else {
      // Picks go out in batches of the source's concurrency, each answered before the next is drawn (so they build
      // on it). A round's learning waits for the next round's first batch and runs while the source works on it:
      // the source never waits for training.
      let deferred: number | undefined;
      const send = async (round: number, batch: Arch[]): Promise<void> => {
        const answer = accuracyOrSkip(source, batch, hooks.signal);
        // Awaited after the learning below; a failure meanwhile must not count as unhandled.
        answer.catch(() => undefined);
        if (deferred !== undefined) {
          const learning = deferred;
          deferred = undefined;
          await learn(learning);
        }
        await record(round, batch.length, await answer);
        absorbArrivals();
      };
      for (let round = 0; round < rounds && asked < total; round++) {
        const quota = Math.floor((total - asked) / (rounds - round));
        if (table) {
          for (let count = 0; count < quota && asked < total; ) {
            throwIfCancelled(hooks.signal);
            const residual = pairs.current(measured.samples());
            const local = localFits.current(measured.samples());
            const size = Math.min(batchSize, quota - count, total - asked);
            const tail = tailPickAt(total - asked);
            const batch = thompsonBatch(measured, table, range, size, rng, settings.thompsonScale, { exclude: sent, residual, local, ...tail,
              failure: failureModel(), onReplaced: () => replacedPicks++ });
            if (batch.length === 0) break;
            count += batch.length;
            if (tail.nearIncumbent !== undefined) nearIncumbentSent += batch.length;
            batch.forEach((a) => sent.add(archKey(a)));
            await send(round, batch);
            await yieldToEventLoop();
          }
        } else {
          const waiting: Arch[] = [];
          await searchRound(round, quota, async (ask) => {
            waiting.push(...ask);
            while (waiting.length >= batchSize) await send(round, waiting.splice(0, batchSize));
          });
          if (waiting.length > 0) await send(round, waiting.splice(0));
        }
        deferred = round;
      }
      if (deferred !== undefined) await learn(deferred);
    }
    // What chose the measured frontier rates generation's candidates (accuracyModel.ts).
    if (table && asked > 0) accuracyModel = AccuracyModel.fit(measured.samples(), range, { firstCheck: settings.thompsonFirstCheck });
  } else {
    for (let round = 0; round < rounds && asked < total; round++) {
      await searchRound(round, Math.floor((total - asked) / (rounds - round)), async (ask) => {
        await record(round, ask.length, await accuracyOrSkip(source, ask, hooks.signal));
      });
      await learn(round);
    }
  }
  let distillation: DistillationResult | undefined;
  if (settings.distillation.steps > 0 && asked > 0) {
    report(rounds - 1, 'generator');
    const taught = await distillFrontier(model, measured.samples(), settings.distillation, hooks.signal);
    // With no measured network within the trained range nothing was taught, and there is nothing to report.
    if (taught.pairs > 0) distillation = taught;
    await hooks.afterStep?.();
  }
  const failed = { ...(failures.length > 0 ? { firstFailure: failures[0] } : {}), ...(lost.length > 0 ? { lost: lost.length, firstLost: lost[0] } : {}) };
  const pairModel = pairs.summary();
  const rise = frontierRise(measured, measured.added.length, [budgets[0], budgets[budgets.length - 1]]);
  const localFit = localFits.summary();
  const modelReports = { ...(pairModel ? { pairModel } : {}), ...(localFit ? { localFit } : {}),
    ...(nearIncumbentSent > 0 ? { nearIncumbent: nearIncumbentSent } : {}), ...(replacedPicks > 0 ? { avoidedFailures: replacedPicks } : {}),
    ...(arrivedCount > 0 ? { arrived: arrivedCount } : {}), ...(rise ? { rise } : {}), ...(distillation ? { distillation } : {}) };
  const seconds = (Date.now() - started) / 1000;
  return { data: measured.samples(), report: { rounds, queries: asked, failed: failures.length, ...failed, ...modelReports, seconds },
    ...(accuracyModel ? { accuracyModel } : {}) };
}

type Answered = Awaited<ReturnType<typeof accuracyOrSkip>>;
