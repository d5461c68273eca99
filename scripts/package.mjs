// `npm run package`: production bundles, then `pnag-<version>.vsix` with @vscode/vsce (no dependencies: the
// bundles hold everything; .vscodeignore is an allowlist). Checks what went in and prints the largest
// files, so a missing asset or a stray source file fails here rather than on a user's machine.
// Usage: node scripts/package.mjs [--out <file.vsix>] [--skip-build]
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createVSIX } from '@vscode/vsce';
import { contentProblems, zipEntries } from './packageContents.mjs';
import { ROOT } from './vscode-test-build.mjs';

const EXTENSION_PREFIX = 'extension/';

function option(name) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const kB = (bytes) => `${(bytes / 1024).toFixed(0)} kB`;

async function main() {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const out = resolve(option('--out') ?? join(ROOT, `${manifest.name}-${manifest.version}.vsix`));

  if (!process.argv.includes('--skip-build')) {
    console.log('[package] production bundles (node esbuild.mjs --production)');
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`esbuild failed (exit ${build.status ?? build.signal})`);
  }

  // No repository yet: allow its absence. Relative README links stay relative, so the screenshots the VSIX
  // carries (docs/screenshots/) show on the extension's details page.
  await createVSIX({
    cwd: ROOT,
    packagePath: out,
    dependencies: false,
    allowMissingRepository: true,
    rewriteRelativeLinks: false,
  });

  const entries = zipEntries(out);
  const files = entries.filter((e) => e.name.startsWith(EXTENSION_PREFIX)).map((e) => e.name.slice(EXTENSION_PREFIX.length));
  const problems = contentProblems(files, manifest);
  const size = statSync(out).size;
  const largest = [...entries].sort((a, b) => b.compressedSize - a.compressedSize).slice(0, 6);
  console.log(`[package] ${relative(process.cwd(), out) || out}: ${kB(size)}, ${files.length} files; largest (compressed / unpacked):`);
  for (const e of largest) console.log(`  ${kB(e.compressedSize).padStart(7)} / ${kB(e.size).padStart(7)}  ${e.name}`);
  if (problems.length > 0) {
    throw new Error(`the package is not what the extension needs:\n  ${problems.join('\n  ')}\n(edit .vscodeignore)`);
  }
}

main().catch((error) => {
  console.error(`[package] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
