import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { toOfaDict } from '../../../src/core/space/ofaDict';
import { parseArchText } from '../../../src/core/space/parseArch';
import { runCli } from './runCli';

// `pnag predict --source` takes every kind the pipeline opens: archive:, proxy[:name], eval:, ofa: (ofa in ofaPredictCli.test.ts).
const STORED = '2,2,3,3,3:5,5,0,0,5,5,0,0,7,5,7,0,3,5,5,0,7,5,5,0:3,3,0,0,4,3,0,0,4,3,3,0,6,4,4,0,6,6,6,0';
const OTHER = '4,4,4,4,4:3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3:3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3';
const GOOD_EVALUATOR = resolve(__dirname, '..', '..', 'fixtures', 'evaluators', 'good.mjs');

function json(args: string[], cwd?: string): Record<string, unknown> {
  const r = runCli(['predict', ...args, '--json'], { cwd });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'exactly one JSON object');
  return JSON.parse(lines[0]) as Record<string, unknown>;
}

test('predict --source archive:<path> answers with the stored top-1, and refuses an architecture it does not hold', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pnag-predict-'));
  const path = join(dir, 'archive.jsonl');
  Archive.open(path).addMany([{ arch: parseArchText(STORED), metrics: { top1: 77.125 }, provenance: { source: 'test' } }]);
  const out = json(['--source', 'archive:archive.jsonl', '--arch', STORED], dir);
  assert.equal(out.top1, 77.125);
  assert.equal(out.source, 'archive:archive.jsonl');
  assert.equal(out.estimate, undefined, 'a measurement is not an estimate');

  const missing = runCli(['predict', '--source', `archive:${path}`, '--arch', OTHER, '--json']);
  assert.equal(missing.status, 2);
  assert.equal(missing.stdout, '');
  assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
  assert.match(missing.stderr, /no top1 for 4,4,4,4,4:.* at width 1\.2, resolution 224 \(1 architectures have one\)/);

  const absent = runCli(['predict', '--source', `archive:${join(dir, 'none.jsonl')}`, '--arch', STORED]);
  assert.equal(absent.status, 2);
  assert.match(absent.stderr, /none\.jsonl: no such file/);
});

test('predict --source proxy and proxy:<name> mark the result as an estimate', () => {
  const madds = json(['--source', 'proxy:madds', '--arch', STORED]);
  assert.equal(madds.estimate, true);
  assert.match(String(madds.source), /^proxy:madds/);
  assert.ok(typeof madds.top1 === 'number' && madds.top1 > 50 && madds.top1 < 90, String(madds.top1));

  const zen = json(['--source', 'proxy', '--arch', STORED, '--backend', 'cpu']);
  assert.equal(zen.estimate, true);
  assert.match(String(zen.source), /^proxy:zen/);

  const unknown = runCli(['predict', '--source', 'proxy:magic', '--arch', STORED]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /magic/);
});

test('predict --source eval:<command> asks the user\'s evaluator; a failed evaluation is exit 1 with its reason', () => {
  const out = json(['--source', `eval:node ${GOOD_EVALUATOR}`, '--arch', STORED, '--resolution', '160']);
  // good.mjs: 40 + sum(d) + 0.1 sum(ks) + 0.1 sum(e) + (r - 128)/32 + w, from the request it received.
  const arch = parseArchText(STORED, { resolution: 160 });
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const dict = toOfaDict(arch);
  const expected = 40 + sum(dict.d) + 0.1 * sum(dict.ks) + 0.1 * sum(dict.e) + (160 - 128) / 32 + 1.2;
  assert.equal(out.top1, Number(expected.toFixed(3)));
  assert.equal(out.estimate, undefined);

  const failed = runCli(['predict', '--source', `eval:node ${GOOD_EVALUATOR}`, '--arch', OTHER]);
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /does not fit in GPU memory/);
  assert.equal(failed.stderr.trim().split('\n').length, 1, failed.stderr);
});

test('predict --backend refuses an unknown backend by name', () => {
  const r = runCli(['predict', '--source', 'proxy:zen', '--arch', STORED, '--backend', 'cuda']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--backend: "cuda" is not one of auto, wasm, cpu, tensorflow/);
});

test('predict --evaluator-timeout bounds an evaluator that never answers: exit 1 after its retries, naming the timeout', () => {
  const hang = resolve(__dirname, '..', '..', 'fixtures', 'evaluators', 'hang.mjs');
  const started = Date.now();
  const r = runCli(['predict', '--source', `eval:node ${hang} --after 0`, '--arch', STORED, '--evaluator-timeout', '1'], { cwd: mkdtempSync(join(tmpdir(), 'pnag-predict-')), timeoutMs: 90_000 });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /no reply within 1 s \(tried 3 times\)/);
  // With the default of 600 s a try this would take half an hour.
  assert.ok(Date.now() - started < 60_000, `${Date.now() - started} ms`);
  const bad = runCli(['predict', '--source', 'proxy:madds', '--arch', STORED, '--evaluator-timeout', '0']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--evaluator-timeout: 0 is not in 1\.\.86,400/);
});
