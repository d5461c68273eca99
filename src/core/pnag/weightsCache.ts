import type { tf } from '../tf/backend';

/**
 * A value derived from some variables' current data (e.g. their weights copied to JS), rebuilt lazily when
 * any of them changed. Every write to a TF.js variable (an optimizer step, a checkpoint load) goes through
 * `assign`, which gives the variable a new data id, so comparing data ids detects it without the writers
 * having to report it.
 */
export class WeightsCache<T> {
  private dataIds: readonly object[] = [];
  private value: T | undefined;

  constructor(
    private readonly variables: () => readonly tf.Variable[],
    private readonly build: () => T,
  ) {}

  get(): T {
    const variables = this.variables();
    const stale = this.value === undefined || variables.length !== this.dataIds.length || variables.some((v, i) => v.dataId !== this.dataIds[i]);
    if (stale) {
      this.value = this.build();
      this.dataIds = variables.map((v) => v.dataId);
    }
    return this.value as T;
  }
}
