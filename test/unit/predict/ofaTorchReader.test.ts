import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { InputError } from '../../../src/core/errors';
import { readTorchLegacy } from '../../../src/core/predict/torch/torchLegacyReader';
import { unpickle } from '../../../src/core/predict/torch/pickleVm';
import { nasdataPath } from '../nasdata';

const PTH = new Uint8Array(readFileSync(nasdataPath('ofa_acc_predictor_w1.2.pth')));
/** The real file's first three pickles (magic, protocol 1001, sys info) end at byte 137. */
const HEADER = PTH.subarray(0, 137);

function legacyFile(objectPickle: string | Uint8Array): Uint8Array {
  const body = typeof objectPickle === 'string' ? Buffer.from(objectPickle, 'latin1') : objectPickle;
  return Buffer.concat([HEADER, body]);
}

function rejects(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(() => readTorchLegacy(bytes, 'crafted.pth'), (error: unknown) => {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.match(error.message, /crafted\.pth/);
    return true;
  });
}

test('reads every tensor of OFA acc_predictor.pth with its shape', () => {
  const tensors = readTorchLegacy(PTH, 'acc_predictor.pth');
  const shapes = Object.fromEntries([...tensors].map(([name, t]) => [name, t.shape]));
  assert.deepEqual(shapes, {
    '0.weight': [400, 128],
    '0.bias': [400],
    '2.weight': [400, 400],
    '2.bias': [400],
    '4.weight': [400, 400],
    '4.bias': [400],
    '6.weight': [1, 400],
    '6.bias': [1],
  });
  for (const tensor of tensors.values()) assert.equal(tensor.data.length, tensor.shape.reduce((a, b) => a * b, 1));
});

test('a pickle naming os.system is refused before anything runs, naming the global', () => {
  // GLOBAL 'os system', the argument tuple ('echo pwned',), REDUCE, STOP
  const evil = '\x80\x02cos\nsystem\nq\x00X\x0a\x00\x00\x00echo pwnedq\x01\x85q\x02Rq\x03.';
  rejects(legacyFile(evil), /refusing to load global os\.system/);
});

test('builtins reached through STACK_GLOBAL are refused too', () => {
  const evil = '\x80\x04\x8c\x08builtins\x8c\x04eval\x93\x8c\x041+1\x85R.';
  rejects(legacyFile(evil), /refusing to load global builtins\.eval/);
});

test('an allow-listed type marker cannot be called', () => {
  const call = '\x80\x02ctorch\nFloatStorage\n)R.';
  rejects(legacyFile(call), /refusing to call torch\.FloatStorage/);
});

test('object-constructing opcodes are refused by name', () => {
  const newobj = '\x80\x02ccollections\nOrderedDict\n)\x81.';
  rejects(legacyFile(newobj), /refusing opcode NEWOBJ/);
});

test('a file cut short anywhere is refused as truncated', () => {
  for (const length of [5, 100, 600, 1200, 1229 + 4, 300000, PTH.length - 1]) {
    rejects(PTH.subarray(0, length), /truncated/);
  }
});

test('trailing garbage after the last storage is refused', () => {
  rejects(Buffer.concat([PTH, Buffer.from([1, 2, 3])]), /3 unexpected bytes after the last storage/);
});

test('a file that is not a torch.save file is refused for its magic number', () => {
  rejects(Buffer.from('\x80\x02K\x05.', 'latin1'), /wrong magic number/);
});

test('a corrupted storage count is refused naming the storage', () => {
  const copy = new Uint8Array(PTH);
  new DataView(copy.buffer).setBigInt64(1229, 51201n, true); // first storage's element count
  rejects(copy, /storage 65039104 holds 51201 elements, the pickle says 51200/);
});

test('the pickle VM decodes the small data types a pickle may hold', () => {
  const bytes = Buffer.from('\x80\x02(K\x07M\x00\x01J\xff\xff\xff\xff\x8a\x01\xffG?\xf8\x00\x00\x00\x00\x00\x00\x88\x89NX\x02\x00\x00\x00hit.', 'latin1');
  const { value, end } = unpickle(bytes, 0, 'inline', { globals: new Map() });
  assert.equal(end, bytes.length);
  assert.ok(typeof value === 'object' && value !== null && 'items' in value);
  assert.deepEqual(value.items, [7, 256, -1, -1, 1.5, true, false, null, 'hi']);
});

test('a tensor claiming more elements than its storage is refused, not allocated', () => {
  // The first tensor's size (400, 128) rewritten to (400, 1280) with the stride left as is: BININT1 128 -> BININT2 1280
  const text = Buffer.from(PTH).toString('latin1');
  const at = text.indexOf('K\x00M\x90\x01K\x80\x86');
  assert.ok(at > 0);
  const patched = Buffer.concat([PTH.subarray(0, at + 5), Buffer.from('M\x00\x05', 'latin1'), PTH.subarray(at + 7)]);
  rejects(patched, /tensor "0\.weight": 512000 elements from a storage of 51200/);
});
