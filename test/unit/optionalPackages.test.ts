import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installedPackages, type PackageProbe, REQUIRE_OPTIONAL_ENV, requiredOptionalPackages, skipUnlessInstalled } from './optionalPackages';

const probe = (installed: string[], env: NodeJS.ProcessEnv = {}): PackageProbe => ({ env, isInstalled: (name) => installed.includes(name) });

test('a test of an optional package runs where it is installed and is skipped with the reason where it is not', () => {
  assert.equal(skipUnlessInstalled('onnxruntime-node', probe(['onnxruntime-node'])), false);
  const reason = skipUnlessInstalled('onnxruntime-node', probe([]));
  assert.equal(typeof reason, 'string');
  assert.match(String(reason), /onnxruntime-node is not installed \(optional dependency\): `npm install onnxruntime-node` runs this test/);
});

test(`a package named in ${REQUIRE_OPTIONAL_ENV} is never skipped: its tests run and fail when it is absent`, () => {
  const env = { [REQUIRE_OPTIONAL_ENV]: ' onnxruntime-node , @tensorflow/tfjs-node' };
  assert.deepEqual(requiredOptionalPackages(env), ['onnxruntime-node', '@tensorflow/tfjs-node']);
  assert.equal(skipUnlessInstalled('onnxruntime-node', probe([], env)), false);
  assert.equal(skipUnlessInstalled('@tensorflow/tfjs-node', probe([], env)), false);
  assert.equal(typeof skipUnlessInstalled('onnxruntime-node', probe([], { [REQUIRE_OPTIONAL_ENV]: 'onnxruntime' })), 'string', 'whole names only');
  assert.deepEqual(requiredOptionalPackages({}), []);
});

test('the probe resolves packages from the repository without loading them', () => {
  assert.equal(installedPackages.isInstalled('yaml'), true);
  assert.equal(installedPackages.isInstalled('no-such-package-pnag'), false);
});

test(`every package ${REQUIRE_OPTIONAL_ENV} names is an optional dependency, and installed`, () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> };
  const optional = Object.keys(manifest.optionalDependencies ?? {});
  for (const name of requiredOptionalPackages(process.env)) {
    assert.ok(optional.includes(name), `${REQUIRE_OPTIONAL_ENV} names ${name}, which is not one of the optional dependencies (${optional.join(', ')})`);
    assert.ok(installedPackages.isInstalled(name), `${REQUIRE_OPTIONAL_ENV} names ${name}, but it is not installed: npm left it out (did its install script fail?)`);
  }
});
