import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { maddsM } from '../../../src/core/cost/madds';
import { InputError } from '../../../src/core/errors';
import { trainJob } from '../../../src/core/pipeline/trainJob';
import { generateJob } from '../../../src/core/pipeline/generateJob';
import { randomArch } from '../../../src/core/space/arch';
import { Random } from '../../../src/core/util/random';
import { sourceAtWidthResolution } from '../../../src/core/pipeline/atWidthResolution';
import { runCli } from '../cli/runCli';
import { nasdataPath } from '../nasdata';

// The engine's generator emits w1.2/r224 architectures; the pipeline trains and generates at others.
const TINY = { archiveSize: 60, evaluatorEpochs: 1, generatorSteps: 3, k: 3, seed: 2, backend: 'cpu' as const };
const inputError = (pattern: RegExp) => (e: unknown) => e instanceof InputError && pattern.test(e.message);

test('train --width 1.0 --resolution 192 on the estimate; generation returns that width and resolution within the budget', { timeout: 120_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-shape-'));
  const trained = await trainJob({ workspace, accuracy: 'proxy:madds', width: 1.0, resolution: 192, out: 'w10.ckpt.json', ...TINY });
  assert.equal(trained.width, 1.0);
  assert.equal(trained.resolution, 192);
  assert.ok(trained.budgets[2] < 400, `budgets from the data's own MAdds (w1.0 r192 is small): ${trained.budgets.join(', ')}`);
  const budget = trained.budgets[1];
  const result = await generateJob({ workspace, checkpoint: 'w10.ckpt.json', budget: `${budget}M`, bestOf: 4, width: 1.0, resolution: 192, backend: 'cpu' });
  assert.equal(result.width, 1.0);
  assert.equal(result.resolution, 192);
  assert.equal(result.arch.r, 192);
  assert.ok(result.madds_M <= budget, `${result.madds_M} > ${budget}`);

  await assert.rejects(
    generateJob({ workspace, checkpoint: 'w10.ckpt.json', budget: `${budget}M`, width: 1.2, backend: 'cpu' }),
    inputError(/trained for width 1\.0, resolution 192, not width 1\.2; train one for it \(pnag train --width 1\.2/),
  );
});

test('a width or resolution the sources cannot serve is one clear InputError before any sampling', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-shape-'));
  await assert.rejects(
    trainJob({ workspace, accuracy: `ofa:${nasdataPath('ofa_acc_predictor_w1.2_weights.json')}`, width: 1.0, ...TINY }),
    inputError(/^width 1\.0 is not supported by these sources: width 1\.0: OFA's predictor was trained on the w1\.2 supernet only/),
  );
  await assert.rejects(
    trainJob({ workspace, accuracy: 'proxy:madds', cost: `lut:${nasdataPath('ofa_note10_lut')}`, resolution: 128, ...TINY }),
    inputError(/^resolution 128 is not supported by these sources: .*no latency table for resolution 128 \(tables cover 160/),
  );
  await assert.rejects(trainJob({ workspace, accuracy: 'proxy:madds', width: 1.1, ...TINY }), inputError(/--width: 1\.1 is not one of 1, 1\.2/));
  await assert.rejects(trainJob({ workspace, accuracy: 'proxy:madds', resolution: 190, ...TINY }), inputError(/--resolution: 190 is not one of 128/));

  // An archive at w1.2 r224 only has nothing at width 1.0, and says what it has.
  mkdirSync(join(workspace, '.pnag'), { recursive: true });
  const path = join(workspace, 'measured.jsonl');
  const rng = new Random(1);
  Archive.open(path).addMany(Array.from({ length: 20 }, () => {
    const arch = randomArch(rng);
    return { arch, metrics: { top1: 70 + Math.log(maddsM(arch)) }, provenance: { source: 'test' } };
  }));
  await assert.rejects(
    trainJob({ workspace, accuracy: `archive:${path}`, width: 1.0, ...TINY }),
    inputError(/measured\.jsonl: no architectures with "top1" at width 1\.0; it holds w1\.2 r224 \(20\)/),
  );
});

test('generate without a checkpoint retrains the default one for another width with retrain (refused without it)', { timeout: 180_000 }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-shape-'));
  // No frontier rounds: two trainings on the cpu backend must fit the timeout on a loaded machine.
  const train = { accuracy: 'proxy:madds', ...TINY, frontierQueries: 0 };
  const first = await generateJob({ workspace, budget: '400M', bestOf: 2, train });
  assert.equal(first.width, 1.2);
  const again = await generateJob({ workspace, budget: '400M', bestOf: 2, train });
  assert.equal(again.trained, undefined, 'same settings: reused');
  await assert.rejects(generateJob({ workspace, budget: '150M', bestOf: 2, width: 1.0, resolution: 160, train }), /was trained for width 1\.2, resolution 224, not width 1\.0, resolution 160; .*--retrain/);
  const narrow = await generateJob({ workspace, budget: '150M', bestOf: 2, width: 1.0, resolution: 160, retrain: true, train });
  assert.ok(narrow.notes.some((n) => /--retrain: .* was trained for width 1\.2, resolution 224, not width 1\.0, resolution 160; training again/.test(n)), narrow.notes.join('\n'));
  assert.equal(narrow.width, 1.0);
  assert.equal(narrow.resolution, 160);
});

test('pnag train --width / --resolution / --backend: bad values exit 2 with one line naming the option', () => {
  const cases: [string[], RegExp][] = [
    [['--width', '1.1'], /--width: 1\.1 is not one of 1, 1\.2/],
    [['--resolution', '230'], /--resolution: 230 is not one of 128, 132, \.\.\., 224/],
    [['--backend', 'gpu'], /--backend: "gpu" is not one of auto, wasm, cpu, tensorflow/],
  ];
  for (const [args, pattern] of cases) {
    const r = runCli(['train', '--accuracy', 'proxy:madds', ...args]);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
});

test('the source asked at the data width keeps its capabilities (measured, isolatesFailures, batchSize, dispose) and moves every network', async () => {
  const asked: { width: number; resolution: number }[] = [];
  let disposed = false;
  const evaluator = {
    name: 'eval:fake',
    unit: '%' as const,
    isEstimate: false,
    queryable: true,
    measured: true,
    isolatesFailures: true,
    batchSize: 3,
    accuracy: async (archs: readonly { width: number; resolution: number }[]) => {
      asked.push(...archs.map((a) => ({ width: a.width, resolution: a.resolution })));
      return archs.map(() => 70);
    },
    dispose: () => {
      disposed = true;
    },
  };
  const moved = sourceAtWidthResolution(evaluator, { width: 1.0, resolution: 192 });
  assert.equal(moved.measured, true);
  assert.equal(moved.isolatesFailures, true);
  assert.equal(moved.batchSize, 3);
  assert.equal(moved.name, 'eval:fake');
  const rng = new Random(4);
  assert.deepEqual(await moved.accuracy([randomArch(rng), randomArch(rng)]), [70, 70]);
  assert.deepEqual(asked, [{ width: 1.0, resolution: 192 }, { width: 1.0, resolution: 192 }]);
  await moved.dispose?.();
  assert.equal(disposed, true);
});
