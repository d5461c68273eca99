// Debian's Chromium driven by playwright-core (Playwright cannot download its own browser here).
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

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
  const candidates = [process.env.PNAG_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `Chromium not found (looked at ${candidates.join(', ')}). Install it: apt-get install -y chromium, or set PNAG_CHROMIUM.`,
    );
  }
  return found;
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
  if (extensionPath) payload.unshift(['extensionDevelopmentPath', `vscode-remote://${authority}${extensionPath}`]);
  if (testsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${testsPath}`]);
  return `${serverUrl}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
