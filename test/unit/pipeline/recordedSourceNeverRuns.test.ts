import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainJob } from '../../../src/core/pipeline/trainJob';
import { generateJob } from '../../../src/core/pipeline/generateJob';
import { runCli } from '../cli/runCli';

// A checkpoint records where its data came from as data: a crafted `accuracySpec` must never run.

/** A tiny real checkpoint (proxy:madds, a few steps) in a fresh folder. */
async function trainedWorkspace(): Promise<{ ws: string; checkpoint: string }> {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-recorded-'));
  const checkpoint = join(ws, 'g.ckpt');
  await trainJob({ workspace: ws, accuracy: 'proxy:madds', archiveSize: 100, evaluatorEpochs: 1, generatorSteps: 2, k: 3, frontierQueries: 0, out: checkpoint });
  return { ws, checkpoint };
}

/** Rewrites the checkpoint's recorded accuracy spec (in `meta.pipeline`, or the old top-level `pipeline`). */
function recordSpec(checkpoint: string, spec: string, layout: 'meta' | 'top-level' = 'meta'): void {
  const file = JSON.parse(readFileSync(checkpoint, 'utf8')) as { meta: { pipeline: Record<string, unknown> }; pipeline?: Record<string, unknown> };
  if (layout === 'meta') file.meta.pipeline.accuracySpec = spec;
  else {
    file.pipeline = { ...file.meta.pipeline, accuracySpec: spec };
    delete (file as { meta?: unknown }).meta;
  }
  writeFileSync(checkpoint, JSON.stringify(file));
}

test('generate never runs an evaluator command recorded in the checkpoint (meta and old layout, with and without source queries)', { timeout: 120_000 }, async () => {
  const { ws, checkpoint } = await trainedWorkspace();
  const marker = join(ws, 'PWNED');
  for (const layout of ['meta', 'top-level'] as const) {
    recordSpec(checkpoint, `eval:touch ${marker}`, layout);
    for (const sourceQueries of [0, 5]) {
      const result = await generateJob({ workspace: ws, budget: '450M', checkpoint, bestOf: 4, sourceQueries });
      assert.equal(existsSync(marker), false, `${layout}, --source-queries ${sourceQueries}: the recorded command ran`);
      assert.ok(result.madds_M <= 450);
      assert.equal(result.top1, null);
      assert.match(result.notes.join('\n'), /top-1 not asked: .*never reopened/);
    }
  }
});

test('generation needs no training source: a recorded source that is gone is not opened, a source asked for now is', { timeout: 120_000 }, async () => {
  const { ws, checkpoint } = await trainedWorkspace();
  recordSpec(checkpoint, `ofa:${join(ws, 'gone.pth')}`);
  const plain = await generateJob({ workspace: ws, budget: '400M', checkpoint, bestOf: 4 });
  assert.equal(plain.top1, null);
  assert.doesNotMatch(plain.source, /gone\.pth|cannot read/);
  const asked = await generateJob({ workspace: ws, budget: '400M', checkpoint, bestOf: 4, accuracy: 'proxy:madds', sourceQueries: 3 });
  assert.equal(asked.source, 'proxy:madds');
  assert.equal(typeof asked.top1, 'number');
  assert.ok((asked.sourceQueries ?? 0) > 0);
});

test('pnag generate --checkpoint with a crafted accuracySpec: exit 0, and the marker file never appears', { timeout: 180_000 }, async () => {
  const { ws, checkpoint } = await trainedWorkspace();
  const marker = join(ws, 'PWNED_cli');
  recordSpec(checkpoint, `eval:touch ${marker}; cat >/dev/null`);
  const run = runCli(['generate', '--checkpoint', checkpoint, '--budget', '450M', '--best-of', '4'], { cwd: ws, timeoutMs: 120_000, env: { PATH: process.env.PATH ?? '', PNAG_CACHE_DIR: join(ws, 'cache') } });
  assert.equal(existsSync(marker), false, 'the recorded command ran');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^Top-1: +unknown/m);
});
