// Restricted mode in a real VS Code: a server of its own with workspace trust ENABLED (the main run disables
// it), a fresh browser context (no trusted folders in its storage) and a workspace whose settings ask for the
// evaluator accuracy source with a command that would write a marker file. Runs suite/untrustedIndex.ts.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExtensionHostTests } from './extensionHostTests.mjs';
import { prepareRun } from './isolatedRun.mjs';
import { freePort, startServer, stopServer } from './server.mjs';
import { withDirOnPath } from './platform.mjs';

/** The file the workspace's evaluator command writes; suite/untrustedWorkspace.untrusted.ts checks it. */
export const EVALUATOR_MARKER = 'evaluator-ran.marker';

// Trust enabled, but no start-up dialog: the modal would sit over the workbench for the whole run.
const TRUST_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
};

/**
 * @param {{ browser: import('playwright-core').Browser, tools: { root: string, nodeBin: string, serverMain: string, nodeDir: string },
 *           extensionPath: string, testsIndex: string, serverLogFile: string, logFile: string,
 *           onServer?: (server: { pid: number }) => void }} options
 * @returns {Promise<{ passed: number, failed: number }>}
 */
export async function runUntrustedWorkspaceTests({ browser, tools, extensionPath, testsIndex, serverLogFile, logFile, onServer }) {
  const { dirs, env } = prepareRun(tools.root, { prefix: 'untrusted-', workspaceFiles: [], settings: TRUST_SETTINGS });
  const marker = join(dirs.workspace, EVALUATOR_MARKER);
  mkdirSync(join(dirs.workspace, '.vscode'), { recursive: true });
  const workspaceSettings = {
    'pnag.accuracySource': 'evaluator',
    'pnag.evaluatorCommand': `node -e "require('fs').writeFileSync(process.argv[1], 'ran')" ${JSON.stringify(marker)}`,
    // Small training, so that if the refusal ever regresses the test fails in seconds, not minutes.
    'pnag.archiveSize': 120,
    'pnag.trainingSteps': 20,
    'pnag.evaluatorEpochs': 2,
    'pnag.k': 4,
  };
  writeFileSync(join(dirs.workspace, '.vscode', 'settings.json'), `${JSON.stringify(workspaceSettings, null, 2)}\n`);
  const serverEnv = withDirOnPath(env, join(tools.nodeDir, 'bin'), process.platform);
  let server;
  try {
    const port = await freePort();
    server = await startServer({
      nodeBin: tools.nodeBin, serverMain: tools.serverMain, port, env: serverEnv,
      logFile: serverLogFile, workspaceTrust: true, ...dirs,
    });
    onServer?.(server);
    console.log(`[vscode-test] VS Code server with workspace trust (pid ${server.pid}) at ${server.url}`);
    const counts = await runExtensionHostTests({
      browser, serverUrl: server.url, workspace: dirs.workspace, extensionPath,
      testsIndex, logFile, timeoutMs: 90_000,
    });
    return counts;
  } finally {
    await stopServer(server);
    rmSync(dirs.runDir, { recursive: true, force: true, maxRetries: 3 });
  }
}
