// Starts and stops the VS Code server from code-server's package (`server-main.js`, not the `code-server`
// command, which refuses the test flags). The server runs in its own process group so that stopping it by
// its PID also ends the extension hosts it spawned (on Windows, which has no process groups, taskkill /T
// ends the process tree).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForHttp(url, timeoutMs, server) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`VS Code server exited early with code ${server.exitCode}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw new Error(`VS Code server did not answer ${url} within ${timeoutMs / 1000} s (${lastError})`);
}

/**
 * @param {{ nodeBin: string, serverMain: string, port: number, userDataDir: string, serverDataDir: string,
 *           extensionsDir: string, env: NodeJS.ProcessEnv, logFile: string, startTimeoutMs?: number,
 *           workspaceTrust?: boolean }} options
 */
export async function startServer(options) {
  const args = [
    options.serverMain,
    '--host', '127.0.0.1',
    '--port', String(options.port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--telemetry-level', 'off',
    // Trust off unless asked for: the restricted-mode run (untrustedRun.mjs) needs VS Code to decide it.
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--user-data-dir', options.userDataDir,
    '--server-data-dir', options.serverDataDir,
    '--extensions-dir', options.extensionsDir,
  ];
  const log = createWriteStream(options.logFile);
  const server = spawn(options.nodeBin, args, { env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  const handle = { pid: server.pid, process: server, url: `http://127.0.0.1:${options.port}` };
  try {
    await waitForHttp(`${handle.url}/`, options.startTimeoutMs ?? 60_000, server);
  } catch (error) {
    await stopServer(handle);
    throw error;
  }
  return handle;
}

const WINDOWS = process.platform === 'win32';

/** Signals the server's process group, or ends its process tree on Windows (only a forced kill there). */
function signalGroup(pid, signal) {
  if (!WINDOWS) {
    process.kill(-pid, signal);
    return;
  }
  if (signal === 0) {
    process.kill(pid, 0);
    return;
  }
  const result = spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`taskkill exited ${result.status}`);
}

function groupAlive(pid) {
  try {
    signalGroup(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Synchronous kill of the server's process group, for exit handlers that cannot wait. */
export function killServerNow(handle) {
  if (!handle?.pid || handle.stopped) return;
  try {
    signalGroup(handle.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** SIGTERM to the server's group, then SIGKILL if anything (an extension host lingers) is still there. */
export async function stopServer(handle, graceMs = 5000) {
  if (!handle?.pid || handle.stopped) return;
  try {
    signalGroup(handle.pid, 'SIGTERM');
  } catch {
    handle.stopped = true;
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(handle.pid)) await sleep(100);
  killServerNow(handle);
  // The group id may be reused by an unrelated process later: never signal it again.
  handle.stopped = true;
}
