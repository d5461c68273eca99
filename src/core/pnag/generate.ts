import { type CostModel, type ExactCostModel, isExact } from '../cost/costModel';
import { maddsM } from '../cost/madds';
import type { AccuracySource } from '../sources/accuracySource';
import { answersOf } from '../sources/batchAnswers';
import { type Arch, archKey } from '../space/arch';
import { type OfaDict, toOfaDict } from '../space/ofaDict';
import { toPnagString } from '../space/pnagString';
import { Random } from '../util/random';
import { budgetOneHot, budgetPosition } from './budgets';
import type { PnagModel } from './model';
import { refineWithinBudget, repairToBudget } from './repair';
import { type SourceRefineOptions, refineWithSource } from './sourceRefine';
import { type FrontierPoint, type MeasuredNetwork, bestMeasuredWithin } from './frontierMemory';
import { largestArch } from './largestArch';
import { spelledAsGenerated } from './generatedSpelling';
import type { FailedNetwork } from './failedNetwork';

export interface GenerateOptions {
  /** Architectures sampled besides the greedy one, ranked as `rateBy` says (0 = greedy only). Default 64. */
  readonly bestOf?: number;
  /** With an exact model the result never exceeds the budget; with another it is reported. */
  readonly costModel?: CostModel;
  /** Gives the result's accuracy and its source name. */
  readonly accuracySource?: AccuracySource;
  /** Seeds the best-of-N samples; the same seed gives the same result. Default 0. */
  readonly seed?: number;
  readonly signal?: AbortSignal;
  /**
   * With an exact cost model, hill-climb the pick one step up at a time while it fits and R rises
   * (default true): R's budget boundary is soft, so the generator tends to leave budget unused.
   */
  readonly refine?: boolean;
  /**
   * With an exact cost model and a queryable `accuracySource`: ask the source about up to this many
   * architectures to re-rank the fitting candidates and hill-climb the pick (`refineWithSource`). Default 0
   * (R alone decides). The queries spent are in the result's `sourceQueries`.
   */
  readonly sourceQueries?: number;
  /** Settings of that search (pool per round, elite, cost prior); see `SourceRefineOptions`. */
  readonly sourceSearch?: Omit<SourceRefineOptions, 'queries' | 'signal'>;
  /**
   * Whether the model's frontier memory (the measured non-dominated set) may answer (default true). Off, the
   * answer is the generator's alone: what the paper's f(B) gives.
   */
  readonly frontierMemory?: boolean;
  /**
   * Networks the given source measured besides the memory (the workspace archive's records of it, e.g. picks
   * measured by earlier generations): they answer as the memory does, so an answer is never worse than a
   * network already measured within the budget. They are costed with the exact cost model.
   */
  readonly measured?: readonly MeasuredNetwork[];
  /** Networks the given source failed on before (the workspace archive's `failed` lines): never asked again. */
  readonly failed?: readonly FailedNetwork[];
  /**
   * What rates the candidates (ranks the samples, repairs and climbs, and weighs the memory's network without a
   * source): `model`, the checkpoint's accuracy model when it has one (trainings on an evaluation budget,
   * accuracyModel.ts), else R; `evaluator`, R always. Default `model`.
   */
  readonly rateBy?: 'model' | 'evaluator';
}

