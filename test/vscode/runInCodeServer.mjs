// Integration tests in a real VS Code, offline: the VS Code build inside the code-server npm package, served
// by its own server-main.js and driven by a Chromium-based browser (harness/platform.mjs finds it) through playwright-core.
//   1. extension-host tests: mocha inside VS Code (test/vscode/suite, compiled to out/vscode-test)
//   2. UI end-to-end: command palette, quick input, editor and the Frontier webview, with screenshots
//   3. restricted mode: a second server with workspace trust enabled, on a folder nobody trusted
// Expects `npm run build` to have run. Installs its tools once into a cache outside the clone:
// ${PNAG_VSCODE_TEST_CACHE:-${XDG_CACHE_HOME:-~/.cache}/pnag-vscode-test}.
// Usage: node test/vscode/runInCodeServer.mjs [--mode all|extension-host|ui|untrusted]
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildVscodeTests, ROOT } from '../../scripts/vscode-test-build.mjs';
import { launchBrowser } from './harness/browser.mjs';
import { runExtensionHostTests } from './harness/extensionHostTests.mjs';
import { guardRun, prepareRun } from './harness/isolatedRun.mjs';
import { freePort, killServerNow, startServer, stopServer } from './harness/server.mjs';
import { ensureTools } from './harness/toolCache.mjs';
import { runUiTests, UI_FILES } from './harness/uiTests.mjs';
import { runUntrustedWorkspaceTests } from './harness/untrustedRun.mjs';
import { withDirOnPath } from './harness/platform.mjs';

// Everything after the install must end well inside CI's budget, even if VS Code hangs.
const TEST_PHASE_TIMEOUT_MS = 8 * 60 * 1000;

function parseMode(argv) {
  const index = argv.indexOf('--mode');
  const mode = index >= 0 ? argv[index + 1] : process.env.PNAG_VSCODE_TEST_MODE ?? 'all';
  if (!['all', 'extension-host', 'ui', 'untrusted'].includes(mode)) {
    throw new Error(`--mode must be all, extension-host, ui or untrusted, not ${mode}`);
  }
  return mode;
}

function summary(label, { passed, failed }) {
  return `${label}: ${passed} passed, ${failed} failed`;
}

async function main() {
  const started = Date.now();
  const mode = parseMode(process.argv.slice(2));
  if (!existsSync(join(ROOT, 'dist', 'extension.js')) || !existsSync(join(ROOT, 'dist', 'webview.js'))) {
    throw new Error('dist/extension.js or dist/webview.js is missing: run `npm run build` first');
  }
  const tools = ensureTools();
  const installSeconds = (Date.now() - started) / 1000;
  const testsOut = await buildVscodeTests();
  const screenshotDir = join(ROOT, 'test-results', 'screenshots');
  mkdirSync(screenshotDir, { recursive: true });

  const { dirs, env } = prepareRun(tools.root, { prefix: 'run-', workspaceFiles: UI_FILES });
  const serverEnv = withDirOnPath(env, join(tools.nodeDir, 'bin'), process.platform);
  let server;
  let untrustedServer;
  let browser;
  const killServers = () => {
    killServerNow(server);
    killServerNow(untrustedServer);
  };
  const stopWatchdog = guardRun({ label: 'vscode-test', timeoutMs: TEST_PHASE_TIMEOUT_MS, killServer: killServers });

  const results = [];
  try {
    const port = await freePort();
    const logFile = join(ROOT, 'test-results', 'vscode-server.log');
    server = await startServer({ nodeBin: tools.nodeBin, serverMain: tools.serverMain, port, env: serverEnv, logFile, ...dirs });
    console.log(`[vscode-test] VS Code server (pid ${server.pid}) at ${server.url}; log in ${logFile}`);
    browser = await launchBrowser(env);
    const common = { browser, serverUrl: server.url, extensionPath: ROOT };

    if (mode === 'all' || mode === 'extension-host') {
      console.log('[vscode-test] extension-host tests (mocha inside VS Code)');
      const counts = await runExtensionHostTests({
        ...common,
        workspace: dirs.workspace,
        testsIndex: join(testsOut, 'index.js'),
        logFile: join(ROOT, 'test-results', 'vscode-extension-host.log'),
      });
      results.push(['extension host', counts]);
      console.log(summary('extension host', counts));
    }
    if (mode !== 'ui') {
      console.log('[vscode-test] restricted mode: extension-host tests in a workspace VS Code does not trust');
      const counts = await runUntrustedWorkspaceTests({
        browser,
        tools,
        extensionPath: ROOT,
        testsIndex: join(testsOut, 'untrustedIndex.js'),
        serverLogFile: join(ROOT, 'test-results', 'vscode-server-untrusted.log'),
        logFile: join(ROOT, 'test-results', 'vscode-extension-host-untrusted.log'),
        onServer: (started) => {
          untrustedServer = started;
        },
      });
      results.push(['untrusted workspace', counts]);
      console.log(summary('untrusted workspace', counts));
    }
    if (mode === 'all' || mode === 'ui') {
      console.log('[vscode-test] UI end-to-end tests (command palette, quick input, Frontier view)');
      const counts = await runUiTests({ ...common, workspace: dirs.workspace, screenshotDir });
      results.push(['ui', counts]);
      console.log(summary('ui', counts));
      console.log(`[vscode-test] screenshots in ${screenshotDir}`);
    }
  } finally {
    await browser?.close().catch(() => {});
    await stopServer(server);
    stopWatchdog();
    await stopServer(untrustedServer);
    rmSync(dirs.runDir, { recursive: true, force: true, maxRetries: 3 });
  }

  const total = results.reduce((sum, [, c]) => ({ passed: sum.passed + c.passed, failed: sum.failed + c.failed }), { passed: 0, failed: 0 });
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `[vscode-test] ${tools.installed ? `installed tools in ${installSeconds.toFixed(0)} s, ` : 'tools from cache, '}total ${seconds.toFixed(0)} s`,
  );
  console.log(`${total.passed} passed, ${total.failed} failed`);
  return total.failed === 0 && total.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[vscode-test] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
