import { tf } from '../tf/backend';
import { DenseLayer } from '../tf/dense';
import { type SerializedWeights, loadVariables, serializeVariables } from '../tf/namedWeights';
import { Random } from '../util/random';
import { InputError } from '../errors';
import { kendallTau, rmse } from './rankMetrics';

/** Hyper-parameters of one MLP regressor. */
export interface MlpConfig {
  readonly inputs: number;
  /** Hidden layer widths (ReLU), default [256, 256]. */
  readonly hidden: readonly number[];
  readonly learningRate: number;
  readonly batchSize: number;
  readonly maxEpochs: number;
  /** Epochs without a better validation score before stopping. */
  readonly patience: number;
  /** Weight of the pairwise logistic ranking loss added to the MSE (0 = plain regression). */
  readonly rankWeight: number;
  /** Sharpness of the ranking loss on standardised predictions. */
  readonly rankScale: number;
  /** Adds a linear path from inputs to output, so what is linear in the features (costs) generalises. */
  readonly linearSkip: boolean;
  /** L2 penalty on the weights. */
  readonly weightDecay: number;
  /** What early stopping watches on the validation part: lowest RMSE or highest Kendall tau. */
  readonly earlyStopOn: 'rmse' | 'tau';
  readonly seed: number;
}

export const DEFAULT_MLP_CONFIG: Omit<MlpConfig, 'inputs'> = {
  hidden: [256, 256],
  learningRate: 1e-3,
  batchSize: 64,
  maxEpochs: 400,
  patience: 40,
  rankWeight: 0,
  rankScale: 4,
  weightDecay: 0,
  linearSkip: false,
  earlyStopOn: 'rmse',
  seed: 0,
};

/** Per-column input standardisation and the target's mean and spread. */
export interface Normalisation {
  readonly xMean: number[];
  readonly xStd: number[];
  readonly yMean: number;
  readonly yStd: number;
}

export const MLP_FORMAT = 'pnag-mlp/1';

export interface SerializedMlp {
  readonly format: typeof MLP_FORMAT;
  readonly config: MlpConfig;
  readonly normalisation: Normalisation;
  readonly weights: SerializedWeights;
}

/** A design matrix: `rows` x `cols`, row-major. */
export interface Matrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

export interface FitReport {
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly trainRmse: number;
  readonly validationRmse: number;
  readonly validationTau: number;
  readonly seconds: number;
}

export interface FitOptions {
  readonly signal?: AbortSignal;
  readonly onEpoch?: (epoch: number, validationRmse: number, validationTau: number) => void;
}

function checkMatrix(m: Matrix, targets: readonly number[] | undefined, cols: number, what: string): void {
  if (m.cols !== cols) throw new InputError(`${what}: ${m.cols} feature columns, the model takes ${cols}`);
  if (m.data.length !== m.rows * m.cols) throw new InputError(`${what}: ${m.data.length} values for ${m.rows} x ${m.cols}`);
  if (targets && targets.length !== m.rows) throw new InputError(`${what}: ${m.rows} rows but ${targets.length} targets`);
  if (targets) targets.forEach((t, i) => {
    if (!Number.isFinite(t)) throw new InputError(`${what}: target ${i} is ${t}, not a finite number`);
  });
}

function computeNormalisation(x: Matrix, y: readonly number[]): Normalisation {
  const xMean = new Array<number>(x.cols).fill(0);
  const xStd = new Array<number>(x.cols).fill(0);
  for (let r = 0; r < x.rows; r++) for (let c = 0; c < x.cols; c++) xMean[c] += x.data[r * x.cols + c] / x.rows;
  for (let r = 0; r < x.rows; r++) for (let c = 0; c < x.cols; c++) xStd[c] += (x.data[r * x.cols + c] - xMean[c]) ** 2 / x.rows;
  const yMean = y.reduce((a, b) => a + b, 0) / y.length;
  const yVar = y.reduce((a, b) => a + (b - yMean) ** 2, 0) / y.length;
  // A constant column (or target) is left unscaled rather than divided by zero.
  return { xMean, xStd: xStd.map((v) => (v > 1e-12 ? Math.sqrt(v) : 1)), yMean, yStd: yVar > 1e-12 ? Math.sqrt(yVar) : 1 };
}

/**
 * A multi-layer perceptron regressor in TensorFlow.js (customGrad dense layers, Adam), trained on MSE
 * plus an optional pairwise ranking loss, with early stopping on a validation part and a fixed seed.
 */
