// The package as a user gets it: installs the built .vsix with code-server's CLI into a fresh extensions
// folder, checks the installed files, runs one engine job in the installed worker bundle, then starts VS Code's
// server on that folder (no extensionDevelopmentPath) and drives the palette flow and the Frontier view.
// Expects `npm run package` to have run (`npm run test:installed` does both).
// Usage: node test/vscode/installedPackage.mjs [--vsix <file>]
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT } from '../../scripts/vscode-test-build.mjs';
import { launchBrowser } from './harness/browser.mjs';
import { installedFileProblems, installVsix, runInstalledEngine } from './harness/installedRun.mjs';
import { INSTALLED_UI_FILES, runInstalledUiTests } from './harness/installedUiTests.mjs';
import { guardRun, prepareRun } from './harness/isolatedRun.mjs';
import { freePort, killServerNow, startServer, stopServer } from './harness/server.mjs';
import { ensureTools } from './harness/toolCache.mjs';
import { stepRunner } from './harness/workbench.mjs';
import { withDirOnPath } from './harness/platform.mjs';

const TIMEOUT_MS = 5 * 60 * 1000;

function option(name) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main() {
  const started = Date.now();
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const vsix = resolve(option('--vsix') ?? join(ROOT, `${manifest.name}-${manifest.version}.vsix`));
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first`);
  const tools = ensureTools();
  const screenshotDir = join(ROOT, 'test-results', 'screenshots');
  mkdirSync(screenshotDir, { recursive: true });
  // Stale shots (a failure from an earlier run) must not pass for this run's.
  for (const name of readdirSync(screenshotDir)) {
    if (name.startsWith('installed-')) rmSync(join(screenshotDir, name), { force: true });
  }
  const { dirs, env } = prepareRun(tools.root, {
    prefix: 'installed-',
    workspaceFiles: INSTALLED_UI_FILES,
    settings: { 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false },
  });
  const serverEnv = withDirOnPath(env, join(tools.nodeDir, 'bin'), process.platform);

  let server;
  let browser;
  const stopWatchdog = guardRun({ label: 'installed', timeoutMs: TIMEOUT_MS, killServer: () => killServerNow(server) });

  // The checks outside the workbench; the UI session counts its own steps.
  const { step: check, counts } = stepRunner();
  let ui = { passed: 0, failed: 0 };

  try {
    console.log(`[installed] installing ${vsix}`);
    const extensionDir = installVsix({ tools, vsix, dirs, env: serverEnv, manifest });
    console.log(`[installed] installed to ${extensionDir}`);
    await check('the installed folder holds every run-time file and nothing else', async () => {
      const problems = await installedFileProblems(extensionDir);
      if (problems.length > 0) throw new Error(problems.join('; '));
    });
    // The tiny generator this trains into the UI workspace is the one the palette flow then generates from
    // (training with the extension's defaults would take minutes).
    await check('the installed engine worker trains a tiny generator and generates on its wasm binary', async () => {
      const { result, seconds } = runInstalledEngine({ nodeBin: tools.nodeBin, extensionDir, workspace: dirs.workspace, env: serverEnv });
      if (result.kind !== 'generate' || !(result.madds_M > 0 && result.madds_M <= result.budget)) {
        throw new Error(`unexpected result ${JSON.stringify(result).slice(0, 400)}`);
      }
      console.log(`    ${result.pnag} at ${result.madds_M} M for budget ${result.budget} M in ${seconds.toFixed(1)} s`);
    });

    const port = await freePort();
    const logFile = join(ROOT, 'test-results', 'vscode-server-installed.log');
    server = await startServer({ nodeBin: tools.nodeBin, serverMain: tools.serverMain, port, env: serverEnv, logFile, ...dirs });
    console.log(`[installed] VS Code server (pid ${server.pid}) at ${server.url} on ${dirs.extensionsDir}; log in ${logFile}`);
    browser = await launchBrowser(env);
    ui = await runInstalledUiTests({ browser, serverUrl: server.url, workspace: dirs.workspace, screenshotDir });
    console.log(`[installed] screenshots in ${screenshotDir} (installed-*.png); refresh the README's with node scripts/package-screenshots.mjs`);
  } finally {
    await browser?.close().catch(() => {});
    await stopServer(server);
    stopWatchdog();
    rmSync(dirs.runDir, { recursive: true, force: true, maxRetries: 3 });
  }
  const passed = counts().passed + ui.passed;
  const failed = counts().failed + ui.failed;
  console.log(`[installed] total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[installed] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
