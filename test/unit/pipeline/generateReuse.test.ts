import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { InputError } from '../../../src/core/errors';
import type { CheckpointSources, Engine } from '../../../src/core/pipeline/engineAdapter';
import { generateJob } from '../../../src/core/pipeline/generateJob';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';

/** An engine without TF.js: training writes the sources it was given, generation returns the smallest network. */
function fakeEngine(): Engine & { trainings: number } {
  const engine = {
    trainings: 0,
    async train(input: Parameters<Engine['train']>[0]) {
      engine.trainings++;
      // Marked as a checkpoint, as the real engine's are: a retraining may only replace a checkpoint.
      writeFileSync(input.out, JSON.stringify({ format: 'pnag-checkpoint', sources: input.sources, budgets: input.budgets, unit: input.unit }));
      return { evaluatorTau: 0.9, finalReward: 1, finalEntropy: 10 };
    },
    async load(path: string) {
      const file = JSON.parse(readFileSync(path, 'utf8')) as { sources: CheckpointSources; budgets: number[]; unit: 'M' | 'ms' };
      return {
        sources: file.sources,
        budgets: file.budgets,
        unit: file.unit,
        width: 1.2 as const,
        resolution: 224,
        generate: async () => ({
          arch: {
            depths: [2, 2, 2, 2, 2], kernels: Array(20).fill(0).map((_, i) => (i % 4 < 2 ? 3 : 0)),
            expands: Array(20).fill(0).map((_, i) => (i % 4 < 2 ? 3 : 0)),
            width: 1.2 as const, resolution: 224,
          },
          repaired: false,
          clamped: false,
          notes: [],
        }),
        dispose: () => undefined,
      };
    },
    peekSources(path: string) {
      try {
        return (JSON.parse(readFileSync(path, 'utf8')) as { sources: CheckpointSources }).sources;
      } catch {
        return undefined;
      }
    },
  };
  return engine;
}

function workspaceWithArchive(count: number): { ws: string; archive: Archive } {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-reuse-'));
  mkdirSync(join(ws, '.pnag'));
  const archive = Archive.open(join(ws, '.pnag', 'archive.jsonl'));
  const rng = new Random(count);
  archive.addMany(Array.from({ length: count }, () => ({ arch: randomArch(rng), metrics: { top1: 70 + 10 * rng.next() }, provenance: { source: 'test' } })));
  return { ws, archive };
}

test('generate without a checkpoint: trains on the defaults once, reuses, and retrains when the archive grew', async () => {
  const { ws, archive } = workspaceWithArchive(60);
  const engine = fakeEngine();
  const notes: string[] = [];
  const request = { workspace: ws, budget: '450M' };
  const first = await generateJob(request, { onNote: (t) => notes.push(t) }, engine);
  assert.equal(engine.trainings, 1);
  assert.ok(first.trained, 'says it trained first');
  assert.ok(existsSync(join(ws, '.pnag', 'generator.ckpt.json')));
  assert.match(notes.join('\n'), /accuracy: the workspace archive/);
  assert.ok(first.madds_M <= 450);
  // The generated network is not in the archive: no number, and the source says why.
  assert.equal(first.top1, null);
  assert.match(first.source, /not in the archive/);

  const second = await generateJob(request, {}, engine);
  assert.equal(engine.trainings, 1, 'reused');
  assert.equal(second.trained, undefined);
  assert.match(second.notes.join('\n'), /^using .*generator\.ckpt\.json/m);

  archive.add({ arch: randomArch(new Random(99)), metrics: { top1: 77 }, provenance: { source: 'test' } });
  const third = await generateJob(request, {}, engine);
  assert.equal(engine.trainings, 2);
  assert.match(third.notes.join('\n'), /the archive changed .* \(60 -> 61 measured architectures\)/);
});

test('generate checks the budget unit before training, and --best-of and --checkpoint before anything', async () => {
  const { ws } = workspaceWithArchive(60);
  const engine = fakeEngine();
  await assert.rejects(generateJob({ workspace: ws, budget: '30ms' }, {}, engine), (e: unknown) => e instanceof InputError && /multiply-adds/.test(e.message));
  assert.equal(engine.trainings, 0);
  await assert.rejects(generateJob({ workspace: ws, budget: '450M', bestOf: -1 }, {}, engine), (e: unknown) => e instanceof InputError && /--best-of/.test(e.message));
  await assert.rejects(generateJob({ workspace: ws, budget: '450M', checkpoint: 'nope.ckpt' }, {}, engine), (e: unknown) => e instanceof InputError && /nope\.ckpt/.test(e.message));
});