export class MlpRegressor {
  readonly config: MlpConfig;
  private readonly layers: DenseLayer[];
  private readonly skip: DenseLayer | undefined;
  private norm: Normalisation | undefined;
  /** TF.js variable names must be unique per process; saved weights use names without this prefix. */
  private readonly prefix: string;
  private static instances = 0;

  constructor(config: Partial<MlpConfig> & { inputs: number }) {
    this.config = { ...DEFAULT_MLP_CONFIG, ...config };
    const c = this.config;
    if (!Number.isInteger(c.inputs) || c.inputs < 1) throw new InputError(`MLP: inputs ${c.inputs} must be a positive integer`);
    if (c.hidden.some((h) => !Number.isInteger(h) || h < 1)) throw new InputError(`MLP: hidden sizes [${c.hidden.join(', ')}] must be positive integers`);
    const rng = new Random(c.seed);
    const sizes = [c.inputs, ...c.hidden, 1];
    this.prefix = `mlp#${MlpRegressor.instances++}`;
    this.layers = sizes.slice(1).map((out, i) => new DenseLayer(`${this.prefix}/${i}`, sizes[i], out, rng));
    this.skip = c.linearSkip ? new DenseLayer(`${this.prefix}/skip`, c.inputs, 1, rng) : undefined;
  }

  get trained(): boolean {
    return this.norm !== undefined;
  }

  get normalisation(): Normalisation | undefined {
    return this.norm;
  }

  variables(): tf.Variable[] {
    return [...this.layers, ...(this.skip ? [this.skip] : [])].flatMap((l) => l.variables());
  }

  /** Standardised predictions for already-standardised inputs, shape [n]. */
  private forward(x: tf.Tensor2D): tf.Tensor1D {
    let h = x;
    this.layers.forEach((layer, i) => {
      h = layer.apply(h);
      if (i < this.layers.length - 1) h = tf.relu(h);
    });
    if (this.skip) h = tf.add(h, this.skip.apply(x));
    return tf.reshape(h, [-1]) as tf.Tensor1D;
  }

  private standardised(x: Matrix, norm: Normalisation, start = 0, end = x.rows): tf.Tensor2D {
    const rows = end - start;
    const out = new Float32Array(rows * x.cols);
    for (let r = 0; r < rows; r++) {
      const src = (start + r) * x.cols;
      for (let c = 0; c < x.cols; c++) out[r * x.cols + c] = (x.data[src + c] - norm.xMean[c]) / norm.xStd[c];
    }
    return tf.tensor2d(out, [rows, x.cols]);
  }

  /** Predictions in the target's units. */
  predict(x: Matrix): number[] {
    const norm = this.norm;
    if (!norm) throw new Error('MLP: predict called before fit or load');
    checkMatrix(x, undefined, this.config.inputs, 'MLP predict');
    const out: number[] = [];
    const chunk = 4096;
    for (let start = 0; start < x.rows; start += chunk) {
      const end = Math.min(x.rows, start + chunk);
      const values = tf.tidy(() => this.forward(this.standardised(x, norm, start, end))).dataSync() as Float32Array;
      for (const v of values) out.push(v * norm.yStd + norm.yMean);
    }
    return out;
  }

  private lossOf(x: tf.Tensor2D, y: tf.Tensor1D, sign: tf.Tensor2D | undefined, pairs: number): tf.Scalar {
    const c = this.config;
    const p = this.forward(x);
    let loss = tf.mean(tf.square(tf.sub(p, y))) as tf.Scalar;
    if (sign && pairs > 0) {
      // Logistic loss on every ordered pair the labels order: softplus(-s_ij * k * (p_i - p_j)).
      const diff = tf.sub(tf.reshape(p, [-1, 1]), tf.reshape(p, [1, -1]));
      const rank = tf.div(tf.sum(tf.mul(tf.abs(sign), tf.softplus(tf.mul(tf.mul(sign, diff), -c.rankScale)))), pairs);
      loss = tf.add(loss, tf.mul(rank, c.rankWeight)) as tf.Scalar;
    }
    if (c.weightDecay > 0) {
      const l2 = tf.addN(this.layers.map((l) => tf.sum(tf.square(l.weight))));
      loss = tf.add(loss, tf.mul(l2, c.weightDecay)) as tf.Scalar;
    }
    return loss;
  }

