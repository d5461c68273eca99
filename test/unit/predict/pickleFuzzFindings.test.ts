import test from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../../src/core/errors';
import { readOfaPredictorJson, readOfaPredictorPth } from '../../../src/core/predict/ofaPredictorWeights';
import { readTorchLegacy } from '../../../src/core/predict/torch/torchLegacyReader';
import { writeTorchLegacy } from '../../fuzz/harness/torchLegacyWriter';

// Found by the fuzz suite (test/fuzz/pth.fuzz.ts).

test('a tensor viewing past the end of its storage is refused, not read as NaN', () => {
  const bytes = writeTorchLegacy({
    storages: [{ key: '0', type: 'FloatStorage', data: [1, 2, 3, 4] }],
    tensors: [{ name: 'w', storage: '0', offset: 0, shape: [4], stride: [1], view: { offset: 3, size: 4 } }],
  });
  assert.throws(() => readTorchLegacy(bytes, 'view.pth'), (error: unknown) => error instanceof InputError && /view\.pth: .*view .* storage 0 of 4 elements/.test(error.message));
});

test('a refused global is named on one line even when its name holds control characters', () => {
  const header = writeTorchLegacy({ storages: [], tensors: [] });
  let stops = 0;
  const end = header.findIndex((b) => b === 0x2e && ++stops === 3) + 1;
  const evil = Buffer.from('\x80\x02cos\r\nsystem\n\x8c\x02id\x85R.', 'latin1');
  const bytes = Buffer.concat([header.subarray(0, end), evil]);
  assert.throws(() => readTorchLegacy(bytes, 'evil.pth'), (error: unknown) => {
    assert.ok(error instanceof InputError);
    assert.doesNotMatch(error.message, /[\r\n]/);
    assert.match(error.message, /refusing to load global os\\r\.system: only collections\.OrderedDict/);
    return true;
  });
});

test('tensor names and predictor JSON errors from a file are reported on one line', () => {
  const bytes = writeTorchLegacy({
    storages: [{ key: 'k\r\n', type: 'FloatStorage', data: [1] }],
    tensors: [{ name: '4.\nbias', storage: 'k\r\n', offset: 0, shape: [1], stride: [1] }],
  });
  assert.throws(() => readOfaPredictorPth(bytes, 'p.pth'), (error: unknown) => error instanceof InputError && /unexpected tensor 4\.\\nbias/.test(error.message));
  assert.throws(() => readOfaPredictorJson('{\n "layers": x\n}', 'p.json'), (error: unknown) => error instanceof InputError && /^p\.json: not valid JSON \([^\n]*\)$/.test(error.message));
});
