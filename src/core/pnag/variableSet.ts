import { InputError } from '../errors';
import type { tf } from '../tf/backend';
import { type SerializedWeights, loadVariables, serializeVariables } from '../tf/namedWeights';

let instances = 0;

/**
 * TF.js refuses two live variables with one name, yet a checkpoint needs stable names. Each model gets
 * a unique prefix for its live variables and saves them under the prefix-free key.
 */
export class VariableSet {
  readonly prefix = `m${++instances}/`;
  private readonly entries: Array<{ key: string; variable: tf.Variable }> = [];

  /** The live name for a stable key. */
  name(key: string): string {
    return this.prefix + key;
  }

  add(...variables: tf.Variable[]): void {
    for (const variable of variables) {
      if (!variable.name.startsWith(this.prefix)) throw new Error(`variable ${variable.name} lacks prefix ${this.prefix}`);
      this.entries.push({ key: variable.name.slice(this.prefix.length), variable });
    }
  }

  variables(): tf.Variable[] {
    return this.entries.map((e) => e.variable);
  }

  serialize(): SerializedWeights {
    const live = serializeVariables(this.variables());
    const out: SerializedWeights = {};
    for (const { key, variable } of this.entries) out[key] = live[variable.name];
    return out;
  }

  load(weights: SerializedWeights, where: string): void {
    if (typeof weights !== 'object' || weights === null) throw new InputError(`${where}: weights are missing`);
    const live: SerializedWeights = {};
    for (const { key, variable } of this.entries) {
      if (weights[key] === undefined) throw new InputError(`${where}: weight "${key}" is missing`);
      live[variable.name] = weights[key];
    }
    loadVariables(this.variables(), live, where);
  }

  dispose(): void {
    for (const { variable } of this.entries) variable.dispose();
    this.entries.length = 0;
  }
}
