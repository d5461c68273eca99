import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../src/core/archive/archive';
import { clusterEvaluatorFor } from '../../src/core/cluster/clusterRunner';
import type { ClusterProgress } from '../../src/shared/engineProtocol';
import { toPnagString } from '../../src/core/space/pnagString';
import { archiveCounts, archsFor, fixtureCommand, jobsInQueue, PARTITION, runStates } from './slurmHelpers';

test('200 architectures through arrays of 4 concurrent tasks: every result archived exactly once, no job left', { timeout: 240_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-slurm-arrays-'));
  const archivePath = join(workspace, '.pnag', 'archive.jsonl');
  const progress: ClusterProgress[] = [];
  const events: string[] = [];
  const evaluator = clusterEvaluatorFor(fixtureCommand(1000), {
    cwd: workspace,
    archive: Archive.open(archivePath),
    slurm: { partition: PARTITION, maxRunning: 4, pollSeconds: 1 },
    log: (e) => events.push(e.text),
    onClusterProgress: (p) => progress.push(p),
  });
  const archs = archsFor(200, 1);
  const results = await evaluator.evaluate(archs);

  assert.equal(results.length, 200);
  results.forEach((r, i) => {
    assert.equal(toPnagString(r.arch), toPnagString(archs[i]));
    assert.ok(r.metrics?.top1 !== undefined, `request ${i}: ${r.error}`);
  });
  const counts = archiveCounts(archivePath);
  assert.equal(counts.size, 200, 'every architecture archived');
  assert.deepEqual([...new Set(counts.values())], [1], 'none archived twice');
  assert.ok(progress.every((p) => p.running <= 4), `never more than 4 tasks running: ${Math.max(...progress.map((p) => p.running))}`);
  assert.ok(progress.some((p) => p.running === 4), 'four tasks ran at once');
  const [state] = runStates(workspace);
  assert.equal(state.status, 'done');
  assert.equal(state.batches.length, 1, events.join('\n'));
  assert.equal(state.batches[0].shards.length, 4);
  assert.deepEqual(jobsInQueue([state]), []);
});
