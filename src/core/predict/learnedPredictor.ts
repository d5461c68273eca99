import { type Arch, archKey } from '../space/arch';
import type { AccuracySource } from '../sources/accuracySource';
import type { CostModel, CostUnit } from '../cost/costModel';
import { COST_UNITS, isKnownCostUnit } from '../cost/registry/costModelRegistry';
import { InputError } from '../errors';
import { Random } from '../util/random';
import { type FeatureSet, checkFeatureSet, encodeArchs, featureLength } from './mlpFeatures';
import { type FitReport, type MlpConfig, MlpRegressor, type SerializedMlp } from './mlpRegressor';
import { kendallTau, rmse } from './rankMetrics';

/** One measured architecture: the value is top-1 in percent, or a latency in ms. */
export interface LabelledArch {
  readonly arch: Arch;
  readonly value: number;
}

export interface LearnedPredictorOptions {
  /** Input encoding (default `rich`: one-hot plus exact per-layer costs). */
  readonly features?: FeatureSet;
  /** Independently seeded MLPs whose predictions are averaged (default 1). */
  readonly ensemble?: number;
  /** Share of distinct architectures held out for early stopping (default 0.15). */
  readonly validationShare?: number;
  readonly seed?: number;
  readonly mlp?: Partial<Omit<MlpConfig, 'inputs' | 'seed'>>;
  readonly signal?: AbortSignal;
  readonly onEpoch?: (member: number, epoch: number, validationRmse: number, validationTau: number) => void;
}

export interface TrainingReport {
  /** Distinct architectures after averaging repeated measurements. */
  readonly distinct: number;
  readonly trainRows: number;
  readonly validationRows: number;
  /** Of the averaged ensemble on the validation part. */
  readonly validationRmse: number;
  readonly validationTau: number;
  readonly members: readonly FitReport[];
  readonly seconds: number;
}

export const LEARNED_PREDICTOR_FORMAT = 'pnag-learned-predictor/1';

export interface SerializedLearnedPredictor {
  readonly format: typeof LEARNED_PREDICTOR_FORMAT;
  readonly name: string;
  readonly features: FeatureSet;
  readonly report: TrainingReport;
  readonly models: readonly SerializedMlp[];
}

/** Averages repeated measurements of one architecture: they are noisy samples of one value. */
export function averageDuplicates(rows: readonly LabelledArch[], where = 'training rows'): LabelledArch[] {
  const byKey = new Map<string, { arch: Arch; sum: number; n: number }>();
  rows.forEach((row, i) => {
    if (!Number.isFinite(row.value)) throw new InputError(`${where}: row ${i} has value ${row.value}, not a finite number`);
    const key = archKey(row.arch);
    const entry = byKey.get(key) ?? { arch: row.arch, sum: 0, n: 0 };
    entry.sum += row.value;
    entry.n++;
    byKey.set(key, entry);
  });
  return [...byKey.values()].map((e) => ({ arch: e.arch, value: e.sum / e.n }));
}

/** Seeded split of distinct rows into (first, second) with `share` of them in the second part. */
export function splitRows<T>(rows: readonly T[], share: number, seed: number): [T[], T[]] {
  if (!(share > 0 && share < 1)) throw new InputError(`split: share ${share} must be strictly between 0 and 1`);
  const shuffled = new Random(seed).shuffled(rows);
  const n = Math.max(1, Math.round(rows.length * share));
  return [shuffled.slice(n), shuffled.slice(0, n)];
}

/** Averaged MLPs over one encoding: the engine behind both learned predictors. */
export class MlpEnsemble {
  private constructor(
    readonly features: FeatureSet,
    private readonly models: MlpRegressor[],
    readonly report: TrainingReport,
  ) {}

  static async train(rows: readonly LabelledArch[], options: LearnedPredictorOptions = {}): Promise<MlpEnsemble> {
    const started = Date.now();
    const features = checkFeatureSet(options.features ?? 'rich');
    const size = options.ensemble ?? 1;
    if (!Number.isInteger(size) || size < 1) throw new InputError(`ensemble: ${size} must be a positive integer`);
    const distinct = averageDuplicates(rows);
    if (distinct.length < 10) throw new InputError(`training rows: ${distinct.length} distinct architectures; a learned predictor needs at least 10`);
    const seed = options.seed ?? 0;
    const [train, validation] = splitRows(distinct, options.validationShare ?? 0.15, seed);
    const cols = featureLength(features);
    const matrix = (part: readonly LabelledArch[]) => ({ data: encodeArchs(part.map((r) => r.arch), features), rows: part.length, cols });
    const trainX = matrix(train);
    const validationX = matrix(validation);
    const trainY = train.map((r) => r.value);
    const validationY = validation.map((r) => r.value);
    const models: MlpRegressor[] = [];
    const members: FitReport[] = [];
    for (let m = 0; m < size; m++) {
      const model = new MlpRegressor({ ...options.mlp, inputs: cols, seed: seed * 100 + m });
      members.push(
        await model.fit(trainX, trainY, validationX, validationY, {
          signal: options.signal,
          onEpoch: options.onEpoch && ((epoch, r, t) => options.onEpoch?.(m, epoch, r, t)),
        }),
      );
      models.push(model);
    }
    const ensemble = new MlpEnsemble(features, models, {
      distinct: distinct.length,
      trainRows: train.length,
      validationRows: validation.length,
      validationRmse: Number.NaN,
      validationTau: Number.NaN,
      members,
      seconds: 0,
    });
    const predicted = ensemble.predict(validation.map((r) => r.arch));
    const report: TrainingReport = {
      ...ensemble.report,
      validationRmse: rmse(validationY, predicted),
      validationTau: kendallTau(validationY, predicted),
      seconds: (Date.now() - started) / 1000,
    };
    return new MlpEnsemble(features, models, report);
  }

