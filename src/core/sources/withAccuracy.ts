import type { Arch } from '../space/arch';
import type { AccuracySource } from './accuracySource';

/**
 * The source with its `accuracy` replaced, everything else (name, capabilities such as `measured`,
 * `isolatesFailures` or `batchSize`, getters, `dispose`) its own: a wrapper that rebuilt the object field by
 * field would silently drop the capabilities it did not list.
 */
export function withAccuracy(
  source: AccuracySource,
  accuracy: (archs: readonly Arch[], signal?: AbortSignal) => Promise<number[]>,
): AccuracySource {
  return new Proxy(source, { get: (target, property) => (property === 'accuracy' ? accuracy : Reflect.get(target, property, target)) });
}