export interface GenerationResult {
  readonly budget: number;
  readonly pnag: string;
  readonly arch: Arch;
  readonly ofa: Required<OfaDict> & { r: number };
  /** Cost under `costModel` (the given one), when there is one. */
  readonly cost?: number;
  readonly costModel?: string;
  readonly costUnit?: string;
  /** Whether the cost is within the budget (undefined without a cost model). */
  readonly fits?: boolean;
  readonly madds_M: number;
  readonly madds_ofa_M: number;
  /** Set when the cost model measures milliseconds. */
  readonly latency_ms?: number;
  readonly top1?: number;
  readonly source?: string;
  readonly isEstimate?: boolean;
  /**
   * Without a source to ask, what the training says of the answer: the accuracy the training's source measured
   * (`memory`: the answer is a network of the frontier memory), else the rounds' accuracy model's prediction
   * (`model`; checkpoints trained on an evaluation budget). On the training source's scale; not a new measurement.
   */
  readonly predicted?: { readonly top1: number; readonly from: 'memory' | 'model' };
  readonly evaluatorScore: number;
  /** Steps taken up by the within-budget refinement. */
  readonly refineSteps: string[];
  /** True when the chosen candidate was over budget and stepped down to fit. */
  readonly repaired: boolean;
  readonly repairSteps: string[];
  /** True when the budget lay outside the trained range (the nearest end was used). */
  readonly clamped: boolean;
  readonly messages: string[];
  readonly candidates: number;
  /** Distinct architectures the accuracy source was asked about (the final top-1 included). */
  readonly sourceQueries: number;
  /** Moves accepted by the source-guided hill-climb (empty without `sourceQueries`). */
  readonly sourceSteps: string[];
  /** True when the answer is a measured network (the frontier memory's, or one of `measured`) that beat the pick. */
  readonly fromFrontierMemory: boolean;
  /**
   * The pick the source failed on (an evaluator out of memory, say): now (`askedNow`, to keep in the archive) or
   * before (`options.failed`, not asked again).
   */
  readonly pickFailure?: FailedNetwork & { readonly askedNow: boolean };
  /** Every network the source failed on in this generation (the pick's, the source search's): to keep, so none is asked again. */
  readonly failedNow: FailedNetwork[];
}

/**
 * The architecture for one budget: greedy decoding plus `bestOf` samples from f(B), ranked by R(a|B) (or by the
 * training's accuracy model, when it has one: `rateBy`).
 * With an exact cost model only candidates within the budget compete; if none fits, the best is repaired.
 */
