import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckpointSources, Engine, LoadedGenerator } from '../../../src/core/pipeline/engineAdapter';
import { GeneratorCache } from '../../../src/core/pipeline/generatorCache';
import { generateJob } from '../../../src/core/pipeline/generateJob';

const SOURCES: CheckpointSources = { accuracySource: 'proxy:madds', accuracySpec: 'proxy:madds', estimate: true, costModel: 'madds:pnag', costSpec: 'madds' };

/** An engine without TF.js that counts loads and disposals; its generator returns the smallest network. */
function countingEngine(): Engine & { loads: string[]; disposed: string[] } {
  const engine = {
    loads: [] as string[],
    disposed: [] as string[],
    async train(): Promise<never> {
      throw new Error('not used');
    },
    async load(path: string): Promise<LoadedGenerator> {
      const tag = readFileSync(path, 'utf8');
      engine.loads.push(tag);
      return {
        sources: SOURCES,
        budgets: [250, 450, 700],
        unit: 'M',
        width: 1.2,
        resolution: 224,
        generate: async () => ({
          arch: {
            depths: [2, 2, 2, 2, 2], kernels: Array.from({ length: 20 }, (_, i) => (i % 4 < 2 ? 3 : 0)),
            expands: Array.from({ length: 20 }, (_, i) => (i % 4 < 2 ? 3 : 0)),
            width: 1.2, resolution: 224,
          },
          repaired: false,
          clamped: false,
          notes: [],
        }),
        dispose: () => void engine.disposed.push(tag),
      };
    },
    peekSources: () => SOURCES,
  };
  return engine;
}

test('two generates against the same unchanged checkpoint load it once; a changed file is loaded again and the old one freed', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-cache-'));
  const path = join(workspace, 'g.ckpt.json');
  writeFileSync(path, 'first');
  const engine = countingEngine();
  const ask = () => generateJob({ workspace, checkpoint: 'g.ckpt.json', budget: '400M', bestOf: 0, backend: 'cpu' }, {}, engine);
  await ask();
  await ask();
  assert.deepEqual(engine.loads, ['first'], 'loaded once');
  assert.deepEqual(engine.disposed, [], 'kept while the file is unchanged');

  writeFileSync(path, 'second!');
  utimesSync(path, new Date(), new Date(Date.now() + 5000));
  await ask();
  assert.deepEqual(engine.loads, ['first', 'second!'], 'a rewritten checkpoint is read again');
  assert.deepEqual(engine.disposed, ['first'], 'the replaced model is disposed');
});

test('the cache keeps at most its capacity and disposes an evicted generator only when its last user is done', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-cache-'));
  const engine = countingEngine();
  const cache = new GeneratorCache(engine, 2);
  const paths = ['a', 'b', 'c'].map((name) => {
    const path = join(workspace, `${name}.json`);
    writeFileSync(path, name);
    return path;
  });
  const a = await cache.acquire(paths[0]);
  (await cache.acquire(paths[1])).release();
  (await cache.acquire(paths[2])).release();
  assert.equal(cache.size, 2);
  assert.deepEqual(engine.disposed, [], 'a is evicted but still in use');
  a.release();
  assert.deepEqual(engine.disposed, ['a']);
  (await cache.acquire(paths[2])).release();
  assert.deepEqual(engine.loads, ['a', 'b', 'c']);
  cache.clear();
  assert.deepEqual(engine.disposed.sort(), ['a', 'b', 'c']);
});