  /** Trains on (x, y), stopping early on (validation x, y); keeps the best epoch's weights. */
  async fit(x: Matrix, y: readonly number[], validationX: Matrix, validationY: readonly number[], options: FitOptions = {}): Promise<FitReport> {
    const c = this.config;
    checkMatrix(x, y, c.inputs, 'MLP training data');
    checkMatrix(validationX, validationY, c.inputs, 'MLP validation data');
    if (x.rows < 2 || validationX.rows < 2) throw new InputError(`MLP: need at least 2 training and 2 validation rows, got ${x.rows} and ${validationX.rows}`);
    const started = Date.now();
    const norm = computeNormalisation(x, y);
    this.norm = norm;
    const rng = new Random(c.seed + 1);
    const optimizer = tf.train.adam(c.learningRate);
    const vars = this.variables();
    const yStd = y.map((v) => (v - norm.yMean) / norm.yStd);
    let best = {
      score: Number.POSITIVE_INFINITY, epoch: 0, rmse: Number.NaN, tau: Number.NaN,
      weights: vars.map((v) => (v.dataSync() as Float32Array).slice()),
    };
    let epoch = 0;
    const order = Array.from({ length: x.rows }, (_, i) => i);
    for (epoch = 1; epoch <= c.maxEpochs; epoch++) {
      options.signal?.throwIfAborted();
      const perm = rng.shuffled(order);
      for (let start = 0; start < perm.length; start += c.batchSize) {
        const idx = perm.slice(start, start + c.batchSize);
        if (idx.length < 2) continue;
        const bx = new Float32Array(idx.length * c.inputs);
        idx.forEach((row, r) => {
          for (let k = 0; k < c.inputs; k++) bx[r * c.inputs + k] = (x.data[row * c.inputs + k] - norm.xMean[k]) / norm.xStd[k];
        });
        const by = idx.map((i) => yStd[i]);
        let sign: Float32Array | undefined;
        let pairs = 0;
        if (c.rankWeight > 0) {
          sign = new Float32Array(idx.length * idx.length);
          for (let i = 0; i < idx.length; i++) {
            for (let j = 0; j < idx.length; j++) {
              const d = by[i] - by[j];
              if (d !== 0) {
                sign[i * idx.length + j] = d > 0 ? 1 : -1;
                pairs++;
              }
            }
          }
        }
        tf.tidy(() => {
          const xt = tf.tensor2d(bx, [idx.length, c.inputs]);
          const yt = tf.tensor1d(by);
          const st = sign ? tf.tensor2d(sign, [idx.length, idx.length]) : undefined;
          optimizer.minimize(() => this.lossOf(xt, yt, st, pairs), false, vars);
        });
      }
      const predicted = this.predict(validationX);
      const valRmse = rmse(validationY, predicted);
      const valTau = kendallTau(validationY, predicted);
      options.onEpoch?.(epoch, valRmse, valTau);
      const score = c.earlyStopOn === 'tau' ? -valTau : valRmse;
      if (score < best.score) {
        best = { score, epoch, rmse: valRmse, tau: valTau, weights: vars.map((v) => (v.dataSync() as Float32Array).slice()) };
      } else if (epoch - best.epoch >= c.patience) break;
      // Yield to the event loop so an abort or a progress message can get through.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(best.weights[i], v.shape))));
    optimizer.dispose();
    const trainRmse = rmse(y, this.predict(x));
    return {
      epochs: Math.min(epoch, c.maxEpochs),
      bestEpoch: best.epoch,
      trainRmse,
      validationRmse: best.rmse,
      validationTau: best.tau,
      seconds: (Date.now() - started) / 1000,
    };
  }

  toJSON(): SerializedMlp {
    if (!this.norm) throw new Error('MLP: nothing to save before fit');
    const raw = serializeVariables(this.variables());
    const weights: SerializedWeights = {};
    for (const [name, value] of Object.entries(raw)) weights[name.slice(this.prefix.length + 1)] = value;
    return { format: MLP_FORMAT, config: this.config, normalisation: this.norm, weights };
  }

  /** Rebuilds a trained regressor from `toJSON()` output; `where` names the file in errors. */
  static fromJSON(value: SerializedMlp, where = 'MLP weights'): MlpRegressor {
    if (!value || value.format !== MLP_FORMAT) {
      throw new InputError(`${where}: format "${String(value?.format)}" is not ${MLP_FORMAT}`);
    }
    const n = value.normalisation;
    if (!n || n.xMean?.length !== value.config.inputs || n.xStd?.length !== value.config.inputs) {
      throw new InputError(`${where}: normalisation does not match ${value.config.inputs} inputs`);
    }
    const model = new MlpRegressor(value.config);
    const weights: SerializedWeights = {};
    for (const [name, entry] of Object.entries(value.weights ?? {})) weights[`${model.prefix}/${name}`] = entry;
    loadVariables(model.variables(), weights, where);
    model.norm = n;
    return model;
  }

  dispose(): void {
    this.layers.forEach((l) => l.dispose());
    this.skip?.dispose();
  }
}
