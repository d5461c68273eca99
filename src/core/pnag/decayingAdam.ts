import * as tf from '@tensorflow/tfjs-core';

/** Adam whose learning rate can be lowered between steps (TF.js reads it at every step). */
export class DecayingAdam extends tf.AdamOptimizer {
  constructor(learningRate: number) {
    super(learningRate, 0.9, 0.999);
  }

  setRate(learningRate: number): void {
    this.learningRate = learningRate;
  }
}

/** 1 at `progress` 0, `final` at 1, along a half cosine. */
export function cosineFall(progress: number, final: number): number {
  return final + (1 - final) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, progress))));
}
