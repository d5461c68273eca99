import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { zipSync, type Zippable } from 'fflate';
import { InputError } from '../../../src/core/errors';
import { readOfaPredictorJson, readOfaPredictorPth } from '../../../src/core/predict/ofaPredictorWeights';
import { readTorchFile } from '../../../src/core/predict/torch/readTorchFile';
import { nasdataPath } from '../nasdata';

// The zip layout torch.save writes (checked against PyTorch 1.13's output, docs/sources.md): one folder holding
// data.pkl (protocol 2; storages as persistent ids), data/<key> (raw little-endian elements) and version.
const JSON_WEIGHTS = readOfaPredictorJson(readFileSync(nasdataPath('ofa_acc_predictor_w1.2_weights.json'), 'utf8'), 'weights.json');

/** A tiny pickle writer for the opcodes torch.save's state-dict pickle uses. */
class PickleWriter {
  private readonly parts: number[] = [0x80, 2];
  op(code: string): this {
    this.parts.push(code.charCodeAt(0));
    return this;
  }
  global(module: string, name: string): this {
    this.op('c');
    for (const c of `${module}\n${name}\n`) this.parts.push(c.charCodeAt(0));
    return this;
  }
  str(text: string): this {
    const bytes = Buffer.from(text, 'utf8');
    this.op('X');
    this.parts.push(bytes.length & 0xff, (bytes.length >> 8) & 0xff, 0, 0, ...bytes);
    return this;
  }
  int(value: number): this {
    this.op('J');
    const b = Buffer.alloc(4);
    b.writeInt32LE(value);
    this.parts.push(...b);
    return this;
  }
  tuple(values: readonly number[]): this {
    this.op('(');
    values.forEach((v) => this.int(v));
    return this.op('t');
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

interface Entry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

function entriesOf(weights: typeof JSON_WEIGHTS): Entry[] {
  return weights.layers.flatMap((layer, i) => [
    { name: `${2 * i}.weight`, shape: [layer.outputs, layer.inputs], data: layer.weight },
    { name: `${2 * i}.bias`, shape: [layer.outputs], data: layer.bias },
  ]);
}

/** `torch.save(state_dict, '<folder>.pth')` as PyTorch >= 1.6 writes it, storages stored uncompressed. */
function torchZip(entries: readonly Entry[], folder = 'archive', extra: Zippable = {}): Uint8Array {
  const p = new PickleWriter().global('collections', 'OrderedDict').op(')').op('R').op('(');
  const files: Zippable = {};
  entries.forEach((entry, key) => {
    const stride = entry.shape.map((_, i) => entry.shape.slice(i + 1).reduce((a, b) => a * b, 1));
    p.str(entry.name).global('torch._utils', '_rebuild_tensor_v2').op('(');
    p.op('(').str('storage').global('torch', 'FloatStorage').str(String(key)).str('cpu').int(entry.data.length).op('t').op('Q');
    p.int(0).tuple(entry.shape).tuple(stride).op('\x89').global('collections', 'OrderedDict').op(')').op('R').op('t').op('R');
    files[`${folder}/data/${key}`] = [new Uint8Array(entry.data.buffer.slice(entry.data.byteOffset, entry.data.byteOffset + entry.data.byteLength)), { level: 0 }];
  });
  p.op('u').op('.');
  return zipSync({ [`${folder}/data.pkl`]: [p.bytes(), { level: 0 }], ...files, [`${folder}/version`]: [Buffer.from('3\n'), { level: 0 }], ...extra });
}

function rejects(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(() => readTorchFile(bytes, 'crafted.pth'), (error: unknown) => error instanceof InputError && pattern.test(error.message) && /crafted\.pth/.test(error.message));
}

test('a zip-format torch.save of the predictor loads to the same weights as the JSON form', () => {
  for (const folder of ['archive', 'acc_predictor']) {
    const weights = readOfaPredictorPth(torchZip(entriesOf(JSON_WEIGHTS), folder), 'acc_predictor.pth');
    assert.equal(weights.layers.length, JSON_WEIGHTS.layers.length);
    weights.layers.forEach((layer, i) => {
      assert.deepEqual([layer.inputs, layer.outputs], [JSON_WEIGHTS.layers[i].inputs, JSON_WEIGHTS.layers[i].outputs]);
      assert.deepEqual(layer.weight, JSON_WEIGHTS.layers[i].weight);
      assert.deepEqual(layer.bias, JSON_WEIGHTS.layers[i].bias);
    });
  }
});

test('newer torch files (byteorder, .format_version, serialization_id, deflated entries) load too', () => {
  const entries = entriesOf(JSON_WEIGHTS).slice(0, 2);
  const extra: Zippable = { 'archive/byteorder': Buffer.from('little'), 'archive/.format_version': Buffer.from('1'), 'archive/.data/serialization_id': Buffer.from('123') };
  const tensors = readTorchFile(torchZip(entries, 'archive', extra), 'new.pth');
  assert.deepEqual(tensors.get('0.weight')?.shape, [400, 128]);
});

test('the zip container goes through the same allow-list: any other global is refused', () => {
  const evil = new PickleWriter().global('os', 'system').str('echo pwned').op('\x85').op('R').op('.').bytes();
  rejects(zipSync({ 'archive/data.pkl': evil, 'archive/version': Buffer.from('3\n') }), /refusing to load global os\.system/);
});

test('broken zip files are refused with a message naming the file', () => {
  const good = torchZip(entriesOf(JSON_WEIGHTS).slice(0, 2));
  rejects(good.subarray(0, 200), /not a readable zip-format torch\.save file/);
  rejects(zipSync({ 'a/version': Buffer.from('3\n') }), /one <folder>\/data\.pkl; found 0/);
  const entries = entriesOf(JSON_WEIGHTS).slice(0, 2);
  const short = torchZip([{ ...entries[0], data: entries[0].data }], 'archive', { 'archive/data/0': [new Uint8Array(12), { level: 0 }] });
  rejects(short, /archive\/data\/0 holds 12 bytes, the pickle says 51200 FloatStorage elements/);
  rejects(torchZip(entries, 'archive', { 'archive/byteorder': Buffer.from('big') }), /only little-endian/);
});

test('a file saved by real PyTorch (1.13, zip format; a float32 dict and a transposed float64 view) reads exactly', () => {
  // Made with: torch.save(OrderedDict([('0.weight', torch.arange(6.).reshape(2, 3)), ('0.bias', torch.tensor([1.5, -2.0])),
  //   ('t.weight', torch.arange(6, dtype=torch.float64).reshape(3, 2).t())]), 'torch-1.13-zip.pth')
  const tensors = readTorchFile(new Uint8Array(readFileSync(`${__dirname}/fixtures/torch-1.13-zip.pth`)), 'torch-1.13-zip.pth');
  assert.deepEqual(
    [...tensors].map(([name, t]) => [name, t.shape, Array.from(t.data)]),
    [
      ['0.weight', [2, 3], [0, 1, 2, 3, 4, 5]],
      ['0.bias', [2], [1.5, -2]],
      ['t.weight', [2, 3], [0, 2, 4, 1, 3, 5]],
    ],
  );
});
