import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { InputError } from '../../../src/core/errors';
import { OfaPredictor } from '../../../src/core/predict/ofaPredictor';
import { loadOfaPredictorWeights, readOfaPredictorJson } from '../../../src/core/predict/ofaPredictorWeights';
import { parsePnagString } from '../../../src/core/space/pnagString';
import { randomArch, withOptions } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { nasdataPath, readNasdataCsv } from '../nasdata';

const PTH = nasdataPath('ofa_acc_predictor_w1.2.pth');
const JSON_WEIGHTS = nasdataPath('ofa_acc_predictor_w1.2_weights.json');
const predictor = OfaPredictor.fromFile(PTH);

test('the .pth and the JSON weights file hold bit-identical weights', () => {
  const fromPth = loadOfaPredictorWeights(PTH);
  const fromJson = loadOfaPredictorWeights(JSON_WEIGHTS);
  assert.equal(fromPth.layers.length, 4);
  fromPth.layers.forEach((layer, i) => {
    const other = fromJson.layers[i];
    assert.equal(layer.inputs, other.inputs);
    assert.equal(layer.outputs, other.outputs);
    assert.deepEqual(Buffer.from(layer.weight.buffer), Buffer.from(other.weight.buffer), `layer ${i} weight`);
    assert.deepEqual(Buffer.from(layer.bias.buffer), Buffer.from(other.bias.buffer), `layer ${i} bias`);
  });
  assert.deepEqual(
    fromPth.layers.map((l) => [l.outputs, l.inputs]),
    [[400, 128], [400, 400], [400, 400], [1, 400]],
  );
});

test('predictions match the ofa_predictor_top1_supernet column of PNAG\'s published archs to 0.01 points', async () => {
  const table = readNasdataCsv('pnag_published_archs.csv');
  assert.equal(table.rows.length, 15);
  const archs = table.rows.map((row) =>
    parsePnagString(row.values.pnag_string, { width: Number(row.values.width), resolution: Number(row.values.resolution) }),
  );
  const top1 = await predictor.accuracy(archs);
  table.rows.forEach((row, i) => {
    const expected = Number(row.values.ofa_predictor_top1_supernet);
    assert.ok(Math.abs(top1[i] - expected) <= 0.01 + 1e-9, `${row.values.name}: ${top1[i].toFixed(4)} vs ${expected}`);
  });
});

test('the JSON weights predict exactly what the .pth predicts', async () => {
  const fromJson = OfaPredictor.fromFile(JSON_WEIGHTS);
  const rng = new Random(7);
  const archs = Array.from({ length: 50 }, () => randomArch(rng, { resolution: 128 + 4 * rng.int(25) }));
  assert.deepEqual(await fromJson.accuracy(archs), await predictor.accuracy(archs));
});

test('it is a queryable, non-estimate accuracy source named ofa-predictor, in percent', async () => {
  assert.equal(predictor.name, 'ofa-predictor');
  assert.equal(predictor.unit, '%');
  assert.equal(predictor.queryable, true);
  assert.equal(predictor.isEstimate, false);
  const arch = randomArch(new Random(1));
  const [percent] = await predictor.accuracy([arch]);
  assert.ok(Math.abs(percent - 100 * predictor.predictFractions([arch])[0]) < 1e-9);
  assert.ok(percent > 70 && percent < 90, `${percent}`);
});

test('resolution is part of the input: the same net at r=160 and r=224 predicts differently', async () => {
  const arch = randomArch(new Random(3));
  const [low, high] = await predictor.accuracy([withOptions(arch, { resolution: 160 }), withOptions(arch, { resolution: 224 })]);
  assert.ok(high - low > 0.5, `r224 ${high} vs r160 ${low}`);
});

test('a JSON weights file with a wrong shape is refused naming the tensor', () => {
  const value = JSON.parse(readFileSync(JSON_WEIGHTS, 'utf8')) as { layers: Record<string, { shape: number[]; b64: string }> };
  value.layers['2.bias'] = { shape: [3], b64: Buffer.alloc(12).toString('base64') };
  assert.throws(() => readOfaPredictorJson(JSON.stringify(value), 'w.json'), (e: unknown) => e instanceof InputError && /w\.json: 2\.bias has shape \[3\], expected \[400\]/.test(e.message));
  delete value.layers['2.bias'];
  assert.throws(() => readOfaPredictorJson(JSON.stringify(value), 'w.json'), (e: unknown) => e instanceof InputError && /tensor 2\.bias is missing/.test(e.message));
});

test('a missing file is an InputError naming the path', () => {
  assert.throws(() => OfaPredictor.fromFile('/nonexistent/acc.pth'), (e: unknown) => e instanceof InputError && /\/nonexistent\/acc\.pth.*ENOENT/.test(e.message));
});

test('width 1.0 is refused: the predictor was trained on the w1.2 supernet only', () => {
  const arch = randomArch(new Random(8), { width: 1.0 });
  assert.throws(() => predictor.predictFractions([arch]), (e: unknown) => e instanceof InputError && /width 1\.0: .*w1\.2 supernet only/.test(e.message));
});
