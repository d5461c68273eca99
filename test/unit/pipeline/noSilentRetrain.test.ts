import test from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { generateJob } from '../../../src/core/pipeline/generateJob';
import { isGenerateRequest } from '../../../src/shared/engineProtocol';
import { runCli } from '../cli/runCli';

// A trained generator is never replaced silently: another source or shape needs --retrain, and a
// replaced checkpoint is kept as <file>.bak.

const V2 = resolve(__dirname, '..', '..', 'fixtures', 'checkpoints', 'v2-meta.ckpt.json');
const TINY = { archiveSize: 60, evaluatorEpochs: 1, generatorSteps: 2, k: 3, frontierQueries: 0 };

function workspace(): { ws: string; checkpoint: string } {
  const ws = mkdtempSync(join(tmpdir(), 'pnag-retrain-'));
  mkdirSync(join(ws, '.pnag'));
  return { ws, checkpoint: join(ws, '.pnag', 'generator.ckpt.json') };
}

test('generate refuses to replace a checkpoint trained on other sources, or a file it cannot read, without retrain', async () => {
  const { ws, checkpoint } = workspace();
  // Trained on proxy:madds; the defaults here pick another source (proxy:cost asked through the training options).
  copyFileSync(V2, checkpoint);
  const before = readFileSync(checkpoint, 'utf8');
  await assert.rejects(
    generateJob({ workspace: ws, budget: '450M', train: { accuracy: 'proxy:cost', ...TINY } }),
    (e: unknown) => e instanceof InputError && /was trained on other sources \(proxy:madds, madds:pnag\) .*pass --retrain .*kept as .*generator\.ckpt\.json\.bak/.test(e.message),
  );
  assert.equal(readFileSync(checkpoint, 'utf8'), before, 'unchanged');
  assert.equal(existsSync(`${checkpoint}.bak`), false);

  await assert.rejects(
    generateJob({ workspace: ws, budget: '450M', accuracy: 'guess', train: { accuracy: 'proxy:cost', ...TINY } }),
    (e: unknown) => e instanceof InputError && /^--accuracy: "guess" is not a source/.test(e.message),
    'a bad --accuracy is refused before anything else',
  );

  writeFileSync(checkpoint, 'my notes, not a checkpoint');
  await assert.rejects(
    generateJob({ workspace: ws, budget: '450M', train: { accuracy: 'proxy:madds', ...TINY } }),
    (e: unknown) => e instanceof InputError && /is there but is not a checkpoint PNAG can read.*--retrain/.test(e.message),
  );
  assert.equal(readFileSync(checkpoint, 'utf8'), 'my notes, not a checkpoint');
});

test('with retrain, generate trains again and keeps the previous checkpoint as .bak, saying so', { timeout: 120_000 }, async () => {
  const { ws, checkpoint } = workspace();
  copyFileSync(V2, checkpoint);
  const before = readFileSync(checkpoint, 'utf8');
  const result = await generateJob({ workspace: ws, budget: '450M', bestOf: 2, retrain: true, train: { accuracy: 'proxy:cost', ...TINY } });
  assert.ok(result.trained, 'trained');
  assert.equal(readFileSync(`${checkpoint}.bak`, 'utf8'), before, 'the previous checkpoint is kept');
  assert.notEqual(readFileSync(checkpoint, 'utf8'), before);
  assert.match(result.notes.join('\n'), /--retrain: .* was trained on other sources/);
  assert.match(result.notes.join('\n'), /the previous checkpoint is kept as .*generator\.ckpt\.json\.bak/);
});

test('pnag generate over a checkpoint trained on other sources: exit 2, one line naming --retrain, nothing changed', { timeout: 120_000 }, () => {
  const { ws, checkpoint } = workspace();
  copyFileSync(V2, checkpoint);
  const before = readFileSync(checkpoint, 'utf8');
  // No predictor, no archive: the defaults pick the training-free estimate, not the recorded proxy:madds.
  const run = runCli(['generate', '--budget', '450M'], { cwd: ws, timeoutMs: 60_000, env: { PATH: process.env.PATH ?? '', PNAG_CACHE_DIR: join(ws, 'cache') } });
  assert.equal(run.status, 2, run.stderr);
  assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  assert.match(run.stderr, /^pnag: .*was trained on other sources .*--retrain/);
  assert.equal(readFileSync(checkpoint, 'utf8'), before);
  assert.equal(existsSync(`${checkpoint}.bak`), false);
});

test('the worker protocol carries retrain and accuracy only with their types', () => {
  assert.equal(isGenerateRequest({ workspace: '/ws', budget: '450M', retrain: true, accuracy: 'proxy:madds' }), true);
  assert.equal(isGenerateRequest({ workspace: '/ws', budget: '450M', retrain: 'yes' }), false);
  assert.equal(isGenerateRequest({ workspace: '/ws', budget: '450M', accuracy: 7 }), false);
});

test('pnag generate over a generator trained on the defaults\' source but another cost model: refused naming --cost, which then uses it as it is', { timeout: 300_000 }, () => {
  const { ws, checkpoint } = workspace();
  const env = { PATH: process.env.PATH ?? '', PNAG_CACHE_DIR: join(ws, 'cache') };
  const trained = runCli(['train', '--accuracy', 'ofa', '--cost', 'lut:note10', '--budgets', '25:60', '--k', '3', '--archive-size', '60', '--evaluator-epochs', '1',
    '--generator-steps', '2', '--frontier-queries', '0', '--backend', 'wasm'], { cwd: ws, timeoutMs: 240_000, env });
  assert.equal(trained.status, 0, trained.stderr);
  const before = readFileSync(checkpoint, 'utf8');
  const unnamed = runCli(['generate', '--budget', '33ms', '--backend', 'wasm'], { cwd: ws, timeoutMs: 60_000, env });
  assert.equal(unnamed.status, 2, unnamed.stderr);
  assert.match(unnamed.stderr, /^pnag: .*was trained on other sources \(ofa-predictor, lut:note10\) .*--cost <the cost model it was trained on> to use it/m);
  const named = runCli(['generate', '--budget', '33ms', '--cost', 'lut:note10', '--json', '--backend', 'wasm'], { cwd: ws, timeoutMs: 60_000, env });
  assert.equal(named.status, 0, named.stderr);
  assert.match(named.stderr, /using .*generator\.ckpt\.json/);
  const result = JSON.parse(named.stdout) as { cost: number; cost_unit: string; generator?: string };
  assert.ok(result.cost_unit === 'ms' && result.cost <= 33 && result.generator === undefined, named.stdout);
  assert.equal(readFileSync(checkpoint, 'utf8'), before, 'used as it is');
});
