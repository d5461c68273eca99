// A Chromium-based browser driven by playwright-core: PNAG_CHROMIUM, else an installed Chromium, Chrome or
// Edge, else Playwright's own Chromium if downloaded (the search is platform.mjs's findBrowser).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { chromium } from 'playwright-core';
import { findBrowser, remoteUriPath } from './platform.mjs';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // Without these Chromium keeps trying to reach Google's hosts, which this network refuses.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath() {
  const found = findBrowser({
    platform: process.platform,
    env: process.env,
    homeDir: homedir(),
    exists: existsSync,
    playwrightChromium: () => chromium.executablePath(),
  });
  console.log(`[vscode-test] browser: ${found.path} (${found.from})`);
  return found.path;
}

/** @param {NodeJS.ProcessEnv} env  an environment whose HOME points into the test cache */
export async function launchBrowser(env) {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_FLAGS,
    env,
    timeout: 60_000,
  });
}

/**
 * The URL that opens VS Code on `folder`: with the extension under development when `extensionPath` is
 * given (only the installed extensions otherwise), and optionally a test runner (`extensionTestsPath`),
 * the way VS Code's own browser integration tests do.
 */
export function workbenchUrl(serverUrl, folder, extensionPath, testsPath) {
  const authority = new URL(serverUrl).host;
  const payload = [
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const remote = (path) => `vscode-remote://${authority}${remoteUriPath(path, process.platform)}`;
  if (extensionPath) payload.unshift(['extensionDevelopmentPath', remote(extensionPath)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `${serverUrl}/?folder=${encodeURIComponent(remoteUriPath(folder, process.platform))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
