// One test run's isolation and lifetime: a fresh home under the tool cache (VS Code, code-server's CLI and
// Chromium write nothing to the real home) and a guard that kills the server however the run ends.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BASE_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'update.mode': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * A fresh run folder `<cacheRoot>/<prefix>XXXXXX` with its home, VS Code folders and a workspace holding
 * `workspaceFiles` (empty), and an environment pointing into it.
 */
export function prepareRun(cacheRoot, { prefix, workspaceFiles, settings = {} }) {
  mkdirSync(cacheRoot, { recursive: true });
  const runDir = mkdtempSync(join(cacheRoot, prefix));
  const dirs = {
    runDir,
    home: join(runDir, 'home'),
    userDataDir: join(runDir, 'user-data'),
    serverDataDir: join(runDir, 'server-data'),
    extensionsDir: join(runDir, 'extensions'),
    workspace: join(runDir, 'workspace'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2)}\n`;
  // Web clients of this server keep user settings under User/; Machine/ holds the remote's own settings.
  for (const scope of ['User', 'Machine']) {
    mkdirSync(join(dirs.userDataDir, scope), { recursive: true });
    writeFileSync(join(dirs.userDataDir, scope, 'settings.json'), text);
  }
  for (const file of workspaceFiles) writeFileSync(join(dirs.workspace, file), '');
  const env = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: join(dirs.home, '.config'),
    XDG_DATA_HOME: join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: join(dirs.home, '.cache'),
  };
  return { dirs, env };
}

/**
 * Kills the server (`killServer()`) on exit, SIGINT and SIGTERM, and gives up with a failed count after
 * `timeoutMs` even if VS Code hangs. Returns the function that stops the watchdog.
 */
export function guardRun({ label, timeoutMs, killServer }) {
  process.on('exit', killServer);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      killServer();
      process.exit(130);
    });
  }
  const watchdog = setTimeout(() => {
    console.error(`[${label}] gave up after ${timeoutMs / 60000} min`);
    console.log('0 passed, 1 failed');
    killServer();
    process.exit(1);
  }, timeoutMs);
  watchdog.unref();
  return () => clearTimeout(watchdog);
}
