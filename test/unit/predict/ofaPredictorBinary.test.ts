import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { InputError } from '../../../src/core/errors';
import { packageDataPath } from '../../../src/core/data/packageData';
import { OfaPredictor, BUILTIN_OFA_PREDICTOR } from '../../../src/core/predict/ofaPredictor';
import { encodeBinaryWeights, readBinaryWeightsFile } from '../../../src/core/predict/ofaPredictorBinary';
import { type OfaPredictorWeights, loadOfaPredictorWeights } from '../../../src/core/predict/ofaPredictorWeights';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { nasdataPath } from '../nasdata';

const dir = () => mkdtempSync(join(tmpdir(), 'pnag-binary-'));

/** Small random weights in the predictor's layout (128 -> 8 -> 8 -> 8 -> 1), with awkward values. */
function randomWeights(seed: number): OfaPredictorWeights {
  const rng = new Random(seed);
  const sizes = [128, 8, 8, 8, 1];
  const values = (n: number) => Float32Array.from({ length: n }, (_, i) => (i === 0 ? -0 : i === 1 ? 1e-39 : (rng.next() - 0.5) * 10 ** (rng.int(9) - 4)));
  return {
    source: 'test',
    layers: sizes.slice(1).map((outputs, i) => ({ inputs: sizes[i], outputs, weight: values(outputs * sizes[i]), bias: values(outputs) })),
  };
}

function write(folder: string, weights: OfaPredictorWeights): string {
  const { header, bytes } = encodeBinaryWeights(weights, 'w.bin');
  writeFileSync(join(folder, 'w.bin'), bytes);
  const path = join(folder, 'w.json');
  writeFileSync(path, JSON.stringify(header));
  return path;
}

const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

test('binary weights round-trip bit for bit (signed zero and subnormals included)', () => {
  const weights = randomWeights(3);
  const read = readBinaryWeightsFile(write(dir(), weights));
  weights.layers.forEach((layer, i) => {
    assert.deepEqual(bits(read.layers[i].weight), bits(layer.weight), `layer ${i} weight`);
    assert.deepEqual(bits(read.layers[i].bias), bits(layer.bias), `layer ${i} bias`);
  });
});

test('the shipped predictor holds exactly the weights of OFA\'s acc_predictor.pth and predicts the same', async () => {
  const original = loadOfaPredictorWeights(nasdataPath('ofa_acc_predictor_w1.2.pth'));
  const shipped = readBinaryWeightsFile(packageDataPath(...BUILTIN_OFA_PREDICTOR));
  original.layers.forEach((layer, i) => {
    assert.deepEqual(bits(shipped.layers[i].weight), bits(layer.weight), `layer ${i} weight`);
    assert.deepEqual(bits(shipped.layers[i].bias), bits(layer.bias), `layer ${i} bias`);
  });
  const rng = new Random(11);
  const archs = Array.from({ length: 200 }, () => randomArch(rng, { resolution: 128 + 4 * rng.int(25) }));
  const expected = new OfaPredictor(original).predictFractions(archs);
  const actual = OfaPredictor.builtin().predictFractions(archs);
  actual.forEach((value, i) => assert.ok(Math.abs(value - expected[i]) <= 1e-7 * Math.abs(expected[i]), `arch ${i}: ${value} vs ${expected[i]}`));
});

test('OfaPredictor.fromFile reads the header of the binary form like any other predictor file', async () => {
  const path = write(dir(), randomWeights(5));
  const fromFile = OfaPredictor.fromFile(path);
  assert.equal(fromFile.weights.layers[0].outputs, 8);
});

const refused = (pattern: RegExp) => (error: unknown) => error instanceof InputError && pattern.test(error.message);

test('a damaged, replaced or mislabelled weights file is an InputError naming it', () => {
  const folder = dir();
  const path = write(folder, randomWeights(7));
  const header = JSON.parse(readFileSync(path, 'utf8'));
  const bin = readFileSync(join(folder, 'w.bin'));

  // One flipped byte: the sha256 no longer matches.
  const flipped = Buffer.from(bin);
  flipped[10] ^= 1;
  writeFileSync(join(folder, 'w.bin'), flipped);
  assert.throws(() => readBinaryWeightsFile(path), refused(/w\.bin: sha256 is [0-9a-f]{64}, .*expects/));

  // Consistent sha256 but too few values for the shapes.
  const short = deflateRawSync(Buffer.alloc(40));
  writeFileSync(join(folder, 'w.bin'), short);
  writeFileSync(path, JSON.stringify({ ...header, sha256: createHash('sha256').update(short).digest('hex') }));
  assert.throws(() => readBinaryWeightsFile(path), refused(/holds 40 bytes, the header's shapes need/));

  // Not deflate data at all.
  const junk = Buffer.from('not deflated');
  writeFileSync(join(folder, 'w.bin'), junk);
  writeFileSync(path, JSON.stringify({ ...header, sha256: createHash('sha256').update(junk).digest('hex') }));
  assert.throws(() => readBinaryWeightsFile(path), refused(/w\.bin: not float32le-byteplanes-deflate data/));

  writeFileSync(join(folder, 'w.bin'), bin);
  writeFileSync(path, JSON.stringify(header));
  assert.doesNotThrow(() => readBinaryWeightsFile(path));
});

test('the header may only name a file beside it, with sane shapes, and must match the predictor\'s layout', () => {
  const folder = dir();
  const path = write(folder, randomWeights(9));
  const header = JSON.parse(readFileSync(path, 'utf8'));
  const withHeader = (changes: Record<string, unknown>) => {
    writeFileSync(path, JSON.stringify({ ...header, ...changes }));
    return () => readBinaryWeightsFile(path);
  };
  assert.throws(withHeader({ file: '../w.bin' }), refused(/"file" must be the weights file's bare name/));
  assert.throws(withHeader({ file: '/etc/passwd' }), refused(/bare name/));
  assert.throws(withHeader({ version: 2 }), refused(/version 2 is not 1/));
  assert.throws(withHeader({ encoding: 'float16' }), refused(/encoding "float16"/));
  assert.throws(withHeader({ sha256: 'x' }), refused(/64 lowercase hex/));
  assert.throws(withHeader({ tensors: [{ name: '0.weight', shape: [1e9, 1e9] }] }), refused(/tensors\[0\]/));
  // Same byte count, shapes swapped: the predictor's own checks name the tensor.
  const swapped = header.tensors.map((t: { name: string; shape: number[] }) => (t.name === '0.weight' ? { ...t, shape: [128, 8] } : t));
  assert.throws(withHeader({ tensors: swapped }), refused(/0\.weight has shape \[128, 8\]/));
  assert.throws(withHeader({ format: 'other' }), refused(/"format" is not "pnag-dense-weights"/));
  writeFileSync(path, '{not json');
  assert.throws(() => readBinaryWeightsFile(path), refused(/w\.json: not valid JSON/));
  assert.throws(() => readBinaryWeightsFile(join(folder, 'missing.json')), refused(/missing\.json: cannot read the OFA predictor header \(ENOENT\)/));
});

test('NaN or infinite weights are refused even with a matching sha256', () => {
  const weights = randomWeights(13);
  weights.layers[2].bias[3] = Number.NaN;
  assert.throws(() => readBinaryWeightsFile(write(dir(), weights)), refused(/NaN or infinite/));
});
