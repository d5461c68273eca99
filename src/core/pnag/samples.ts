import { InputError } from '../errors';
import type { Arch } from '../space/arch';
import type { Random } from '../util/random';
import { PNAG_FEATURE_LENGTH, featureMatrix, pnagFeatures } from '../space/features';

/** Labelled architectures as parallel arrays, from any accuracy source and cost model. */
export interface ArchSamples {
  readonly archs: readonly Arch[];
  /** Top-1 in percent. */
  readonly accuracies: readonly number[];
  /** In the cost model's unit. */
  readonly costs: readonly number[];
}

/** Checks the arrays line up and hold finite numbers. */
export function checkSamples(data: ArchSamples, where = 'training data'): void {
  const n = data.archs.length;
  if (data.accuracies.length !== n || data.costs.length !== n) {
    throw new InputError(`${where}: ${n} architectures but ${data.accuracies.length} accuracies and ${data.costs.length} costs`);
  }
  if (n < 4) throw new InputError(`${where}: at least 4 architectures are needed, got ${n}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(data.accuracies[i])) throw new InputError(`${where}: accuracy of row ${i + 1} is ${data.accuracies[i]}`);
    if (!Number.isFinite(data.costs[i])) throw new InputError(`${where}: cost of row ${i + 1} is ${data.costs[i]}`);
  }
}

/** The rows at `indices`. */
export function subset(data: ArchSamples, indices: readonly number[]): ArchSamples {
  return {
    archs: indices.map((i) => data.archs[i]),
    accuracies: indices.map((i) => data.accuracies[i]),
    costs: indices.map((i) => data.costs[i]),
  };
}

/** The latest `count` rows (all of them when there are fewer). */
export function latestRows(data: ArchSamples, count: number): ArchSamples {
  const from = Math.max(0, data.archs.length - count);
  return from === 0 ? data : { archs: data.archs.slice(from), accuracies: data.accuracies.slice(from), costs: data.costs.slice(from) };
}

/** A random quarter of the rows held out (`held`) and the other three quarters (`part`), for a held-out check. */
export function holdOutQuarter(data: ArchSamples, rng: Random): { held: ArchSamples; part: ArchSamples } {
  const order = rng.shuffled(Array.from({ length: data.archs.length }, (_, i) => i));
  const heldCount = Math.floor(data.archs.length / 4);
  return { held: subset(data, order.slice(0, heldCount)), part: subset(data, order.slice(heldCount)) };
}

/** PNAG's 120 features of each architecture, row-major. */
export function archFeatures(archs: readonly Arch[]): Float32Array {
  return featureMatrix(archs, pnagFeatures, PNAG_FEATURE_LENGTH);
}
