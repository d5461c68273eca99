import test from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE_BACKENDS, parseHostToWorker } from '../../../src/shared/engineProtocol';

// A backend is one of the engine's names; any other string is a message the worker must not act on.
test('host messages: a backend outside the engine backends is refused in every job that takes one', () => {
  const requests = {
    train: (backend: string) => ({ workspace: '/w', backend }),
    generate: (backend: string) => ({ workspace: '/w', budget: '450M', backend }),
    generateTraining: (backend: string) => ({ workspace: '/w', budget: '450M', train: { backend } }),
    lutBuild: (backend: string) => ({ workspace: '/w', backend }),
  };
  for (const [name, request] of Object.entries(requests)) {
    const type = name === 'generateTraining' ? 'generate' : name;
    for (const backend of ENGINE_BACKENDS) {
      assert.notEqual(parseHostToWorker({ type, id: 1, request: request(backend) }), undefined, `${name} with ${backend}`);
    }
    for (const backend of ['gpu', 'webgl', 'WASM', '']) {
      assert.equal(parseHostToWorker({ type, id: 1, request: request(backend) }), undefined, `${name} with "${backend}"`);
    }
  }
});
