import test from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_GENERATORS, builtinGeneratorPath } from '../../../../src/core/pipeline/builtinGenerators';
import { shippedGeneratorPath } from '../../../../src/extension/generator/shippedGenerator';
import type { PnagSettings } from '../../../../src/extension/settings/pnagSettings';

const defaults: PnagSettings = {
  costModel: 'madds', accuracySource: 'auto', width: 1.2, resolution: 224, budgets: '', k: 10, trainingSteps: 300,
  evaluatorEpochs: 6, archiveSize: 0, frontierQueries: null, evaluations: null, forgetFailures: false, asynchronousRounds: false, seed: 0,
  bestOf: 64, sourceQueries: 0,
  pythonInsertion: 'setActiveSubnet', jsonInsertion: 'networkConfig', backend: 'auto',
};
const path = (name: string) => builtinGeneratorPath(BUILTIN_GENERATORS.find((g) => g.name === name)!);
const fresh = { accuracy: undefined, shape: {}, archiveExists: false, env: {} };

test('a fresh workspace with the default settings gets the shipped generator of its cost model', () => {
  assert.equal(shippedGeneratorPath({ ...fresh, settings: defaults }), path('madds-pnag'));
  assert.equal(shippedGeneratorPath({ ...fresh, settings: { ...defaults, costModel: 'madds:ofa' } }), path('madds-ofa'));
  assert.equal(shippedGeneratorPath({ ...fresh, settings: { ...defaults, costModel: 'lut:note10' } }), path('note10'));
  assert.equal(shippedGeneratorPath({ ...fresh, settings: defaults, accuracy: 'ofa' }), path('madds-pnag'));
  assert.equal(shippedGeneratorPath({ ...fresh, settings: defaults, shape: { width: 1.2, resolution: 224 } }), path('madds-pnag'));
});

test('anything the shipped generators were not trained for leaves the choice to training', () => {
  const none = (changes: Partial<Parameters<typeof shippedGeneratorPath>[0]>) => shippedGeneratorPath({ ...fresh, settings: defaults, ...changes });
  assert.equal(none({ archiveExists: true }), undefined, 'auto with an archive: measured top-1 may make it the source');
  assert.equal(none({ env: { PNAG_OFA_PREDICTOR: '/x.pth' } }), undefined);
  assert.equal(none({ accuracy: 'proxy:zen' }), undefined);
  assert.equal(none({ accuracy: 'ofa:/x/acc_predictor.pth' }), undefined);
  assert.equal(none({ shape: { resolution: 192 } }), undefined);
  assert.equal(none({ settings: { ...defaults, trainingSteps: 100 } }), undefined);
  assert.equal(none({ settings: { ...defaults, seed: 3 } }), undefined);
  assert.equal(none({ settings: { ...defaults, budgets: '300:500' } }), undefined);
  assert.equal(none({ settings: { ...defaults, costModel: 'measure' } }), undefined);
  assert.equal(none({ settings: { ...defaults, costModel: 'lut:./my-tables' } }), undefined);
  assert.equal(none({ settings: { ...defaults, frontierQueries: 0 } }), undefined);
});
