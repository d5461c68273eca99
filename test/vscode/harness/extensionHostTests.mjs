// Mode 1: mocha inside the extension host. VS Code's smoke-test driver forwards the extension host's console
// to `codeAutomationLog` and reports the runner's end through `codeAutomationExit`.
import { appendFileSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import { workbenchUrl } from './browser.mjs';

// Written by test/vscode/suite/index.ts. Only the lines between them are echoed: the rest is workbench noise
// (offline gallery look-ups, a missing service worker) that goes to the log file.
const START_MARKER = 'PNAG-EXTENSION-HOST-START';
const RESULT_PREFIX = 'PNAG-EXTENSION-HOST-RESULT';

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * @returns {Promise<{ passed: number, failed: number }>}
 */
export async function runExtensionHostTests({ browser, serverUrl, workspace, extensionPath, testsIndex, logFile, timeoutMs = 180_000 }) {
  writeFileSync(logFile, '');
  let echo = false;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  let counts;
  let resolveExit;
  const exited = new Promise((resolve) => {
    resolveExit = resolve;
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = Array.isArray(args) ? format(...args) : String(args);
    appendFileSync(logFile, `[${type}] ${line}\n`);
    for (const text of line.split('\n')) {
      if (text.startsWith(START_MARKER)) echo = true;
      else if (text.startsWith(RESULT_PREFIX)) {
        counts = JSON.parse(text.slice(RESULT_PREFIX.length));
        echo = false;
      } else if (echo && text.trim() !== '') console.log(`  ${text}`);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  try {
    await page.goto(workbenchUrl(serverUrl, workspace, extensionPath, testsIndex), { timeout: 60_000 });
    const code = await withTimeout(exited, timeoutMs, 'the extension-host tests');
    if (!counts) {
      // The runner never reported (it failed to load, say): count the run as one failure.
      console.log(`  [extension host] ended with code ${code} without a result line`);
      return { passed: 0, failed: 1 };
    }
    if (code !== 0 && counts.failed === 0) return { passed: counts.passed, failed: 1 };
    return counts;
  } finally {
    await context.close().catch(() => {});
  }
}
