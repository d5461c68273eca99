// The same extension-host suite through @vscode/test-cli and @vscode/test-electron, for machines that can
// download VS Code (this one cannot: `npm run test:vscode` uses code-server's VS Code build instead).
// Compile first: `npm run build && node scripts/vscode-test-build.mjs && npx vscode-test`
// (or `npm run test:vscode-electron`).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'extension host',
  files: 'out/vscode-test/**/*.test.js',
  version: 'stable',
  mocha: { ui: 'tdd', timeout: 30_000 },
  launchArgs: ['--disable-extensions'],
});
