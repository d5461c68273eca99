// Mode 2: end to end through the workbench UI, as a person would use it: command palette, quick input,
// editor, sidebar view. Each test is a step of one session and later steps build on earlier ones.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workbenchUrl } from './browser.mjs';
import { FRONTIER_FILE, runFrontierUiSteps } from './frontierUiTests.mjs';

const COMMAND_TITLE = 'PNAG: Generate architecture for budget';
const PNAG_80_MOBILE = '2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0';
// Width 1.0 at resolution 160, written as OFA's dict: exercises the JSON path and a non-default width.
const OFA_DICT = JSON.stringify({
  ks: [7, 5, 0, 0, 3, 3, 3, 0, 5, 5, 5, 5, 7, 7, 3, 0, 3, 3, 0, 0],
  e: [6, 4, 0, 0, 3, 3, 3, 0, 4, 4, 4, 4, 6, 6, 3, 0, 3, 6, 0, 0],
  d: [2, 3, 4, 3, 2],
  r: 160,
  w: 1.0,
});
const UI_FILE = 'architecture.json';
const SECOND_FILE = 'second.json';
/** The empty files the workspace must hold. */
export const UI_FILES = [UI_FILE, SECOND_FILE, FRONTIER_FILE];

/** Monaco renders spaces as U+00A0. */
const plain = (text) => text.replace(/\u00a0/g, ' ');

async function editorText(page) {
  return plain(await page.locator('.monaco-editor .view-lines').first().innerText());
}

