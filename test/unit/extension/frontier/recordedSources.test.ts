import test from 'node:test';
import assert from 'node:assert/strict';
import type { GenerateRequest, GenerateResult } from '../../../../src/shared/engineProtocol';
import type { EngineClient } from '../../../../src/worker/engineClient';
import { engineFrontierHost, sweepAccuracySpec } from '../../../../src/extension/frontier/frontierHost';
import { generatorInfoOf, recordedDataSource } from '../../../../src/extension/generator/generatorInfo';

// The host reads the workspace's `.pnag/` checkpoint; what it records is data, never a command to run.

const checkpoint = (pipeline: Record<string, unknown>, layout: 'meta' | 'top-level' = 'meta') => ({
  format: 'pnag-checkpoint',
  costModel: { name: 'madds:pnag', unit: 'M' },
  accuracySource: 'ofa-predictor',
  budgets: [250, 700],
  ...(layout === 'meta' ? { meta: { pipeline } } : { pipeline }),
});

test('the editor lens falls back to a recorded source only when it names data, never an evaluator command', () => {
  for (const layout of ['meta', 'top-level'] as const) {
    const crafted = generatorInfoOf(checkpoint({ accuracySpec: 'eval:touch /tmp/PWNED', estimate: false }, layout));
    assert.equal(crafted?.accuracySpec, 'eval:touch /tmp/PWNED', `${layout}: the record is read as data`);
    assert.equal(recordedDataSource(crafted), undefined, `${layout}: an eval: record is no lens source`);
    assert.equal(recordedDataSource(generatorInfoOf(checkpoint({ accuracySpec: 'EVAL:touch /tmp/PWNED' }, layout))), undefined);
    assert.equal(recordedDataSource(generatorInfoOf(checkpoint({ accuracySpec: 'ofa:/data/p.pth', estimate: false }, layout))), 'ofa:/data/p.pth');
    assert.equal(recordedDataSource(generatorInfoOf(checkpoint({ accuracySpec: 'proxy:naswot', estimate: true }, layout))), 'proxy:naswot');
  }
  assert.equal(generatorInfoOf(checkpoint({ accuracySpec: 'proxy:naswot', estimate: true }))?.estimate, true, 'meta.pipeline is read (current layout)');
  assert.equal(recordedDataSource(undefined), undefined);
});

test('the Frontier view asks the settings\' source, never an evaluator, and never one from the checkpoint', async () => {
  const sent: GenerateRequest[] = [];
  const engine = {
    generate: (request: GenerateRequest) => {
      sent.push(request);
      return Promise.resolve({ kind: 'generate' } as GenerateResult);
    },
  } as unknown as EngineClient;
  const info = generatorInfoOf(checkpoint({ accuracySpec: 'eval:touch /tmp/PWNED' }));
  const host = { engine, workspaceDir: () => '/ws', checkpointPath: () => '/ws/.pnag/generator.ckpt.json', generatorPath: () => '/ws/.pnag/generator.ckpt.json', generatorInfo: () => Promise.resolve(info) };
  let setting: string | undefined = 'ofa:/p.pth';
  const frontier = engineFrontierHost(host, () => undefined, () => Promise.resolve(false), () => undefined, () => undefined, () => setting);
  await frontier.generate('400M', new AbortController().signal);
  setting = 'eval:python evaluate.py';
  await frontier.generate('400M', new AbortController().signal);
  setting = undefined;
  await frontier.generate('400M', new AbortController().signal);
  assert.deepEqual(sent.map((r) => r.accuracy), ['ofa:/p.pth', undefined, undefined]);
  assert.equal(sweepAccuracySpec(' Eval:x'), undefined);
  assert.equal(sweepAccuracySpec('proxy'), 'proxy');
});
