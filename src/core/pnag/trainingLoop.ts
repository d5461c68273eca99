import type { tf } from '../tf/backend';

/** Thrown when a training run is cancelled through its AbortSignal. */
export class TrainingCancelled extends Error {
  constructor() {
    super('training was cancelled');
    this.name = 'AbortError';
  }
}

export function isTrainingCancelled(error: unknown): error is TrainingCancelled {
  return error instanceof TrainingCancelled;
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TrainingCancelled();
}

/** Lets pending messages (a cancel, a progress read) run between training steps. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** TF.js optimizers read their learning rate on every step; schedules change it in place. */
export function setLearningRate(optimizer: tf.Optimizer, value: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = value;
}

/** 1 at `progress` 0, `final` at 1, along a half cosine (a learning-rate schedule's factor). */
export function cosineFall(progress: number, final: number): number {
  return final + (1 - final) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, progress))));
}