async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab[aria-label*="${name}"]`).waitFor({ timeout: 15_000 });
  await page.locator('.monaco-editor .view-lines').first().click();
}

/** F1, the command's title, Enter: then the command's own quick input is open. */
async function runFromPalette(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

async function waitForArchInput(page) {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: COMMAND_TITLE }).waitFor({ timeout: 15_000 });
}

/** Types into the open quick input, replacing what is there. */
async function typeIntoQuickInput(page, text) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.focus();
  await page.keyboard.press('Control+A');
  // insertText sends the text at once; `type` would take seconds for a 100-character string.
  await page.keyboard.insertText(text);
}

function frontierFrame(page) {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
}

async function openFrontierView(page) {
  const item = page.locator('.activitybar .action-item').filter({ has: page.locator('[aria-label^="PNAG"]') }).first();
  await item.waitFor({ timeout: 30_000 });
  const active = await item.evaluate((node) => node.classList.contains('checked'));
  if (!active) await item.click();
  await frontierFrame(page).locator('#root[data-state]').waitFor({ timeout: 30_000 });
}

async function expectFrontierCosts(page, expected) {
  const frame = frontierFrame(page);
  for (const [testId, value] of Object.entries(expected)) {
    const cell = frame.locator(`[data-testid="${testId}"]`);
    await cell.waitFor({ timeout: 30_000 });
    await assert.doesNotReject(
      cell.filter({ hasText: value }).waitFor({ timeout: 15_000 }),
      `Frontier view ${testId} shows ${value} (it shows "${await cell.innerText().catch(() => '?')}")`,
    );
  }
}

/**
 * @returns {Promise<{ passed: number, failed: number }>}
 */
export async function runUiTests({ browser, serverUrl, workspace, extensionPath, screenshotDir }) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  let passed = 0;
  let failed = 0;
  const shot = (name) => page.screenshot({ path: join(screenshotDir, name) });

  async function step(name, body) {
    const started = Date.now();
    try {
      await body();
      passed++;
      console.log(`  ok ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.log(`  FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
      await shot(`failure-${passed + failed}.png`).catch(() => {});
    }
  }

  try {
    await step('the workbench opens the workspace with the extension loaded', async () => {
      await page.goto(workbenchUrl(serverUrl, workspace, extensionPath), { timeout: 60_000 });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      // The PNAG view container appears only once the extension's contributions are read.
      await page.locator('.activitybar [aria-label^="PNAG"]').first().waitFor({ timeout: 60_000 });
    });

    await step('the quick input reports an invalid architecture as the user types', async () => {
      await openFile(page, UI_FILE);
      await runFromPalette(page, COMMAND_TITLE);
      await waitForArchInput(page);
      await typeIntoQuickInput(page, `5${PNAG_80_MOBILE.slice(1)}`);
      await page
        .locator('.quick-input-widget .quick-input-message', { hasText: 'stage 1: depth 5 is not one of 2, 3, 4' })
        .waitFor({ timeout: 15_000 });
      await shot('quick-input-validation.png');
    });

    await step('the command palette and quick input insert the OFA network config at the cursor', async () => {
      await typeIntoQuickInput(page, PNAG_80_MOBILE);
      // The message goes once the text is valid, before Enter.
      await page.waitForFunction(
        () => !document.querySelector('.quick-input-widget .quick-input-message')?.textContent?.includes('expected'),
        undefined,
        { timeout: 15_000 },
      );
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
      await page.locator('.monaco-editor .view-lines', { hasText: 'MobileNetV3' }).first().waitFor({ timeout: 15_000 });
      const shown = await editorText(page);
      assert.match(shown, /"name": "MobileNetV3"/);
      assert.match(shown, /"first_conv": \{/);
      await shot('inserted-config.png');
      // Only the visible lines are in the DOM: save and read the whole file the editor wrote.
      await page.keyboard.press('Control+S');
      const path = join(workspace, UI_FILE);
      let config;
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const text = readFileSync(path, 'utf8');
        if (text.trim() !== '') {
          config = JSON.parse(text);
          break;
        }
        await page.waitForTimeout(200);
      }
      assert.ok(config, `${UI_FILE} was saved with the inserted config`);
      assert.equal(config.name, 'MobileNetV3');
      assert.equal(config.blocks.length, 15);
      assert.equal(config.first_conv.out_channels, 24);
      assert.equal(config.resolution, 224);
    });

    await step('the Frontier view shows the MAdds and params of the last architecture', async () => {
      await openFrontierView(page);
      await expectFrontierCosts(page, { 'madds-ofa': '350.10 M', 'madds-pnag': '348.57 M', params: '7.34 M' });
      await assert.doesNotReject(
        frontierFrame(page).locator('[data-testid="arch"]', { hasText: PNAG_80_MOBILE }).waitFor({ timeout: 5_000 }),
        'the view shows the architecture string',
      );
      await shot('frontier-view.png');
    });

    await step('the Frontier view updates live when another architecture is generated', async () => {
      await openFile(page, SECOND_FILE);
      await runFromPalette(page, COMMAND_TITLE);
      await waitForArchInput(page);
      await typeIntoQuickInput(page, OFA_DICT);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
      await expectFrontierCosts(page, { 'madds-ofa': '130.41 M', 'madds-pnag': '129.13 M', params: '4.66 M' });
      await shot('frontier-view-updated.png');
    });

    await step('the Frontier view shows the same costs after being hidden and shown again', async () => {
      await page.locator('.activitybar .action-item').filter({ has: page.locator('[aria-label^="Explorer"]') }).first().click();
      await frontierFrame(page).locator('#root').waitFor({ state: 'detached', timeout: 15_000 });
      await openFrontierView(page);
      await expectFrontierCosts(page, { 'madds-ofa': '130.41 M', 'madds-pnag': '129.13 M', params: '4.66 M' });
    });

    await step("the view's Generate button asks the host to run the command", async () => {
      await frontierFrame(page).locator('vscode-button', { hasText: 'Generate another' }).click({ timeout: 15_000 });
      await waitForArchInput(page);
      await page.keyboard.press('Escape');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
    });

    await runFrontierUiSteps({ page, step, shot });
  } finally {
    await context.close().catch(() => {});
  }
  return { passed, failed };
}
