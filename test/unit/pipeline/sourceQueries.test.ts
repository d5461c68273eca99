import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { maddsM } from '../../../src/core/cost/madds';
import { InputError } from '../../../src/core/errors';
import { trainJob } from '../../../src/core/pipeline/trainJob';
import { generateJob } from '../../../src/core/pipeline/generateJob';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { isGenerateRequest } from '../../../src/shared/engineProtocol';

const TINY = { archiveSize: 60, evaluatorEpochs: 1, generatorSteps: 3, k: 3, seed: 3, backend: 'cpu' as const };

test('generate with sourceQueries asks the queryable source, reports how many, and still fits the budget', { timeout: 120_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-sq-'));
  const trained = await trainJob({ workspace, accuracy: 'proxy:madds', out: 'g.ckpt.json', ...TINY });
  const budget = trained.budgets[1];
  // An explicit checkpoint's source is asked only when the user names it now (never reopened from the file).
  const plain = await generateJob({ workspace, checkpoint: 'g.ckpt.json', budget: `${budget}M`, bestOf: 4, accuracy: 'proxy:madds', backend: 'cpu' });
  assert.equal(plain.sourceQueries, 0, 'off by default');
  const searched = await generateJob({ workspace, checkpoint: 'g.ckpt.json', budget: `${budget}M`, bestOf: 4, sourceQueries: 24, accuracy: 'proxy:madds', backend: 'cpu' });
  assert.ok((searched.sourceQueries ?? 0) > 0 && (searched.sourceQueries ?? 0) <= 24 + 1, `sourceQueries ${searched.sourceQueries}`);
  assert.ok(searched.madds_M <= budget, `${searched.madds_M} > ${budget}`);
  assert.ok(searched.top1 !== null && plain.top1 !== null && searched.top1 >= plain.top1 - 1e-9, `search ${searched.top1} below R's pick ${plain.top1}`);
  assert.ok(!searched.notes.some((n) => /--source-queries .* ignored/.test(n)), searched.notes.join('\n'));
});

test('with a source that only knows stored architectures, sourceQueries is ignored with a note', { timeout: 120_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-sq-'));
  const path = join(workspace, 'measured.jsonl');
  const rng = new Random(5);
  Archive.open(path).addMany(Array.from({ length: 60 }, () => {
    const arch = randomArch(rng);
    return { arch, metrics: { top1: 70 + Math.log(maddsM(arch)) }, provenance: { source: 'test' } };
  }));
  const trained = await trainJob({ workspace, accuracy: `archive:${path}`, out: 'a.ckpt.json', ...TINY });
  const result = await generateJob({ workspace, checkpoint: 'a.ckpt.json', budget: `${trained.budgets[1]}M`, bestOf: 4, sourceQueries: 50, accuracy: `archive:${path}`, backend: 'cpu' });
  assert.equal(result.sourceQueries, 0);
  assert.ok(result.notes.some((n) => /--source-queries 50 ignored: .* only answers for the architectures stored in it/.test(n)), result.notes.join('\n'));
});

test('sourceQueries must be a whole number from 0 to 5,000', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-sq-'));
  await assert.rejects(
    generateJob({ workspace, checkpoint: 'none.json', budget: '400M', sourceQueries: -1 }),
    (e: unknown) => e instanceof InputError && /--source-queries: -1 is not in 0..5,000 \(whole numbers\)/.test(e.message),
  );
  assert.equal(isGenerateRequest({ workspace, budget: '400M', sourceQueries: 2.5 }), false);
  assert.equal(isGenerateRequest({ workspace, budget: '400M', sourceQueries: 8 }), true);
});
