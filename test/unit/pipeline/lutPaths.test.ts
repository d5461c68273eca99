import test from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { generateJob } from '../../../src/core/pipeline/generateJob';
import { trainJob } from '../../../src/core/pipeline/trainJob';
import { nasdataPath } from '../nasdata';

const TINY = { archiveSize: 40, evaluatorEpochs: 1, generatorSteps: 3, k: 3, seed: 2, backend: 'cpu' as const, frontierQueries: 0 };

test('train --cost lut:<relative folder> with a space, parentheses and é: the checkpoint records the absolute path, and generate works from another folder', { timeout: 180_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-lutpath-'));
  cpSync(nasdataPath('ofa_note10_lut'), join(workspace, 'my tables (é)'), { recursive: true });
  const trained = await trainJob({ workspace, accuracy: 'proxy:madds', cost: 'lut:my tables (é)', out: 'lut.ckpt.json', ...TINY });
  assert.equal(trained.costModel, 'lut:my-tables');
  const recorded = JSON.parse(readFileSync(join(workspace, 'lut.ckpt.json'), 'utf8')).meta.pipeline.costSpec as string;
  assert.ok(recorded.startsWith('lut:') && isAbsolute(recorded.slice(4)), recorded);
  assert.equal(recorded.slice(4), join(workspace, 'my tables (é)'));

  const elsewhere = mkdtempSync(join(tmpdir(), 'pnag-elsewhere-'));
  const generated = await generateJob({ workspace: elsewhere, checkpoint: join(workspace, 'lut.ckpt.json'), budget: `${trained.budgets[1]}ms`, bestOf: 2, backend: 'cpu' });
  assert.ok(generated.latency_ms !== null && generated.latency_ms <= trained.budgets[1]);
  assert.equal(generated.costModel, 'lut:my-tables');
});

test('train --device names the latency tables\' device; generation keeps the name; a bad name is refused before any work', { timeout: 180_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-lutdevice-'));
  const cost = `lut:${nasdataPath('ofa_note10_lut')}`;
  const trained = await trainJob({ workspace, accuracy: 'proxy:madds', cost, device: 'pixel4', out: 'd.ckpt.json', ...TINY });
  assert.equal(trained.costModel, 'lut:pixel4');
  const generated = await generateJob({ workspace, checkpoint: 'd.ckpt.json', budget: `${trained.budgets[1]}ms`, bestOf: 2, backend: 'cpu' });
  assert.equal(generated.costModel, 'lut:pixel4');
  await assert.rejects(
    trainJob({ workspace, accuracy: 'proxy:madds', cost, device: 'my phone', ...TINY }),
    (e: unknown) => e instanceof InputError && /device name "my phone"/.test(e.message),
  );
});
