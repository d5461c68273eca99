import { statSync } from 'node:fs';
import type { Engine, LoadedGenerator } from './engineAdapter';

/** Generators kept loaded at most (a Frontier sweep asks one checkpoint 12 times in a row). */
export const MAX_CACHED_GENERATORS = 2;

interface Entry {
  readonly key: string;
  readonly generator: LoadedGenerator;
  /** Jobs using it now: an evicted generator is disposed only once the last one is done. */
  users: number;
  evicted: boolean;
}

/** A lease on a cached generator; `release()` when the job is done with it. */
export interface GeneratorLease {
  readonly generator: LoadedGenerator;
  release(): void;
}

/**
 * Loaded checkpoints, keyed by path + modification time + size, so a rewritten file (training again) is
 * read again and the old model's tensors are freed.
 */
export class GeneratorCache {
  private readonly entries: Entry[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly capacity = MAX_CACHED_GENERATORS,
  ) {}

  async acquire(path: string): Promise<GeneratorLease> {
    const key = keyOf(path);
    let entry = this.entries.find((e) => e.key === key);
    if (entry) {
      // Most recently used last.
      this.entries.splice(this.entries.indexOf(entry), 1);
      this.entries.push(entry);
    } else {
      const generator = await this.engine.load(path);
      // The file is the same one we keyed (a load racing a rewrite is keyed by what was read before).
      entry = { key, generator, users: 0, evicted: false };
      for (const old of this.entries.filter((e) => e.key.startsWith(`${path}\0`))) this.evict(old);
      this.entries.push(entry);
      while (this.entries.length > this.capacity) this.evict(this.entries[0]);
    }
    entry.users++;
    const held = entry;
    let released = false;
    return {
      generator: held.generator,
      release: () => {
        if (released) return;
        released = true;
        held.users--;
        if (held.evicted && held.users === 0) held.generator.dispose();
      },
    };
  }

  /** Frees every cached generator not in use now (the rest as their jobs finish). */
  clear(): void {
    [...this.entries].forEach((e) => this.evict(e));
  }

  get size(): number {
    return this.entries.length;
  }

  private evict(entry: Entry): void {
    const at = this.entries.indexOf(entry);
    if (at >= 0) this.entries.splice(at, 1);
    entry.evicted = true;
    if (entry.users === 0) entry.generator.dispose();
  }
}

function keyOf(path: string): string {
  const stat = statSync(path);
  return `${path}\0${stat.mtimeMs}\0${stat.size}`;
}

const caches = new WeakMap<Engine, GeneratorCache>();

/** One cache per engine for the process (the worker's): jobs share it. */
export function generatorCacheOf(engine: Engine): GeneratorCache {
  let cache = caches.get(engine);
  if (!cache) {
    cache = new GeneratorCache(engine);
    caches.set(engine, cache);
  }
  return cache;
}
