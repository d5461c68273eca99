import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { build } from 'esbuild';

// Activation must stay light: TensorFlow.js belongs to the engine worker, never to the extension host bundle.
const ROOT = join(__dirname, '..', '..', '..');

test('the extension host bundle pulls in no TensorFlow.js module', async () => {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/extension/extension.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((path) => path.startsWith('src/extension/')), 'the metafile lists the host sources');
  const heavy = inputs.filter((path) => /@tensorflow|src\/core\/tf\//.test(path));
  assert.deepEqual(heavy, [], `the host bundle must not include ${heavy.join(', ')}`);
});
