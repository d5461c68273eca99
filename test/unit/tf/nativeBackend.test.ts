import test from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../cli/runCli';
import { installedPackages, skipUnlessInstalled } from '../optionalPackages';

// The native TensorFlow backend is an optional dependency: each test runs in its own CLI process, because a
// process keeps the first backend it initialises.
const TFJS_NODE = '@tensorflow/tfjs-node';
const ARCH = '2,2,2,2,2:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0:3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0';
const measure = ['latency', '--measure', '--arch', ARCH, '--resolution', '128', '--runs', '2', '--json', '--backend', 'tensorflow'];

test('--backend tensorflow runs the network on native TensorFlow where @tensorflow/tfjs-node is installed', { skip: skipUnlessInstalled(TFJS_NODE) }, () => {
  const r = runCli(measure, { timeoutMs: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { backend: string; runtime: string; median_ms: number };
  assert.equal(out.backend, 'tensorflow');
  assert.equal(out.runtime, 'tfjs');
  assert.ok(out.median_ms > 0);
});

test('--backend tensorflow without @tensorflow/tfjs-node exits 2 naming the package and the other backends', { skip: installedPackages.isInstalled(TFJS_NODE) && `${TFJS_NODE} is installed here, so its absence cannot be tested` }, () => {
  const r = runCli(measure, { timeoutMs: 120_000 });
  assert.equal(r.status, 2, r.stderr);
  // Under --json the error line is a JSON object ({"error", "field"}); its text is the same.
  const line = r.stderr.trim();
  const text = line.startsWith('{') ? String((JSON.parse(line) as { error: unknown }).error) : line;
  assert.match(text, /backend "tensorflow": @tensorflow\/tfjs-node is not installed or failed to load; use "wasm" or "cpu"/);
  assert.equal(r.stdout, '');
});
