// Refreshes the README's screenshots (docs/screenshots/, committed; the VSIX ships them so the details page
// shows them) from the last test run: the installed-package test (test-results/screenshots/installed-*.png)
// and the real-VS-Code UI tests of `npm run test:vscode` (the palette flow, validation, training, the view).
// Quantised with pngquant when it is installed (apt-get install pngquant): about 3x smaller.
// Usage: npm run test:vscode && npm run test:installed && node scripts/package-screenshots.mjs
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './vscode-test-build.mjs';

/** The screenshots the README embeds, by their name in test-results/screenshots/. */
const README_SCREENSHOTS = [
  'installed-extension-details.png',
  'installed-frontier-view.png',
  'generated-python.png',
  'budget-validation.png',
  'training-progress.png',
  'frontier-generated.png',
];

const from = join(ROOT, 'test-results', 'screenshots');
const to = join(ROOT, 'docs', 'screenshots');
mkdirSync(to, { recursive: true });
const missing = README_SCREENSHOTS.filter((name) => !existsSync(join(from, name)));
if (missing.length > 0) {
  console.error(`[screenshots] missing in ${from}: ${missing.join(', ')} (run npm run test:vscode and npm run test:installed first)`);
  process.exit(1);
}
const hasPngquant = spawnSync('pngquant', ['--version']).status === 0;
if (!hasPngquant) console.warn('[screenshots] pngquant not found: copying unquantised PNGs (about 3x larger)');
for (const name of README_SCREENSHOTS) {
  const source = join(from, name);
  const target = join(to, name.replace(/^installed-/, ''));
  const quantised =
    hasPngquant &&
    spawnSync('pngquant', ['--quality', '70-90', '--speed', '1', '--strip', '--force', '--output', target, source]).status === 0;
  if (!quantised) copyFileSync(source, target);
  console.log(`[screenshots] ${target} (${(statSync(target).size / 1024).toFixed(0)} kB)`);
}
