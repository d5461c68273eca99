import test from 'node:test';
import assert from 'node:assert/strict';
import { type ArchCosts, parseHostMessage, parseViewState, parseWebviewMessage } from '../../../src/shared/protocol';

const costs: ArchCosts = {
  arch: '2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0',
  width: 1.2,
  resolution: 224,
  maddsOfaM: 350.10456,
  maddsPnagM: 348.56856,
  paramsM: 7.336256,
};

test('webview messages: known types pass, anything else is refused', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'generate', extra: 1 }), { type: 'generate' });
  for (const bad of [undefined, null, 'ready', [], {}, { type: 'runCommand', command: 'workbench.action.quit' }, { type: 1 }]) {
    assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
  }
});

test('host messages carry costs or null, and reject malformed costs', () => {
  assert.deepEqual(parseHostMessage({ type: 'showCosts', costs }), { type: 'showCosts', costs });
  assert.deepEqual(parseHostMessage({ type: 'showCosts', costs: null }), { type: 'showCosts', costs: null });
  assert.equal(parseHostMessage({ type: 'showCosts' }), undefined);
  assert.equal(parseHostMessage({ type: 'showCosts', costs: { ...costs, paramsM: 'many' } }), undefined);
  assert.equal(parseHostMessage({ type: 'showCosts', costs: { ...costs, maddsOfaM: Number.NaN } }), undefined);
  assert.equal(parseHostMessage({ type: 'other' }), undefined);
});

test('saved view state round-trips and garbage is ignored', () => {
  assert.deepEqual(parseViewState(JSON.parse(JSON.stringify({ costs }))), { costs });
  assert.deepEqual(parseViewState({ costs: null }), { costs: null });
  assert.equal(parseViewState(undefined), undefined);
  assert.equal(parseViewState({ costs: 3 }), undefined);
});
