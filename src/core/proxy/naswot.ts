import { tf } from '../tf/backend';
import type { MobileNetV3 } from '../net/mobileNetV3';
import { logAbsDet } from './logDet';

/**
 * NASWOT (Mellor et al., "Neural Architecture Search without Training", ICML 2021): each input of a
 * minibatch gets a binary code, which units its rectifiers switch on; K[i][j] counts the units on which
 * inputs i and j agree (N_A minus their Hamming distance); the score is log|det K|. Networks that tell
 * inputs apart at initialisation score higher. Here every ReLU and h-swish of the blocks contributes,
 * a unit being "on" when its pre-activation is positive (h-swish is ~0 below that too).
 */
export function naswotScore(net: MobileNetV3, inputs: tf.Tensor4D): number {
  const n = inputs.shape[0];
  let agreeing: tf.Tensor2D | null = null;
  try {
    net
      .forward(inputs, {
        until: 'features',
        hooks: {
          activation: (pre) => {
            // agree(i, j) = units both on + units both off = F - s_i - s_j + 2 (C C^T)_ij, one product only.
            const codes = tf.reshape(tf.cast(tf.greater(pre, 0), 'float32'), [n, -1]) as tf.Tensor2D;
            const units = codes.shape[1];
            const both = tf.matMul(codes, tf.transpose(codes));
            const on = tf.sum(codes, 1);
            const term = tf.add(tf.sub(tf.sub(tf.mul(both, 2), tf.reshape(on, [n, 1])), tf.reshape(on, [1, n])), units) as tf.Tensor2D;
            const next = agreeing === null ? term : (tf.add(agreeing, term) as tf.Tensor2D);
            tf.keep(next);
            agreeing?.dispose();
            agreeing = next;
          },
        },
      })
      .dispose();
    if (agreeing === null) throw new Error('naswotScore: the network has no activations');
    const k = Float64Array.from((agreeing as tf.Tensor2D).dataSync());
    return logAbsDet(k, n);
  } finally {
    (agreeing as tf.Tensor2D | null)?.dispose();
  }
}
