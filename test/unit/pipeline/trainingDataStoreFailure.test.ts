import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { MaddsCostModel } from '../../../src/core/cost/maddsCostModel';
import { InputError } from '../../../src/core/errors';
import { prepareTrainingData } from '../../../src/core/pipeline/trainingData';
import type { AccuracySource } from '../../../src/core/sources/accuracySource';
import type { Arch } from '../../../src/core/space/arch';

/** A queryable source answered in JS; its labels go to the store in one batch per query. */
const source: AccuracySource = {
  name: 'test-source',
  unit: '%',
  isEstimate: false,
  queryable: true,
  accuracy: async (archs: readonly Arch[]) => archs.map((a) => 60 + a.depths.reduce((x, y) => x + y, 0)),
};

test('labels the store cannot take stop the run with one line saying how many were kept and why', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pnag-store-fail-'));
  // A file where the archive's folder should be: every write fails, as on a read-only or full disk.
  writeFileSync(join(dir, '.pnag'), 'not a folder');
  const store = Archive.open(join(dir, '.pnag', 'archive.jsonl'));
  await assert.rejects(
    prepareTrainingData({ source, costModel: new MaddsCostModel('pnag'), size: 20, store, seed: 1 }),
    (e: unknown) => e instanceof InputError && e.message === `0 of 8 new labels kept; ${join(dir, '.pnag', 'archive.jsonl')}: a folder on the path is a file`,
  );
});
