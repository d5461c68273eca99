import test from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../../src/core/errors';
import { isExact } from '../../../../src/core/cost/costModel';
import { LutCostModel, deviceFromFileName } from '../../../../src/core/cost/lut/lutCostModel';
import { lutKeys } from '../../../../src/core/cost/lut/lutKeys';
import { makeArch, randomArch } from '../../../../src/core/space/arch';
import { parsePnagString } from '../../../../src/core/space/pnagString';
import { Random } from '../../../../src/core/util/random';
import { nasdataPath, readNasdataCsv } from '../../nasdata';

const NOTE10_DIR = nasdataPath('ofa_note10_lut');
const NSGA_FILE = nasdataPath('nsganetv2_i7-8700K_lut.yaml');
const note10 = LutCostModel.load(NOTE10_DIR);

function inputError(pattern: RegExp): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pnag-lut-'));
}

test('the Note10 tables reproduce the note10_lut_latency_ms column of PNAG\'s published archs to 0.01 ms', () => {
  const table = readNasdataCsv('pnag_published_archs.csv');
  assert.equal(table.rows.length, 15);
  for (const row of table.rows) {
    const arch = parsePnagString(row.values.pnag_string, { width: Number(row.values.width), resolution: Number(row.values.resolution) });
    const expected = Number(row.values.note10_lut_latency_ms);
    const got = note10.costOf(arch);
    assert.ok(Math.abs(got - expected) <= 0.01 + 1e-9, `${row.values.name}: ${got.toFixed(4)} vs ${expected}`);
  }
});

test('a LUT folder is an exact cost model in ms named after its device', async () => {
  assert.equal(note10.name, 'lut:note10');
  assert.equal(note10.metric, 'latency_ms@note10');
  assert.equal(note10.unit, 'ms');
  assert.ok(isExact(note10));
  assert.deepEqual(note10.resolutions, [160, 176, 192, 208, 224]);
  const arch = randomArch(new Random(2), { resolution: 192 });
  assert.deepEqual(await note10.costs([arch]), [note10.costOf(arch)]);
});

test('the table is chosen by resolution, and a resolution without one is refused naming those there are', () => {
  const arch = randomArch(new Random(4));
  const at = (r: number) => note10.costOf(makeArch(arch.depths, arch.kernels, arch.expands, { resolution: r }));
  assert.ok(at(160) < at(192) && at(192) < at(224), `${at(160)} ${at(192)} ${at(224)}`);
  assert.throws(() => at(168), inputError(/no latency table for resolution 168 \(tables cover 160, 176, 192, 208, 224\)/));
});

test('the breakdown has one term per timed layer and sums to the cost; the first block is included', () => {
  const arch = randomArch(new Random(5));
  const terms = note10.breakdown(arch);
  const blocks = arch.depths.reduce((a, b) => a + b, 0);
  assert.equal(terms.length, 1 + 1 + blocks + 4);
  assert.equal(terms[1].key, 'expanded_conv-input:112x112x24-output:112x112x24-expand:24-kernel:3-stride:1-idskip:1-se:0-hs:0');
  assert.ok(Math.abs(terms.reduce((s, t) => s + t.ms, 0) - note10.costOf(arch)) < 1e-9);
});

