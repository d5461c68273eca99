// Compiles the extension-host test suite (test/vscode/suite/*.ts) to out/vscode-test/*.js, the files both
// the code-server harness and @vscode/test-cli (.vscode-test.mjs) load. The extension itself is built by
// `npm run build`; this only compiles tests.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SUITE_OUT = join(ROOT, 'out', 'vscode-test');
const SUITE_SRC = join(ROOT, 'test', 'vscode', 'suite');

export async function buildVscodeTests() {
  rmSync(SUITE_OUT, { recursive: true, force: true });
  const entryPoints = readdirSync(SUITE_SRC)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(SUITE_SRC, name));
  await esbuild.build({
    entryPoints,
    outdir: SUITE_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // VS Code provides `vscode`; mocha must be the one instance the runner created.
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return SUITE_OUT;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildVscodeTests();
  console.log(`compiled the VS Code test suite into ${SUITE_OUT}`);
}
