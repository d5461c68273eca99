import { InputError } from '../errors';
import type { Arch } from '../space/arch';
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

/** PNAG's 120 features of each architecture, row-major. */
export function archFeatures(archs: readonly Arch[]): Float32Array {
  return featureMatrix(archs, pnagFeatures, PNAG_FEATURE_LENGTH);
}
