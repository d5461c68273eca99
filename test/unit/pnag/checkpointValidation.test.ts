import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { InputError } from '../../../src/core/errors';
import { pnagEngine } from '../../../src/core/pipeline/pnagEngine';
import { loadCheckpoint, parseCheckpoint } from '../../../src/core/pnag/checkpoint';
import { initBackend } from '../../../src/core/tf/backend';

const FIXTURES = resolve(__dirname, '..', '..', 'fixtures', 'checkpoints');
const V1 = join(FIXTURES, 'v1-pipeline.ckpt.json');
const V2 = join(FIXTURES, 'v2-meta.ckpt.json');

type Tensor = { shape: number[]; b64: string };
type File = Record<string, unknown> & { weights: Record<'evaluator' | 'generator', Record<string, Tensor>>; config: Record<string, unknown>; frontier?: Record<string, unknown>[]; meta?: { pipeline: Record<string, unknown> } };

const read = (path: string): File => JSON.parse(readFileSync(path, 'utf8')) as File;

/** Sets one float32 value of a saved weight. */
function setWeight(file: File, group: 'evaluator' | 'generator', name: string, index: number, value: number): void {
  const tensor = file.weights[group][name];
  const bytes = Buffer.from(tensor.b64, 'base64');
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  values[index] = value;
  tensor.b64 = Buffer.from(values.buffer).toString('base64');
}

function refuses(file: File, pattern: RegExp): void {
  assert.throws(
    () => parseCheckpoint(JSON.stringify(file), 'checkpoint x.ckpt.json').dispose(),
    (e: unknown) => e instanceof InputError && pattern.test(e.message) && e.message.startsWith('checkpoint x.ckpt.json: '),
    `expected ${pattern}`,
  );
}

test('saved checkpoints of the old layouts (v1 with a top-level pipeline, v2 with meta and a frontier) still load and generate', async () => {
  await initBackend('cpu');
  for (const path of [V1, V2]) {
    const model = await loadCheckpoint(path);
    assert.deepEqual([...model.budgets], [250, 475, 700]);
    model.dispose();
    const generator = await pnagEngine.load(path);
    try {
      assert.equal(generator.sources.accuracySpec, 'proxy:madds');
      assert.equal(generator.width, 1.2);
      const result = await generator.generate(450, 2, new MaddsCostModel('pnag'));
      assert.ok(new MaddsCostModel('pnag').costOf(result.arch) <= 450);
    } finally {
      generator.dispose();
    }
  }
});

test('NaN or infinite weights in the generator head, the budget embedding or the evaluator are refused with the weight and index', async () => {
  await initBackend('cpu');
  const cases: ['evaluator' | 'generator', string, number, number, RegExp][] = [
    ['generator', 'generator/head/w', 5, NaN, /: generator\/head\/w\[5\]: NaN$/],
    ['generator', 'generator/budget_embedding', 0, NaN, /: generator\/budget_embedding\[0\]: NaN$/],
    ['evaluator', 'evaluator/dense1/w', 37, NaN, /: evaluator\/dense1\/w\[37\]: NaN$/],
    ['evaluator', 'evaluator/dense3/b', 0, Infinity, /: evaluator\/dense3\/b\[0\]: Infinity: weights must be finite$/],
    ['generator', 'generator/lstm/w', 3, 1e30, /: generator\/lstm\/w\[3\]: 1\.0000000150474662e\+30 is beyond ±10000, implausible for a trained weight$/],
  ];
  for (const [group, name, index, value, pattern] of cases) {
    const file = read(V2);
    setWeight(file, group, name, index, value);
    refuses(file, pattern);
  }
  // The bound leaves trained weights alone.
  const file = read(V2);
  setWeight(file, 'generator', 'generator/lstm/w', 3, 9999);
  parseCheckpoint(JSON.stringify(file)).dispose();
});

