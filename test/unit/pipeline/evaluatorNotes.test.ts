import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { trainJob } from '../../../src/core/pipeline/trainJob';

const WRONG_ID = resolve(__dirname, '..', '..', 'fixtures', 'evaluators', 'wrongId.mjs');

test('an eval: source\'s events (start, restarts) reach the job\'s notes as they happen', { timeout: 120_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-evalnotes-'));
  const notes: string[] = [];
  // Every fresh process answers its first request, then replies under an id never sent: a restart each time.
  await trainJob(
    { workspace, accuracy: `eval:"${process.execPath}" "${WRONG_ID}" --after 1`, archiveSize: 6, evaluatorConcurrency: 2, evaluatorTimeout: 60, evaluatorEpochs: 1, generatorSteps: 1, k: 2, backend: 'cpu' },
    { onNote: (text) => notes.push(text) },
  ).catch(() => undefined);
  assert.ok(notes.some((n) => /^evaluator: started /.test(n)), notes.join('\n'));
  assert.ok(notes.some((n) => /^evaluator: restarting: the evaluator broke the protocol: .*unknown request id "7" \(outstanding: "\d+\.\d+"/.test(n)), notes.join('\n'));
});
