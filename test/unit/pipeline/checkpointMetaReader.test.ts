import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { type CheckpointMeta, readCheckpointMeta } from '../../../src/core/pipeline/checkpointMeta';
import { pnagEngine } from '../../../src/core/pipeline/pnagEngine';
import { checkpointOf, parseCheckpoint } from '../../../src/core/pnag/checkpoint';
import { initBackend } from '../../../src/core/tf/backend';
import { generatorInfoOf } from '../../../src/extension/generator/generatorInfo';

// One reader of what a checkpoint says of itself, for the engine, the CLI and the extension host, over
// every layout the engine wrote (saved files of versions 1 and 2, and what the writer writes now).

const FIXTURES = resolve(__dirname, '..', '..', 'fixtures', 'checkpoints');
const V1 = join(FIXTURES, 'v1-pipeline.ckpt.json');
const V2 = join(FIXTURES, 'v2-meta.ckpt.json');

type Json = Record<string, unknown>;
const read = (path: string): Json => JSON.parse(readFileSync(path, 'utf8')) as Json;

/** What both saved fixtures record: proxy:madds with MAdds (PNAG count), budgets 250/475/700, w1.2 r224. */
const RECORDED: CheckpointMeta = {
  unit: 'M',
  budgets: [250, 475, 700],
  accuracySource: 'proxy:madds',
  costModel: 'madds:pnag',
  estimate: true,
  accuracySpec: 'proxy:madds',
  costSpec: 'madds',
  width: 1.2,
  resolution: 224,
};

function refused(value: unknown, pattern: RegExp): void {
  assert.throws(
    () => readCheckpointMeta(value, 'checkpoint x.ckpt.json'),
    (e: unknown) => e instanceof InputError && e.message.startsWith('checkpoint x.ckpt.json: ') && pattern.test(e.message) && !e.message.includes('\n'),
    `expected ${pattern}`,
  );
}

test('a saved version-1 file (record in a top-level pipeline) and a version-2 file (record in meta.pipeline) read the same', () => {
  assert.deepEqual(readCheckpointMeta(read(V1), V1), RECORDED);
  assert.deepEqual(readCheckpointMeta(read(V2), V2), RECORDED);
  // The extension host reads them through the same reader.
  assert.deepEqual(generatorInfoOf(read(V1)), RECORDED);
  assert.deepEqual(generatorInfoOf(read(V2)), RECORDED);
});

test('what the writer writes now reads back, a snapshot of an unfinished training with its steps', async () => {
  await initBackend('cpu');
  const model = parseCheckpoint(readFileSync(V2, 'utf8'));
  try {
    const pipeline = { accuracySource: 'ofa-predictor', accuracySpec: 'ofa:/data/p.pth', estimate: false, costModel: 'madds:pnag', costSpec: 'madds',
      measuredArchs: 40, width: 1.0, resolution: 192 };
    const file: unknown = JSON.parse(JSON.stringify(checkpointOf(model, { pipeline, complete: false, generatorStep: 30, generatorSteps: 300 })));
    assert.deepEqual(readCheckpointMeta(file, 'now'), {
      ...RECORDED, estimate: false, accuracySpec: 'ofa:/data/p.pth', measuredArchs: 40, width: 1.0, resolution: 192,
      partial: { generatorStep: 30, generatorSteps: 300 },
    });
    const finished: unknown = JSON.parse(JSON.stringify(checkpointOf(model, { pipeline, complete: true, generatorStep: 300, generatorSteps: 300 })));
    assert.equal(readCheckpointMeta(finished, 'now').partial, undefined);
  } finally {
    model.dispose();
  }
});

test('a file that is no checkpoint, or whose record is malformed, is an InputError naming the file and the field', () => {
  const v1 = read(V1);
  const v2 = read(V2);
  const v2Meta = v2.meta as { pipeline: Json };
  refused('not an object', /not a PNAG checkpoint/);
  refused([v2], /not a PNAG checkpoint/);
  refused({ ...v2, format: 'other' }, /not a PNAG checkpoint \(format is not "pnag-checkpoint"\)$/);
  refused({ ...v2, costModel: { name: 'x', unit: 'kg' } }, /costModel\.unit "kg" is not a known cost unit$/);
  refused({ ...v2, costModel: undefined }, /costModel\.unit undefined is not a known cost unit$/);
  refused({ ...v2, budgets: [] }, /budgets must be a non-empty list of numbers$/);
  refused({ ...v2, budgets: [250, '700'] }, /budgets must be a non-empty list of numbers$/);
  refused({ ...v2, meta: { pipeline: { ...v2Meta.pipeline, width: 0.5 } } }, /: meta\.pipeline\.width: 0\.5 is not one of /);
  refused({ ...v2, meta: { pipeline: { ...v2Meta.pipeline, resolution: undefined } } }, /: meta\.pipeline\.resolution: undefined is not one of /);
  refused({ ...v1, pipeline: { ...(v1.pipeline as Json), resolution: 225 } }, /: pipeline\.resolution: 225 is not one of /);
  refused({ ...v2, meta: { pipeline: { ...v2Meta.pipeline, measuredArchs: 'many' } } }, /: meta\.pipeline\.measuredArchs: "many" is not a whole number/);
  refused({ ...v2, meta: { ...v2Meta, complete: false, generatorStep: 'x' } }, /: meta\.generatorStep: "x" is not a step count$/);
});

test('without a record (a checkpoint made elsewhere) the engine\'s own fields are read and no spec is invented', () => {
  const { meta: _meta, ...bare } = read(V2);
  assert.deepEqual(readCheckpointMeta(bare, 'bare'), { unit: 'M', budgets: [250, 475, 700], accuracySource: 'proxy:madds', costModel: 'madds:pnag', estimate: false });
  // A record without both specs names no shape: the engine then infers the specs and takes the default shape.
  const partialRecord = readCheckpointMeta({ ...bare, meta: { pipeline: { estimate: true, accuracySpec: 'proxy:naswot', width: 'wide' } } }, 'partial');
  assert.equal(partialRecord.accuracySpec, 'proxy:naswot');
  assert.equal(partialRecord.width, undefined);
  assert.equal(partialRecord.estimate, true);
});

test('the engine peeks at both saved layouts through the reader, and at a file that is none as nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pnag-ckpt-meta-'));
  for (const path of [V1, V2]) {
    const peeked = pnagEngine.peekSources(path);
    assert.equal(peeked?.accuracySpec, 'proxy:madds');
    assert.equal(peeked?.costSpec, 'madds');
    assert.equal(peeked?.width, 1.2);
    assert.equal(peeked?.resolution, 224);
  }
  const broken = join(dir, 'broken.ckpt.json');
  writeFileSync(broken, JSON.stringify({ ...read(V2), budgets: 'many' }));
  assert.equal(pnagEngine.peekSources(broken), undefined);
  writeFileSync(broken, '{ not json');
  assert.equal(pnagEngine.peekSources(broken), undefined);
});

test('the engine refuses to load a checkpoint whose record is malformed, naming the file and the field', async () => {
  await initBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'pnag-ckpt-meta-'));
  const path = join(dir, 'bad-step.ckpt.json');
  const v2 = read(V2);
  writeFileSync(path, JSON.stringify({ ...v2, meta: { ...(v2.meta as Json), complete: false, generatorStep: 'half' } }));
  await assert.rejects(pnagEngine.load(path), (e: unknown) => e instanceof InputError && e.message === `checkpoint ${path}: meta.generatorStep: "half" is not a step count`);
});