test('implausible frontier points, budgets, hidden sizes and recorded shapes are refused naming the field', async () => {
  await initBackend('cpu');
  const edits: [(f: File) => void, RegExp][] = [
    [(f) => (f.frontier![0].accuracy = 1e308), /: frontier\[0\]\.accuracy: 1e\+308 is not a top-1 percentage from 0 to 100$/],
    [(f) => (f.version = '3'), /: format version "3" is not supported \(this build reads versions 1, 2, 3\)$/],
    [(f) => (f.frontier![0].accuracy = -75), /: frontier\[0\]\.accuracy: -75 is not/],
    [(f) => (f.frontier![0].cost = -1), /: frontier\[0\]\.cost: -1 is not a positive finite number$/],
    [(f) => (f.config.generatorHidden = 1e7), /: config\.generatorHidden: 10000000 is not a whole number from 1 to 1024$/],
    [(f) => (f.config.evaluatorHidden = 0), /: config\.evaluatorHidden: 0 is not a whole number from 1 to 2048$/],
    [(f) => (f.config.evaluatorHidden = 32), /evaluator\/dense1\/w" has shape \[123, 16\], expected \[123, 32\]/],
    [(f) => (f.budgets = [700, 250, 475]), /: budgets\[1\]: 250 is not above budgets\[0\] \(700\): budgets are sorted ascending$/],
    [(f) => (f.budgets = [250, 475, 1e999]), /: budgets\[2\]: null is not a positive number$/],
    [(f) => (f.seed = 'x'), /: seed: "x" is not a whole number$/],
    [(f) => ((f.costModel as Record<string, unknown>).unit = 'h'), /: costModel\.unit: "h" is not a cost unit \("M", "ms"/],
    // Found by the fuzzer: the frontier's architecture and a weight's shape, quoted in one line that names the file.
    [(f) => (f.frontier![0].width = 224), /: frontier entry 1: width: 224 is not one of 1, 1\.2$/],
    [(f) => (f.weights.generator['generator/head/w'].shape = ['c\r' as never, 9]), /: generator\/head\/w: shape \["c\\r",9\] is not a list of whole numbers$/],
    [(f) => (f.weights.generator['evil\nname'] = { shape: ['x' as never], b64: '' }), /: "evil\\nname": shape \["x"\] is not a list of whole numbers$/],
  ];
  for (const [edit, pattern] of edits) {
    const file = read(V2);
    edit(file);
    refuses(file, pattern);
  }
  const dir = mkdtempSync(join(tmpdir(), 'pnag-ckpt-'));
  const file = read(V2);
  file.meta!.pipeline.width = 7;
  writeFileSync(join(dir, 'w.ckpt.json'), JSON.stringify(file));
  await assert.rejects(pnagEngine.load(join(dir, 'w.ckpt.json')), (e: unknown) => e instanceof InputError && /: meta\.pipeline\.width: 7 is not one of 1, 1\.2$/.test(e.message));
});

test('the cost model a checkpoint records must read and match its unit, and a bad one is blamed on the checkpoint, not on --cost', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pnag-ckpt-'));
  const shipped = JSON.parse(readFileSync(resolve(__dirname, '..', '..', '..', 'data', 'generators', 'madds-pnag.ckpt.json'), 'utf8')) as {
    costModel: { unit: string }; meta: { pipeline: { costSpec: string } };
  };
  const variant = (name: string, edit: (c: typeof shipped) => void): string => {
    const copy = JSON.parse(JSON.stringify(shipped)) as typeof shipped;
    edit(copy);
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(copy));
    return path;
  };
  const unit = variant('unit.json', (c) => (c.costModel.unit = 'ms'));
  await assert.rejects(pnagEngine.load(unit), (e: unknown) => e instanceof InputError && /unit\.json: costModel\.unit "ms" does not match the cost model it records, madds \(M\)$/.test(e.message));
  const command = variant('spec.json', (c) => (c.meta.pipeline.costSpec = 'eval:touch /tmp/never'));
  await assert.rejects(pnagEngine.load(command), (e: unknown) => e instanceof InputError && /^checkpoint .*spec\.json: meta\.pipeline\.costSpec: "eval:touch \/tmp\/never" is not a cost model/.test(e.message));
});
