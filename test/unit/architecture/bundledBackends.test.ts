import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '..', '..', '..');

test('a bundle made with the project options can switch to both the cpu and the wasm backend', async () => {
  const esbuild = await import('esbuild');
  const { nodeBundleOptions } = (await import(pathToFileURL(join(ROOT, 'scripts', 'bundleOptions.mjs')).href)) as {
    nodeBundleOptions: (production: boolean) => Record<string, unknown>;
  };
  // Inside the clone, so the bundle finds the wasm binaries in node_modules as a source checkout does.
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'out', 'bundle-test-'));
  const entry = join(dir, 'entry.ts');
  const backend = join(ROOT, 'src', 'core', 'tf', 'backend.ts').replace(/\\/g, '/');
  writeFileSync(
    entry,
    `import { initBackend, tf } from '${backend}';\n` +
      `const choice = process.argv[2] as 'cpu' | 'wasm';\n` +
      `initBackend(choice).then((name) => { const t = tf.add(tf.scalar(2), tf.scalar(3)); console.log(name, t.dataSync()[0]); });\n`,
  );
  await esbuild.build({ ...nodeBundleOptions(true), entryPoints: [entry], outfile: join(dir, 'out.js'), logLevel: 'error', absWorkingDir: ROOT });
  for (const choice of ['cpu', 'wasm']) {
    const out = execFileSync(process.execPath, [join(dir, 'out.js'), choice], { encoding: 'utf8', cwd: ROOT }).trim();
    assert.equal(out, `${choice} 5`);
  }
  rmSync(dir, { recursive: true, force: true });
});
