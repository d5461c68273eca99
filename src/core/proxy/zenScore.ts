import { tf } from '../tf/backend';
import type { MobileNetV3 } from '../net/mobileNetV3';

/** Zen-NAS's perturbation size. */
export const ZEN_ALPHA = 0.01;

/**
 * Zen-score (Lin et al., "Zen-NAS", ICCV 2021): log of the expected L1 distance between the pre-pooling
 * feature maps of x and of x + alpha*eps, plus the sum over BN layers of log sqrt(mean channel variance).
 * Zen-NAS runs BN in training mode; our network has BN folded, so this forward pass normalises every
 * folded conv's output by its batch statistics instead (BN weight 1, bias 0) and the variance term reads
 * those batch variances, which is what the score measures at initialisation.
 */
export function zenScore(net: MobileNetV3, inputs: tf.Tensor4D, noise: tf.Tensor4D): number {
  let logBnScale = 0;
  const variances: tf.Tensor[] = [];
  try {
    const distance = tf.tidy(() => {
      const clean = net.forward(inputs, {
        until: 'features',
        normalize: 'batchStats',
        hooks: { batchVariance: (v) => void variances.push(tf.keep(tf.mean(v))) },
      });
      const perturbed = net.forward(tf.add(inputs, tf.mul(noise, ZEN_ALPHA)) as tf.Tensor4D, { until: 'features', normalize: 'batchStats' });
      return tf.mean(tf.sum(tf.abs(tf.sub(clean, perturbed)), [1, 2, 3]));
    });
    const d = distance.dataSync()[0];
    distance.dispose();
    for (const v of variances) logBnScale += 0.5 * Math.log(v.dataSync()[0]);
    return Math.log(d) + logBnScale;
  } finally {
    variances.forEach((v) => v.dispose());
  }
}