export async function generateForBudget(model: PnagModel, budget: number, options: GenerateOptions = {}): Promise<GenerationResult> {
  const position = budgetPosition(budget, model.budgets);
  const messages: string[] = position.message ? [position.message] : [];
  const bestOf = Math.max(0, Math.floor(options.bestOf ?? 64));
  const greedy = model.policy.sample(position.weights, 1, 'greedy').archs;
  const sampled = bestOf > 0 ? model.policy.sample(position.weights, bestOf, new Random(options.seed ?? 0)).archs : [];
  const unique = new Map<string, Arch>();
  for (const a of [...greedy, ...sampled]) if (!unique.has(archKey(a))) unique.set(archKey(a), a);
  const candidates = [...unique.values()];
  const accuracyModel = (options.rateBy ?? 'model') === 'model' ? model.info.accuracyModel : undefined;
  if (accuracyModel) messages.push(`candidates rated by the accuracy model of the training's rounds (${accuracyModel.networks} measured networks), not R`);
  const scores = accuracyModel ? accuracyModel.rate(candidates, budget) : model.evaluator.score(candidates, position.weights);
  // R rates steps at the largest training budget, where it ranks by accuracy alone (the budget is checked exactly).
  const rateSteps = (archs: readonly Arch[]): ArrayLike<number> =>
    accuracyModel ? accuracyModel.rate(archs, budget) : model.evaluator.score(archs, budgetOneHot(model.budgets.length - 1, model.budgets.length));
  const costModel = options.costModel;
  let chosen = 0;
  let repaired = false;
  let repairSteps: string[] = [];
  let refineSteps: string[] = [];
  let arch: Arch;
  let cost: number | undefined;
  if (costModel && isExact(costModel)) {
    const costs = candidates.map((a) => costModel.costOf(a));
    chosen = argmax(scores, (i) => costs[i] <= budget);
    if (chosen < 0) {
      chosen = argmax(scores, () => true);
      const result = repairToBudget(candidates[chosen], budget, costModel, rateSteps);
      repaired = true;
      repairSteps = result.steps;
      arch = result.arch;
      cost = result.cost;
      messages.push(`no candidate fitted ${budget} ${costModel.unit}; repaired the best one in ${result.steps.length} step(s)`);
    } else {
      arch = candidates[chosen];
      cost = costs[chosen];
    }
    if (options.refine ?? true) {
      // At the query budget R's soft boundary would stop the climb short of the budget: see rateSteps.
      const refined = refineWithinBudget(arch, budget, costModel, rateSteps);
      refineSteps = refined.steps;
      arch = refined.arch;
      cost = refined.cost;
    }
  } else {
    chosen = argmax(scores, () => true);
    arch = candidates[chosen];
    if (costModel) {
      cost = (await costModel.costs([arch], options.signal))[0];
      messages.push(`${costModel.name} is not exact: the budget is not guaranteed`);
    }
  }
  let top1: number | undefined;
  let sourceQueries = 0;
  let sourceSteps: string[] = [];
  const source = options.accuracySource;
  // Networks already measured (the memory's, the source's others): they answer when better, and cost no evaluation.
  const measuredPoints = costModel && isExact(costModel) ? measuredPointsFor(model, source, options, costModel) : [];
  const knownAccuracy = new Map(measuredPoints.map((p) => [archKey(p.arch), p.accuracy]));
  // Costed just now, so the stored costs are the cost model's.
  const remembered = bestMeasuredWithin(measuredPoints, budget);
  // A pick the source fails on is not an error of the generation: a measured network within the budget answers.
  const failedBefore = new Map((options.failed ?? []).map((f) => [archKey(spelledAsGenerated(f.arch)), f.reason]));
  let pickFailure: (FailedNetwork & { askedNow: boolean }) | undefined;
  const failedNow: FailedNetwork[] = [];
  const failureText = (f: FailedNetwork & { askedNow: boolean }): string => (f.askedNow ? f.reason : `${f.reason}: archived earlier, not asked again`);
  const measure = async (asked: AccuracySource, a: Arch): Promise<number | undefined> => {
    const known = knownAccuracy.get(archKey(a));
    if (known !== undefined) return known;
    const failed = failedBefore.get(archKey(a));
    if (failed !== undefined) {
      pickFailure = { arch: a, reason: failed, askedNow: false };
      return undefined;
    }
    sourceQueries += 1;
    try {
      return (await asked.accuracy([a], options.signal))[0];
    } catch (error) {
      options.signal?.throwIfAborted();
      pickFailure = { arch: a, reason: (error as Error).message ?? String(error), askedNow: true };
      // Kept only when the evaluator answered for this network that it failed. A call that failed as a whole (the
      // cluster cannot be reached, say) or an evaluation the infrastructure lost says nothing about the network.
      const answer = answersOf(error, 1)?.[0];
      if (answer && 'failure' in answer && !answer.lost) failedNow.push(pickFailure);
      return undefined;
    }
  };
  if (costModel && isExact(costModel) && source?.queryable && (options.sourceQueries ?? 0) > 0 && cost !== undefined) {
    const costs = candidates.map((a) => costModel.costOf(a));
    const fitting = candidates.map((_, i) => i).filter((i) => costs[i] <= budget).sort((a, b) => scores[b] - scores[a]);
    const picked = arch;
    // A second start at the budget's edge: the largest network stepped down until it fits.
    const fromTop = repairToBudget(largestArch(picked), budget, costModel, rateSteps).arch;
    const start = [picked, fromTop, ...fitting.map((i) => candidates[i])];
    // The best measured network within the budget starts too; its accuracy is known, so it costs no query.
    if (remembered) start.unshift(remembered.arch);
    const refined = await refineWithSource(start, budget, costModel, source, rateSteps, { ...options.sourceSearch, queries: options.sourceQueries ?? 0,
      signal: options.signal, measured: measuredPoints, failed: (options.failed ?? []).map((f) => spelledAsGenerated(f.arch)) });
    sourceQueries = refined.queries;
    sourceSteps = refined.steps;
    failedNow.push(...refined.failures);
    refined.failures.forEach((f) => failedBefore.set(archKey(f.arch), f.reason));
    if (refined.failures.length > 0) {
      messages.push(`source search: ${source.name} failed on ${refined.failures.length} of the ${refined.queries} networks asked (first: ${refined.failures[0].reason}); ` +
        'the search went on without them and kept off networks like them');
    }
    if (refined.stoppedBy !== undefined) messages.push(`source search: stopped after ${refined.queries} networks asked, ${source.name} failed as a whole: ${refined.stoppedBy}`);
    if (refined.best) {
      if (archKey(refined.best.arch) !== archKey(picked)) chosen = -1;
      arch = refined.best.arch;
      cost = refined.best.cost;
      top1 = refined.best.accuracy;
    } else {
      // Every network asked failed: the pick answers without a top-1 (asked below only if the search did not reach it).
      const pickFailed = refined.failures.find((f) => archKey(f.arch) === archKey(picked));
      if (pickFailed) pickFailure = { ...pickFailed, askedNow: true };
      // A source that failed as a whole is not asked about the pick again.
      else if (refined.stoppedBy !== undefined) pickFailure = { arch: picked, reason: refined.stoppedBy, askedNow: true };
    }
  }
  let fromFrontierMemory = false;
  if (remembered && archKey(remembered.arch) !== archKey(arch)) {
    // Decided by the source when there is one (the result's single top-1 query measures the pick), else as steps are rated.
    if (source && top1 === undefined) top1 = await measure(source, arch);
    const better = top1 !== undefined
      ? remembered.accuracy > top1
      : pickFailure !== undefined || Array.from(rateSteps([remembered.arch, arch])).reduce((a, b) => a - b) > 0;
    if (better) {
      messages.push(pickFailure !== undefined
        ? `${source?.name ?? 'the source'} failed on the generated pick (${failureText(pickFailure)}); the best measured network within the budget (${remembered.accuracy.toFixed(2)} %) answers`
        : `frontier memory: a measured architecture (${remembered.accuracy.toFixed(2)} % under ${source?.name ?? model.info.accuracySource}) beats the generated one${top1 !== undefined ? ` (${top1.toFixed(2)} %)` : accuracyModel ? ' by the accuracy model' : ' by R'}`);
      arch = remembered.arch;
      cost = remembered.cost;
      top1 = source ? remembered.accuracy : undefined;
      chosen = -1;
      fromFrontierMemory = true;
    }
  }
  // R's score of the answer (the scores above are the accuracy model's when it rated).
  const scoredByR = chosen >= 0 && !repaired && refineSteps.length === 0 && !accuracyModel;
  const evaluatorScore = scoredByR ? scores[chosen] : model.evaluator.score([arch], position.weights)[0];
  // A pick measured before (the memory's, an earlier generation's) is not paid for again, nor one that failed.
  if (source && top1 === undefined && pickFailure === undefined) top1 = await measure(source, arch);
  // The Frontier view's sweep and a generation without a source still have a number to show, marked for what it is.
  // The answer is the memory's network exactly when fromFrontierMemory is set.
  const predicted = source ? undefined
    : fromFrontierMemory && remembered ? { top1: remembered.accuracy, from: 'memory' as const }
      : accuracyModel ? { top1: accuracyModel.predict(arch, budget), from: 'model' as const } : undefined;
  if (pickFailure !== undefined && !fromFrontierMemory) {
    messages.push(`${source?.name ?? 'the source'} failed on the generated pick (${failureText(pickFailure)}) and no measured network fits the budget: it is answered without a top-1`);
  }
  return {
    budget,
    pnag: toPnagString(arch),
    arch,
    ofa: toOfaDict(arch),
    cost,
    costModel: costModel?.name,
    costUnit: costModel?.unit,
    fits: cost === undefined ? undefined : cost <= budget,
    madds_M: maddsM(arch, 'pnag'),
    madds_ofa_M: maddsM(arch, 'ofa'),
    latency_ms: costModel?.unit === 'ms' ? cost : undefined,
    top1,
    source: options.accuracySource?.name,
    isEstimate: options.accuracySource?.isEstimate,
    ...(predicted ? { predicted } : {}),
    evaluatorScore,
    repaired,
    repairSteps,
    refineSteps,
    clamped: position.clamped,
    messages,
    candidates: candidates.length,
    sourceQueries,
    sourceSteps,
    fromFrontierMemory,
    ...(pickFailure ? { pickFailure } : {}),
    failedNow,
  };
}

/**
 * The measured networks generation may answer with, spelled as the pick is and costed by the exact cost model:
 * the frontier memory's when its accuracies are comparable with the given source's (same source name, or no
 * source given), and the source's other measurements (`options.measured`, later ones winning for the same network).
 */
function measuredPointsFor(model: PnagModel, source: AccuracySource | undefined, options: Pick<GenerateOptions, 'frontierMemory' | 'measured'>,
  costModel: ExactCostModel): FrontierPoint[] {
  if (options.frontierMemory === false) return [];
  const comparable = !source || source.name === model.info.accuracySource;
  const points: readonly MeasuredNetwork[] = [...(comparable ? model.info.frontier ?? [] : []), ...(source ? options.measured ?? [] : [])];
  return points.map((p) => {
    const arch = spelledAsGenerated(p.arch);
    return { arch, accuracy: p.accuracy, cost: costModel.costOf(arch) };
  });
}

function argmax(values: ArrayLike<number>, allowed: (i: number) => boolean): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (allowed(i) && (best < 0 || values[i] > values[best])) best = i;
  return best;
}