test('a key missing from the table is an error naming the key, never a silent zero', () => {
  const dir = tempDir();
  try {
    const arch = parsePnagString('2,2,3,3,3:5,5,0,0,5,5,0,0,7,5,7,0,3,5,5,0,7,5,5,0:3,3,0,0,4,3,0,0,4,3,3,0,6,4,4,0,6,6,6,0');
    const victim = lutKeys(arch, 'ofa-mbv3')[3];
    const text = readFileSync(join(NOTE10_DIR, '224_lookup_table.yaml'), 'utf8');
    const start = text.indexOf(`${victim}:\n`);
    assert.ok(start >= 0);
    const end = text.indexOf('\n', text.indexOf('std:', start));
    writeFileSync(join(dir, '224_lookup_table.yaml'), text.slice(0, start) + text.slice(end + 1));
    const model = LutCostModel.load(dir);
    assert.throws(() => model.costOf(arch), inputError(new RegExp(`no entry for layer "${victim}"`)));
    // w1.0 networks are not in OFA's w1.2 tables: refused, not summed as zero
    assert.throws(() => note10.costOf(makeArch(arch.depths, arch.kernels, arch.expands, { width: 1.0 })), inputError(/no entry for layer "Conv-input:224x224x3-output:112x112x16"/));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nsganetv2\'s i7-8700K table: one file, every resolution 96..256, both widths, no missing keys', () => {
  const model = LutCostModel.load(NSGA_FILE);
  assert.equal(model.name, 'lut:i7-8700K');
  assert.equal(model.resolutions.length, 41);
  assert.equal(model.resolutions[0], 96);
  const rng = new Random(11);
  for (let i = 0; i < 200; i++) {
    const arch = randomArch(rng, { width: rng.pick([1.0, 1.2]), resolution: 128 + 4 * rng.int(25) });
    const ms = model.costOf(arch);
    assert.ok(ms > 3 && ms < 100, `${ms}`);
  }
  const arch = randomArch(new Random(6));
  const keys = lutKeys(arch, 'nsganetv2');
  assert.equal(keys[0], 'first_conv-input:224x224x3-output:112x112x24');
  assert.equal(keys[1], 'MBConv-input:112x112x24-output:112x112x24-expand:1-kernel:3-stride:1-idskip:1-se:0');
  assert.deepEqual(keys.slice(-3), [
    'final_expand_layer-input:7x7x192-output:7x7x1152',
    'feature_mix_layer-input:1x1x1152-output:1x1x1536',
    'classifier-input:1536-output:1000',
  ]);
});

test('a "# device:" comment names the device; an explicit option overrides both it and the folder name', () => {
  const dir = tempDir();
  try {
    const text = readFileSync(join(NOTE10_DIR, '160_lookup_table.yaml'), 'utf8');
    writeFileSync(join(dir, '160_lookup_table.yaml'), `# device: pixel9\n${text}`);
    assert.equal(LutCostModel.load(dir).name, 'lut:pixel9');
    assert.equal(LutCostModel.load(dir, { device: 'mine' }).metric, 'latency_ms@mine');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(deviceFromFileName('/x/ofa_note10_lut/'), 'note10');
  assert.equal(deviceFromFileName('nsganetv2_i7-8700K_lut.yaml'), 'i7-8700K');
  assert.equal(deviceFromFileName('/x/ofa_note10_lut/224_lookup_table.yaml'), 'note10');
  assert.equal(deviceFromFileName('224_lookup_table.yaml'), 'device');
});

test('malformed folders and files are refused naming the file', () => {
  const dir = tempDir();
  try {
    assert.throws(() => LutCostModel.load(dir), inputError(/no \.yaml latency tables in this folder/));
    copyFileSync(join(NOTE10_DIR, '160_lookup_table.yaml'), join(dir, '176_lookup_table.yaml'));
    assert.throws(() => LutCostModel.load(dir), inputError(/176_lookup_table\.yaml: the file name says resolution 176, its first conv says 160/));
    rmSync(join(dir, '176_lookup_table.yaml'));
    writeFileSync(join(dir, 'bad.yaml'), 'a: [1, 2\n');
    assert.throws(() => LutCostModel.load(dir), inputError(/bad\.yaml: not valid YAML/));
    writeFileSync(join(dir, 'bad.yaml'), 'Conv-input:1x1x3-output:1x1x3:\n  mean: fast\n');
    assert.throws(() => LutCostModel.load(dir), inputError(/bad\.yaml: entry "Conv-input:1x1x3-output:1x1x3" has no non-negative numeric mean/));
    const entry = 'expanded_conv-input:1x1x3-output:1x1x3:\n  mean: 1\n';
    writeFileSync(join(dir, 'bad.yaml'), entry + entry);
    assert.throws(() => LutCostModel.load(dir), inputError(/bad\.yaml: 1 duplicate layer keys/));
    writeFileSync(join(dir, 'bad.yaml'), 'foo:\n  mean: 1\n');
    assert.throws(() => LutCostModel.load(dir), inputError(/bad\.yaml: not a latency table for this space/));
    assert.throws(() => LutCostModel.load(join(dir, 'missing')), inputError(/missing: cannot read the latency table \(ENOENT\)/));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
