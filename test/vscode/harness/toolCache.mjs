// Installs Node 24 and code-server (whose VS Code build we test in) into a cache outside the clone, once.
// Like @vscode/test-electron's download cache: a marker file records what is installed, so later runs reuse it.
// Node comes from npm's package for this platform and architecture (platform.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { nodeBinary, nodePackageFor, npmCommand, withDirOnPath } from './platform.mjs';

const NODE = nodePackageFor(process.platform, process.arch);
export const NODE_PACKAGE = NODE.name;
export const NODE_VERSION = NODE.version;
export const CODE_SERVER_VERSION = '4.139.1';
const MARKER_FORMAT = 1;
const INSTALL_TIMEOUT_MS = 15 * 60 * 1000;

export function cacheRoot() {
  if (process.env.PNAG_VSCODE_TEST_CACHE) return process.env.PNAG_VSCODE_TEST_CACHE;
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'pnag-vscode-test');
}

/** Where everything lives inside the cache. */
export function toolPaths(root = cacheRoot()) {
  const nodeDir = join(root, 'node', 'node_modules', NODE_PACKAGE);
  const codeServerDir = join(root, 'code-server', 'node_modules', 'code-server');
  return {
    root,
    marker: join(root, 'installed.json'),
    nodeDir,
    nodeBin: nodeBinary(nodeDir, process.platform),
    codeServerDir,
    serverMain: join(codeServerDir, 'lib', 'vscode', 'out', 'server-main.js'),
  };
}

function wantedMarker() {
  return { format: MARKER_FORMAT, node: `${NODE_PACKAGE}@${NODE_VERSION}`, codeServer: `code-server@${CODE_SERVER_VERSION}` };
}

function readMarker(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function isInstalled(paths) {
  const marker = readMarker(paths.marker);
  const wanted = wantedMarker();
  return (
    marker !== undefined &&
    marker.format === wanted.format &&
    marker.node === wanted.node &&
    marker.codeServer === wanted.codeServer &&
    existsSync(paths.nodeBin) &&
    existsSync(paths.serverMain)
  );
}

/**
 * The environment for a nested npm. Under `npm run`/`npm test` the outer npm exports variables that would
 * mislead the inner one: its user agent names Node 20 (code-server's install script reads the Node version
 * from it) and its local prefix is this clone (the install would land here).
 */
function cleanNpmEnv(extra = {}) {
  const injected = /^(npm_package_|npm_lifecycle_)|^(npm_command|npm_execpath|npm_node_execpath|npm_config_user_agent|npm_config_local_prefix|npm_config_npm_version|npm_config_nodedir|node|init_cwd)$/i;
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !injected.test(key)));
  return { ...env, ...extra };
}

function npmInstall(dir, spec, env) {
  mkdirSync(dir, { recursive: true });
  // A package.json of its own keeps npm from walking up into some other project.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'pnag-vscode-test-tool', private: true }, null, 2));
  console.log(`[vscode-test] npm install ${spec} in ${dir}`);
  const npm = npmCommand(process.platform);
  const result = spawnSync(npm.command, ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec], {
    cwd: dir,
    env,
    shell: npm.shell,
    stdio: 'inherit',
    timeout: INSTALL_TIMEOUT_MS,
  });
  if (result.status !== 0) {
    throw new Error(`npm install ${spec} failed (exit ${result.status ?? result.signal ?? result.error?.message})`);
  }
}

/**
 * Makes sure Node 24 and code-server are in the cache and returns their paths. `installed` says whether
 * this call had to install them.
 */
export function ensureTools() {
  const paths = toolPaths();
  if (isInstalled(paths)) {
    console.log(`[vscode-test] using cached VS Code (code-server ${CODE_SERVER_VERSION}) and Node ${NODE_VERSION} in ${paths.root}`);
    return { ...paths, installed: false };
  }
  const started = Date.now();
  console.log(`[vscode-test] installing code-server ${CODE_SERVER_VERSION} and Node ${NODE_VERSION} into ${paths.root} (first run, a few minutes)`);
  if (NODE.emulated) console.log(`[vscode-test] npm has no Node 24 for ${process.platform}-${process.arch}: using ${NODE_PACKAGE} under ${NODE.emulated}`);
  rmSync(paths.marker, { force: true });
  rmSync(join(paths.root, 'node'), { recursive: true, force: true });
  rmSync(join(paths.root, 'code-server'), { recursive: true, force: true });

  npmInstall(join(paths.root, 'node'), `${NODE_PACKAGE}@${NODE_VERSION}`, cleanNpmEnv());
  if (!existsSync(paths.nodeBin)) throw new Error(`Node ${NODE_VERSION} not found at ${paths.nodeBin} after install`);

  // code-server's native modules must be built against Node 24's headers, with Node 24 running npm.
  const env = { ...withDirOnPath(cleanNpmEnv(), join(paths.nodeDir, 'bin'), process.platform), npm_config_nodedir: paths.nodeDir };
  npmInstall(join(paths.root, 'code-server'), `code-server@${CODE_SERVER_VERSION}`, env);
  if (!existsSync(paths.serverMain)) throw new Error(`VS Code server not found at ${paths.serverMain} after install`);

  writeFileSync(paths.marker, `${JSON.stringify({ ...wantedMarker(), installedAt: new Date().toISOString() }, null, 2)}\n`);
  console.log(`[vscode-test] installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { ...paths, installed: true };
}
