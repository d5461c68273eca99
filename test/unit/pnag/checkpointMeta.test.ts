import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CheckpointSnapshot, trainPnag, type TrainPnagOptions } from '../../../src/core/pnag/trainPipeline';
import { checkpointMetaOf, checkpointOf, loadCheckpoint } from '../../../src/core/pnag/checkpoint';
import { smallTraining, syntheticSamples } from './synthetic';

const small: TrainPnagOptions = { ...smallTraining(5), evaluator: { epochs: 1, batchSize: 64 }, generator: { steps: 3, samplesPerCondition: 4 } };

test('the caller\'s meta goes into every checkpoint, snapshots marked incomplete, and is read back untouched', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'pnag-meta-')), 'model.json');
  const snapshots: CheckpointSnapshot[] = [];
  const seen: (Record<string, unknown> | undefined)[] = [];
  const { model } = await trainPnag(syntheticSamples(200, 3), small, {
    checkpointPath: path,
    // Every step writes a snapshot, so the meta of each can be seen on disk.
    checkpointEverySeconds: -1,
    checkpointMeta: (snapshot) => {
      snapshots.push(snapshot);
      return { source: { spec: 'ofa:/x/acc.pth', list: [1, 2] }, complete: snapshot.complete, step: snapshot.generatorStep };
    },
  });
  try {
    assert.deepEqual(
      snapshots.map((s) => [s.complete, s.generatorStep, s.generatorSteps]),
      [[false, 1, 3], [false, 2, 3], [false, 3, 3], [true, 3, 3]],
    );
    const text = readFileSync(path, 'utf8');
    assert.deepEqual(checkpointMetaOf(text), { source: { spec: 'ofa:/x/acc.pth', list: [1, 2] }, complete: true, step: 3 });
    const loaded = await loadCheckpoint(path);
    assert.deepEqual(checkpointOf(loaded).weights, checkpointOf(model).weights, 'meta does not disturb the weights');
    loaded.dispose();
    seen.push(checkpointOf(model).meta);
    assert.deepEqual(seen, [undefined], 'no meta unless given');
    assert.equal(checkpointMetaOf('{"format":"pnag-checkpoint"}'), undefined);
    assert.equal(checkpointMetaOf('not json'), undefined);
  } finally {
    model.dispose();
  }
});
