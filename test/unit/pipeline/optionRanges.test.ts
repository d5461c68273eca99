import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { generateJob } from '../../../src/core/pipeline/generateJob';
import { trainJob } from '../../../src/core/pipeline/trainJob';
import { OPTION_RANGES, type OptionRange, checkInRange } from '../../../src/core/pipeline/optionRanges';

const inputError = (pattern: RegExp) => (e: unknown) => e instanceof InputError && pattern.test(e.message);

test('every numeric training option out of its range is refused by the job itself, at once, naming the option and the range', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-ranges-'));
  const cases: [Record<string, number>, RegExp][] = [
    [{ k: 100_000 }, /^--k: 100000 is not in 2\.\.50 \(whole numbers\)$/],
    [{ archiveSize: 1e9 }, /^--archive-size: 1000000000 is not in 4\.\.100,000/],
    [{ evaluatorEpochs: 1e9 }, /^--evaluator-epochs: 1000000000 is not in 1\.\.100/],
    [{ evaluatorEpochs: 0 }, /^--evaluator-epochs: 0 is not in 1\.\.100/],
    [{ evaluatorEpochs: -1 }, /^--evaluator-epochs: -1 is not in/],
    [{ generatorSteps: 0 }, /^--generator-steps: 0 is not in 1\.\.10,000/],
    [{ seed: -1 }, /^--seed: -1 is not in 0\.\.2,147,483,647/],
    [{ seed: 1.5 }, /^--seed: 1\.5 is not in .*whole numbers/],
    [{ frontierQueries: 1e7 }, /^--frontier-queries: 10000000 is not in 0\.\.100,000/],
    [{ evaluatorTimeout: 0 }, /^--evaluator-timeout: 0 is not in 1\.\.86,400/],
    [{ evaluatorConcurrency: 1000 }, /^--evaluator-concurrency: 1000 is not in 1\.\.64/],
  ];
  for (const [options, pattern] of cases) {
    const started = Date.now();
    await assert.rejects(trainJob({ workspace, accuracy: 'proxy:madds', ...options }), inputError(pattern), JSON.stringify(options));
    assert.ok(Date.now() - started < 2000, `${JSON.stringify(options)} was refused before any work`);
    // The same numbers as generate's training settings.
    await assert.rejects(generateJob({ workspace, budget: '400M', train: { accuracy: 'proxy:madds', ...options } }), inputError(pattern));
  }
  await assert.rejects(generateJob({ workspace, budget: '400M', sourceQueries: 1e9 }), inputError(/^--source-queries: 1000000000 is not in 0\.\.5,000/));
  await assert.rejects(generateJob({ workspace, budget: '400M', sourceQueries: 2.5 }), inputError(/^--source-queries: 2\.5 is not in/));
  await assert.rejects(generateJob({ workspace, budget: '400M', bestOf: 5000 }), inputError(/^--best-of: 5000 is not in 0\.\.4,096/));
});

test('a range error names its field and quotes at most about 100 characters of the value', () => {
  assert.throws(() => checkInRange('9'.repeat(5000), 'k'), (e: unknown) => e instanceof InputError && e.field === '--k' && e.message.length < 160);
  assert.equal(checkInRange(2, 'k'), 2);
  assert.equal(checkInRange(50, 'k'), 50);
});

test('the VS Code settings carry the same bounds as the CLI and the engine', () => {
  const manifest = JSON.parse(readFileSync(resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { minimum?: number; maximum?: number; type: string | string[] }> } };
  };
  const properties = manifest.contributes.configuration.properties;
  const withSetting = Object.values(OPTION_RANGES as Record<string, OptionRange>).filter((r) => r.setting !== undefined);
  assert.ok(withSetting.length >= 8);
  for (const range of withSetting) {
    const setting = properties[range.setting as string];
    assert.ok(setting, `${range.setting} is contributed`);
    assert.equal(setting.minimum, range.min, `${range.setting} minimum`);
    assert.equal(setting.maximum, range.max, `${range.setting} maximum`);
    const types = ([] as string[]).concat(setting.type);
    assert.equal(types.includes('integer'), range.integer, `${range.setting} is an integer setting`);
  }
});

test('training budgets no architecture can meet are refused before any labelling, naming the smallest cost', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-budgets-'));
  await assert.rejects(
    trainJob({ workspace, accuracy: 'proxy:madds', budgets: '1:2', archiveSize: 100_000 }),
    inputError(/^--budgets: 1 M is below the smallest architecture of the space at width 1\.2, resolution 224 \(191\.54 M by madds:pnag\); no architecture can meet it$/),
  );
  await assert.rejects(
    trainJob({ workspace, accuracy: 'proxy:madds', budgets: '30,50,100', width: 1.0, resolution: 128 }),
    inputError(/^--budgets: 30 M is below the smallest architecture of the space at width 1\.0, resolution 128 \(40\.2 M/),
  );
  assert.deepEqual(readdirSync(workspace).filter((f) => f !== '.pnag'), []);
});

test('a long bad value is quoted in at most about 100 characters by every spec parser', async () => {
  const { parseBudget, parseBudgetList } = await import('../../../src/core/budget/parseBudget');
  const { parseCostModelSpec } = await import('../../../src/core/pipeline/costModelSpec');
  const { parseAccuracySourceSpec } = await import('../../../src/core/sources/sourceSpec');
  const { parseBackend } = await import('../../../src/cli/options');
  const { parseRuntime } = await import('../../../src/core/net/timedNetwork');
  const long = 'z'.repeat(5000);
  const parsers: [string, () => unknown][] = [
    ['budget', () => parseBudget(long)],
    ['budget unit', () => parseBudget(`5${long}`)],
    ['budgets', () => parseBudgetList(`1:2:${long}`, 'M')],
    ['cost', () => parseCostModelSpec(long)],
    ['madds count', () => parseCostModelSpec(`madds:${long}`)],
    ['accuracy', () => parseAccuracySourceSpec(long)],
    ['proxy name', () => parseAccuracySourceSpec(`proxy:${long}!`)],
    ['backend', () => parseBackend(long)],
    ['runtime', () => parseRuntime(long)],
  ];
  for (const [what, parse] of parsers) {
    assert.throws(parse, (e: unknown) => e instanceof InputError && e.message.length < 300 && e.message.includes('...'), what);
  }
});

test('a checkpoint whose sizes make loading throw a RangeError is bad input naming the file, not a crash', async () => {
  const { writeFileSync } = await import('node:fs');
  const workspace = mkdtempSync(join(tmpdir(), 'pnag-hugeckpt-'));
  writeFileSync(join(workspace, 'huge.ckpt.json'), '{}');
  const engine = {
    train: () => Promise.reject(new Error('not used')),
    load: () => Promise.reject(new RangeError('Invalid typed array length: 400000360000000')),
    peekSources: () => undefined,
  };
  await assert.rejects(
    generateJob({ workspace, checkpoint: 'huge.ckpt.json', budget: '400M' }, {}, engine),
    (e: unknown) => e instanceof InputError && e.field === '--checkpoint' && /huge\.ckpt\.json: cannot be loaded: Invalid typed array length/.test(e.message),
  );
});
