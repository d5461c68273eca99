import test from 'node:test';
import assert from 'node:assert/strict';
import type { GenerateRequest, GenerateResult } from '../../../../src/shared/engineProtocol';
import type { EngineClient } from '../../../../src/worker/engineClient';
import { type EngineHostLike, engineFrontierHost } from '../../../../src/extension/frontier/frontierHost';

/** A host whose engine records the generate requests instead of running them. */
function recordingHost(sent: GenerateRequest[]): EngineHostLike {
  const engine = {
    generate: (request: GenerateRequest) => {
      sent.push(request);
      return Promise.resolve({ kind: 'generate' } as GenerateResult);
    },
  } as unknown as EngineClient;
  return { engine, workspaceDir: () => '/ws', checkpointPath: () => '/ws/.pnag/generator.ckpt.json', generatorPath: () => undefined, generatorInfo: () => Promise.resolve(undefined) };
}

test('the Frontier view generates on the configured backend and candidates, as the Generate command does', async () => {
  const sent: GenerateRequest[] = [];
  let backend: 'wasm' | 'cpu' = 'cpu';
  const host = engineFrontierHost(recordingHost(sent), () => undefined, () => Promise.resolve(false), () => 16, () => backend);
  await host.generate('400M', new AbortController().signal);
  backend = 'wasm';
  await host.generate('30ms', new AbortController().signal);
  assert.deepEqual(
    sent.map((r) => [r.budget, r.backend, r.bestOf, r.checkpoint]),
    [
      ['400M', 'cpu', 16, '/ws/.pnag/generator.ckpt.json'],
      ['30ms', 'wasm', 16, '/ws/.pnag/generator.ckpt.json'],
    ],
  );
});

test('without settings the request leaves backend and candidates to the engine', async () => {
  const sent: GenerateRequest[] = [];
  await engineFrontierHost(recordingHost(sent), () => undefined, () => Promise.resolve(false)).generate('400M', new AbortController().signal);
  assert.equal('backend' in sent[0], false);
  assert.equal('bestOf' in sent[0], false);
});
