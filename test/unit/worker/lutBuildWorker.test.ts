import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LutCostModel } from '../../../src/core/cost/lut/lutCostModel';
import { lutFileName } from '../../../src/core/lutBuild/lutBuilder';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { type LutProgress, parseHostToWorker } from '../../../src/shared/engineProtocol';
import { EngineClient, JobCancelledError } from '../../../src/worker/engineClient';
import { runCli } from '../cli/runCli';

// The real lutBuild job in the real worker (engineWorker.ts under tsx): one small resolution, one timed run.
const TINY = { resolutions: [128], width: 1.0, repeats: 1, warmup: 1, clock: 'cpu' as const, backend: 'wasm' as const };

const entriesIn = (dir: string) => (readFileSync(join(dir, lutFileName(128)), 'utf8').match(/^ {2}mean: /gm) ?? []).length;

test('a lutBuild request is validated like the others', () => {
  const message = { type: 'lutBuild', id: 1, request: { workspace: '/w', resolutions: [128], clock: 'cpu' } };
  assert.deepEqual(parseHostToWorker(message), message);
  assert.equal(parseHostToWorker({ ...message, request: { workspace: '/w', clock: 'sundial' } }), undefined);
  assert.equal(parseHostToWorker({ ...message, request: { workspace: '/w', resolutions: ['128'] } }), undefined);
  assert.equal(parseHostToWorker({ ...message, request: { resolutions: [128] } }), undefined);
});

test('lutBuild in the worker: cancelled part-way keeps the timed keys, the rerun resumes, and pnag train --cost lut: uses the table', { timeout: 180_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-lutjob-'));
  const client = new EngineClient();
  try {
    const controller = new AbortController();
    const seen: LutProgress[] = [];
    const first = client.lutBuild({ workspace, ...TINY }, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        // Progress is throttled (one message per 200 ms): cancel at the first that arrives, at least one group in.
        controller.abort();
      },
    });
    await assert.rejects(first, JobCancelledError);
    assert.ok(seen.length > 0 && seen.every((p) => p.total === 96 && p.resolution === 128 && p.kept === 0), JSON.stringify(seen.slice(0, 3)));
    assert.ok(seen.some((p) => p.etaSeconds !== undefined && p.etaSeconds > 0), 'an ETA once operators were timed');

    const resumed = await client.lutBuild({ workspace, ...TINY });
    // Tables go to <workspace>/.pnag/lut-<device>; the CPU clock is in the device name.
    assert.equal(resumed.outDir, join(workspace, '.pnag', `lut-${resumed.device}`));
    assert.match(resumed.device, /-wasm-cputime$/);
    assert.equal(resumed.costSpec, `lut:${resumed.outDir}`);
    assert.ok(resumed.kept >= 16 && resumed.kept < 96, `kept ${resumed.kept} of 96 from the cancelled build`);
    assert.equal(resumed.kept + resumed.measured, 96);
    assert.equal(entriesIn(resumed.outDir), 96);

    const model = LutCostModel.load(resumed.outDir);
    assert.equal(model.name, `lut:${resumed.device}`);
    assert.ok(model.costOf(randomArch(new Random(3), { width: 1.0, resolution: 128 })) > 0);

    const cli = runCli(
      ['train', '--accuracy', 'proxy:madds', '--cost', resumed.costSpec, '--width', '1.0', '--resolution', '128', '--archive-size', '60', '--evaluator-epochs', '1', '--generator-steps', '3', '--k', '3', '--json'],
      { cwd: workspace, timeoutMs: 150_000 },
    );
    assert.equal(cli.status, 0, cli.stderr);
    const trained = JSON.parse(cli.stdout) as { costModel: string; unit: string; budgets: number[] };
    assert.equal(trained.costModel, model.name);
    assert.equal(trained.unit, 'ms');
    assert.equal(trained.budgets.length, 3);
  } finally {
    await client.dispose();
    rmSync(workspace, { recursive: true, force: true });
  }
});