  predict(archs: readonly Arch[]): number[] {
    const sums = new Array<number>(archs.length).fill(0);
    for (const member of this.predictMembers(archs)) member.forEach((v, i) => (sums[i] += v / this.models.length));
    return sums;
  }

  /** Each member's predictions (one array per member): their spread is the ensemble's uncertainty. */
  predictMembers(archs: readonly Arch[]): number[][] {
    if (archs.length === 0) return this.models.map(() => []);
    const x = { data: encodeArchs(archs, this.features), rows: archs.length, cols: featureLength(this.features) };
    return this.models.map((model) => Array.from(model.predict(x)));
  }

  serialize(name: string): SerializedLearnedPredictor {
    return { format: LEARNED_PREDICTOR_FORMAT, name, features: this.features, report: this.report, models: this.models.map((m) => m.toJSON()) };
  }

  static deserialize(value: SerializedLearnedPredictor, where: string): MlpEnsemble {
    if (!value || value.format !== LEARNED_PREDICTOR_FORMAT) {
      throw new InputError(`${where}: format "${String(value?.format)}" is not ${LEARNED_PREDICTOR_FORMAT}`);
    }
    const features = checkFeatureSet(value.features, `${where}: features`);
    if (!Array.isArray(value.models) || value.models.length === 0) throw new InputError(`${where}: no models`);
    const models = value.models.map((m, i) => MlpRegressor.fromJSON(m, `${where}: model ${i}`));
    models.forEach((m, i) => {
      if (m.config.inputs !== featureLength(features)) {
        throw new InputError(`${where}: model ${i} takes ${m.config.inputs} inputs, features "${features}" give ${featureLength(features)}`);
      }
    });
    return new MlpEnsemble(features, models, value.report);
  }

  dispose(): void {
    this.models.forEach((m) => m.dispose());
  }
}

/** Top-1 rows as an archive gives them. */
export interface Top1Row {
  readonly arch: Arch;
  readonly top1: number;
}

/** An accuracy source learned from an archive's measured top-1: any architecture can be asked about. */
export class LearnedAccuracySource implements AccuracySource {
  readonly unit = '%' as const;
  readonly isEstimate = false;
  readonly cheap = true;
  readonly queryable = true;

  private constructor(
    readonly name: string,
    private readonly ensemble: MlpEnsemble,
  ) {}

  /** Trains on `rows`; `archiveName` names the evidence, giving the source name `mlp:<archiveName>`. */
  static async train(rows: readonly Top1Row[], archiveName: string, options: LearnedPredictorOptions = {}): Promise<LearnedAccuracySource> {
    const ensemble = await MlpEnsemble.train(rows.map((r) => ({ arch: r.arch, value: r.top1 })), options);
    return new LearnedAccuracySource(`mlp:${archiveName}`, ensemble);
  }

  static fromJSON(value: SerializedLearnedPredictor, where = 'learned predictor'): LearnedAccuracySource {
    return new LearnedAccuracySource(value.name, MlpEnsemble.deserialize(value, where));
  }

  get report(): TrainingReport {
    return this.ensemble.report;
  }

  async accuracy(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]> {
    signal?.throwIfAborted();
    return this.ensemble.predict(archs);
  }

  toJSON(): SerializedLearnedPredictor {
    return this.ensemble.serialize(this.name);
  }

  dispose(): void {
    this.ensemble.dispose();
  }
}

/** A latency (or other cost) model learned from measurements; not exact, so budgets are not guaranteed with it. */
export class LearnedCostModel implements CostModel {
  readonly exact = false;

  private constructor(
    readonly name: string,
    readonly unit: CostUnit,
    readonly metric: string,
    private readonly ensemble: MlpEnsemble,
  ) {}

  /**
   * Trains on measured costs; the model is named `mlp:<metric>`, e.g. `mlp:latency_ms@2080ti`. Costs are
   * near-linear in the per-layer cost features, and without weight decay the MLP memorised the training
   * rows instead (validation RMSE 1.1 ms against 0.11 ms with 1e-2), so that and a linear skip path are the defaults here.
   */
  static async train(rows: readonly LabelledArch[], metric: string, unit: CostUnit, options: LearnedPredictorOptions = {}): Promise<LearnedCostModel> {
    const withDefaults = { ...options, mlp: { weightDecay: 1e-2, linearSkip: true, ...options.mlp } };
    return new LearnedCostModel(`mlp:${metric}`, unit, metric, await MlpEnsemble.train(rows, withDefaults));
  }

  static fromJSON(value: SerializedLearnedPredictor & { metric: string; unit: CostUnit }, where = 'learned cost model'): LearnedCostModel {
    if (!isKnownCostUnit(value.unit)) throw new InputError(`${where}: unit "${String(value.unit)}" is not ${COST_UNITS.map((u) => u.unit).join(', ')}`);
    return new LearnedCostModel(value.name, value.unit, value.metric, MlpEnsemble.deserialize(value, where));
  }

  get report(): TrainingReport {
    return this.ensemble.report;
  }

  async costs(archs: readonly Arch[], signal?: AbortSignal): Promise<number[]> {
    signal?.throwIfAborted();
    return this.ensemble.predict(archs);
  }

  toJSON(): SerializedLearnedPredictor & { metric: string; unit: CostUnit } {
    return { ...this.ensemble.serialize(this.name), metric: this.metric, unit: this.unit };
  }

  dispose(): void {
    this.ensemble.dispose();
  }
}
