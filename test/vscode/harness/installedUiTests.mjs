// The installed extension's stable contract, driven through the workbench like a user: the extension shows up
// as installed (icon, details page), its command runs from the palette and inserts text, and the Frontier
// view renders with its own script and stylesheet. Screenshots: <screenshotDir>/installed-*.png.
// To extend: add a step; to follow a change of the command's input, add a row to COMMAND_INPUTS.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { workbenchUrl } from './browser.mjs';
import { checkpointBudgets, frontierFrame, waitForGeneratedFrontier } from './frontierUiTests.mjs';
import { openFile, plain, quickInput, runFromPalette, savedText, stepRunner } from './workbench.mjs';

const COMMAND_TITLE = 'PNAG: Generate architecture for budget';
/**
 * What to type into the command's input box, chosen by the first word of its prompt (first match wins).
 * The budget lies inside the range of the generator installedRun.mjs trains (200-400 M).
 */
const COMMAND_INPUTS = [{ prompt: /^\s*budget/i, text: '300M' }];
const TARGET_FILE = 'architecture.json';
export const INSTALLED_UI_FILES = [TARGET_FILE];

/** The prompt of the command's input box (shown in the message row until there is a validation message). */
async function quickInputQuestion(page) {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: COMMAND_TITLE }).waitFor({ timeout: 15_000 });
  return plain(await widget.locator('.quick-input-message').innerText({ timeout: 5_000 }).catch(() => ''));
}

/**
 * @returns {Promise<{ passed: number, failed: number }>}
 */
export async function runInstalledUiTests({ browser, serverUrl, workspace, screenshotDir }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  const page = await context.newPage();
  const shot = (name) => page.screenshot({ path: join(screenshotDir, `installed-${name}`) });
  const { step, counts } = stepRunner(shot);

  try {
    await step('the workbench loads the installed extension (no development path)', async () => {
      await page.goto(workbenchUrl(serverUrl, workspace), { timeout: 60_000 });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.activitybar [aria-label^="PNAG"]').first().waitFor({ timeout: 60_000 });
    });

    await step('the Extensions view lists PNAG as installed, with its icon and README', async () => {
      await page.keyboard.press('Control+Shift+X');
      const search = page.locator('.extensions-viewlet .suggest-input-container');
      await search.waitFor({ timeout: 15_000 });
      await search.click();
      await page.keyboard.type('@installed PNAG');
      const item = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'PNAG' }).first();
      await item.waitFor({ timeout: 20_000 });
      // The icon must have loaded from the installed folder: a missing file leaves a zero-width image.
      await page.waitForFunction(
        () => {
          const img = document.querySelector('.extensions-viewlet .monaco-list-row .extension-list-item .icon');
          return img instanceof HTMLImageElement && img.complete && img.naturalWidth === 128;
        },
        undefined,
        { timeout: 15_000 },
      );
      await item.click();
      await page.locator('.extension-editor .header .name', { hasText: 'PNAG' }).first().waitFor({ timeout: 20_000 });
      // The README renders inside a webview of the details editor.
      await page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame')
        .locator('h1', { hasText: 'PNAG for VS Code' }).waitFor({ timeout: 20_000 });
      await shot('extension-details.png');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('W');
    });

    await step('the command runs from the palette, generates in the worker and inserts text at the cursor', async () => {
      await page.keyboard.press('Control+Shift+E');
      await openFile(page, TARGET_FILE);
      await runFromPalette(page, COMMAND_TITLE);
      const question = await quickInputQuestion(page);
      const answer = COMMAND_INPUTS.find((row) => row.prompt.test(question));
      assert.ok(answer, `no COMMAND_INPUTS row for the command's question: "${question}"`);
      await quickInput(page).focus();
      await page.keyboard.insertText(answer.text);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
      // The worker generates, then the extension inserts (an OFA network config in a JSON file, by default).
      await page.locator('.monaco-editor .view-lines', { hasText: 'MobileNetV3' }).first().waitFor({ timeout: 60_000 });
      await shot('inserted-config.png');
      const text = await savedText(page, join(workspace, TARGET_FILE));
      assert.notEqual(text.trim(), '', `${TARGET_FILE} holds the inserted text after saving`);
      assert.equal(JSON.parse(text).name, 'MobileNetV3');
    });

    await step('the Frontier view renders with its script and stylesheet from the package', async () => {
      const item = page.locator('.activitybar .action-item').filter({ has: page.locator('[aria-label^="PNAG"]') }).first();
      if (!(await item.evaluate((node) => node.classList.contains('checked')))) await item.click();
      const frame = frontierFrame(page);
      // data-state is set by dist/webview.js: without the script the root stays bare.
      await frame.locator('#root[data-state]').waitFor({ timeout: 30_000 });
      const styled = await frame.locator('body').evaluate(() =>
        [...document.styleSheets].some((sheet) => {
          // A stylesheet that failed to load has no readable rules (reading them throws).
          try {
            return (sheet.href ?? '').endsWith('frontier.css') && sheet.cssRules.length > 0;
          } catch {
            return false;
          }
        }),
      );
      assert.ok(styled, 'media/frontier.css loaded into the webview');
      const shown = (await frame.locator('#root').innerText()).trim();
      assert.ok(shown.length > 0, 'the view shows something');
    });

    await step("the Frontier view sweeps the installed worker's generator: generated marks within their budgets, training budgets drawn", async () => {
      const frame = frontierFrame(page);
      await waitForGeneratedFrontier(frame, { minPoints: 8 });
      const budgets = checkpointBudgets(workspace);
      assert.equal(await frame.locator('svg.plot [data-role="budget"]').count(), budgets.length, `one rule per training budget (${budgets.join(', ')})`);
      assert.equal(await frame.locator('.empty-state').isVisible(), false, 'no "No trained generator yet" once the checkpoint exists');
      await page.mouse.move(900, 400);
      await shot('frontier-view.png');
    });

  } finally {
    await context.close().catch(() => {});
  }
  return counts();
}
