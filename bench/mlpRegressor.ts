// A regressor of OFA's accuracy predictor's own kind for bench/frontierGapDiagnosis.ts: an ensemble of MLPs on the
// networks' one-hot layer codes (each stage's depth, each present layer's kernel x ratio), fitted by Adam to the
// standardised accuracies with a small weight decay. Asks whether a flexible model fitted to the measured networks
// rates the better networks evolution finds any higher than the per-layer model does.
import { tf } from '../src/core/tf/backend';
import { DenseLayer } from '../src/core/tf/dense';
import { LAYER_CHOICES } from '../src/core/cost/additiveCost';
import { layerCodeOf } from '../src/core/pnag/pairResidualModel';
import type { Arch } from '../src/core/space/arch';
import { DEPTH_CHOICES, LAYER_SLOTS, STAGE_COUNT } from '../src/core/space/searchSpace';
import { Random } from '../src/core/util/random';

/** Ensembles fitted so far in this process: tf.js variable names must be unique. */
let fitted = 0;

const INPUTS = STAGE_COUNT * DEPTH_CHOICES.length + LAYER_SLOTS * LAYER_CHOICES.length;

function oneHot(archs: readonly Arch[]): tf.Tensor2D {
  const x = new Float32Array(archs.length * INPUTS);
  archs.forEach((a, row) => {
    const code = layerCodeOf(a);
    const at = row * INPUTS;
    for (let s = 0; s < STAGE_COUNT; s++) x[at + s * DEPTH_CHOICES.length + code[s]] = 1;
    for (let q = 0; q < LAYER_SLOTS; q++) {
      const choice = code[STAGE_COUNT + q];
      if (choice >= 0) x[at + STAGE_COUNT * DEPTH_CHOICES.length + q * LAYER_CHOICES.length + choice] = 1;
    }
  });
  return tf.tensor2d(x, [archs.length, INPUTS]);
}

export interface MlpSettings {
  readonly members: number;
  readonly hidden: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly weightDecay: number;
}

export const DEFAULT_MLP: MlpSettings = { members: 5, hidden: 128, epochs: 600, learningRate: 0.003, weightDecay: 1e-4 };

/** Fits the ensemble to `archs` and `accuracies`; returns the ensemble's mean prediction. */
export function fitMlpEnsemble(
  archs: readonly Arch[],
  accuracies: readonly number[],
  seed: number,
  settings = DEFAULT_MLP,
): (query: readonly Arch[]) => number[] {
  const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
  const sd = Math.sqrt(accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / accuracies.length) || 1;
  const xs = oneHot(archs);
  const ys = tf.tensor2d(accuracies.map((v) => (v - mean) / sd), [accuracies.length, 1]);
  const prefix = `mlp${fitted++}`;
  const members = Array.from({ length: settings.members }, (_, m) => {
    const rng = new Random(seed * 31 + m);
    const layers = [
      new DenseLayer(`${prefix}/m${m}/1`, INPUTS, settings.hidden, rng),
      new DenseLayer(`${prefix}/m${m}/2`, settings.hidden, settings.hidden, rng),
      new DenseLayer(`${prefix}/m${m}/3`, settings.hidden, 1, rng),
    ];
    const forward = (x: tf.Tensor2D): tf.Tensor2D => layers[2].apply(tf.relu(layers[1].apply(tf.relu(layers[0].apply(x)))));
    const optimizer = tf.train.adam(settings.learningRate);
    for (let e = 0; e < settings.epochs; e++) {
      tf.tidy(() => {
        optimizer.minimize(() => {
          const decay = tf.addN(layers.map((l) => tf.sum(tf.square(l.weight))));
          return tf.add(tf.mean(tf.squaredDifference(forward(xs), ys)), tf.mul(decay, settings.weightDecay)) as tf.Scalar;
        });
      });
    }
    optimizer.dispose();
    return forward;
  });
  xs.dispose();
  ys.dispose();
  return (query) =>
    tf.tidy(() => {
      const x = oneHot(query);
      const sum = members.map((f) => f(x)).reduce((a, b) => tf.add(a, b));
      return Array.from(tf.div(sum, members.length).dataSync()).map((v) => v * sd + mean);
    });
}
