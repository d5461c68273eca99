import test from 'node:test';
import assert from 'node:assert/strict';
import type { FrontierDataRequest, FrontierDataResult, HooksOf } from '../../../../src/shared/engineProtocol';
import type { EngineClient } from '../../../../src/worker/engineClient';
import { MAX_ARCHIVE_MARKS, baseFrontierData } from '../../../../src/extension/frontier/frontierDataBuilder';
import { engineFrontierHost } from '../../../../src/extension/frontier/frontierHost';

const MARK = { id: 'archive:x', series: 'archive', label: 'archive', x: 31.5, y: 78, xOrigin: 'measured', yOrigin: 'estimate', source: 'worker', details: [] } as const;

/** An engine that records Frontier data requests and answers with one mark built "in the worker". */
function recordingEngine(sent: [FrontierDataRequest, AbortSignal | undefined][]): EngineClient {
  return {
    frontierData: (request: FrontierDataRequest, hooks: HooksOf<'frontierData'> = {}) => {
      sent.push([request, hooks.signal]);
      return Promise.resolve({ kind: 'frontierData', points: [MARK], notes: ['from the worker'], records: 1, skipped: [], skippedCount: 0 } satisfies FrontierDataResult);
    },
  } as unknown as EngineClient;
}

test('the extension host forwards the archive to the worker and plots the marks it returns', async () => {
  const sent: [FrontierDataRequest, AbortSignal | undefined][] = [];
  const engine = recordingEngine(sent);
  const host = engineFrontierHost(
    { engine, workspaceDir: () => '/ws', checkpointPath: () => '/ws/g.json', generatorPath: () => undefined, generatorInfo: () => Promise.resolve(undefined) },
    () => '/ws/.pnag/archive.jsonl',
    () => Promise.resolve(false),
  );
  const info = { unit: 'ms' as const, budgets: [20, 40], costModel: 'lut:note10', accuracySource: 'ofa-predictor', estimate: true };
  const signal = new AbortController().signal;
  // The path does not exist on this machine: the marks can only have come from the engine.
  const data = await baseFrontierData(info, host.archive(), signal);
  assert.deepEqual(sent, [[{ archive: '/ws/.pnag/archive.jsonl', unit: 'ms', maxMarks: MAX_ARCHIVE_MARKS, costModel: 'lut:note10', costMetric: 'latency_ms@note10', accuracySource: 'ofa-predictor' }, signal]]);
  assert.deepEqual(data.points.filter((p) => p.series === 'archive'), [MARK]);
  assert.ok(data.notes.includes('from the worker'));

  sent.length = 0;
  await baseFrontierData(undefined, host.archive());
  assert.deepEqual(sent[0][0], { archive: '/ws/.pnag/archive.jsonl', unit: 'M', maxMarks: MAX_ARCHIVE_MARKS, costModel: 'madds:pnag', costMetric: 'madds_pnag_M' });
});

test('no archive path: nothing is asked of the worker', async () => {
  const sent: [FrontierDataRequest, AbortSignal | undefined][] = [];
  const host = engineFrontierHost(
    { engine: recordingEngine(sent), workspaceDir: () => '/ws', checkpointPath: () => '/ws/g.json', generatorPath: () => undefined, generatorInfo: () => Promise.resolve(undefined) },
    () => undefined,
    () => Promise.resolve(false),
  );
  assert.equal(host.archive(), undefined);
  const data = await baseFrontierData(undefined, host.archive());
  assert.equal(sent.length, 0);
  assert.equal(data.points.filter((p) => p.series === 'archive').length, 0);
});
