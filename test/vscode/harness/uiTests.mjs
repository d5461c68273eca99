// Mode 2: end to end through the workbench UI, as a person would use it: command palette, quick input,
// notifications, editor, sidebar view. Each test is a step of one session and later steps build on earlier ones.
// Other step modules (the Frontier view's: frontierUiTests.mjs) are listed in STEP_MODULES and run after these.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workbenchUrl } from './browser.mjs';
import { FRONTIER_FILE, runFrontierUiSteps } from './frontierUiTests.mjs';
import { openFile, plain, quickInput, runFromPalette, savedText, showNotifications, stepRunner } from './workbench.mjs';

const GENERATE_TITLE = 'PNAG: Generate architecture for budget';
const TRAIN_TITLE = 'PNAG: Train generator';
const PYTHON_FILE = 'model.py';
const JSON_FILE = 'architecture.json';
/** The empty files the workspace must hold. */
export const UI_FILES = [PYTHON_FILE, JSON_FILE, FRONTIER_FILE];

/** Step modules run after the palette steps, each `({ page, step, shot, workspace }) => Promise<void>`. */
export const STEP_MODULES = [runFrontierUiSteps];

/** Small training: a run takes seconds on 2 cores (proxy:madds needs no network to label). */
const SMALL_TRAINING = {
  'pnag.accuracySource': 'proxy:madds',
  'pnag.archiveSize': 120,
  'pnag.trainingSteps': 20,
  'pnag.evaluatorEpochs': 2,
  'pnag.k': 4,
  'pnag.budgets': '250:700',
  'pnag.bestOf': 16,
};
/** Long enough to be cancelled by hand from its notification. */
const LONG_TRAINING = { ...SMALL_TRAINING, 'pnag.trainingSteps': 5000 };

/** A notification as a toast or in the notification center (this build often files them without a toast). */
const notification = (page, text) =>
  page.locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item', { hasText: text }).first();

function writeWorkspaceSettings(workspace, settings) {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  const base = { 'chat.disableAIFeatures': true };
  writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify({ ...base, ...settings }, null, 2)}\n`);
}

async function waitForBudgetInput(page) {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: GENERATE_TITLE }).waitFor({ timeout: 30_000 });
}

async function typeIntoQuickInput(page, text) {
  await quickInput(page).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/** MAdds (PNAG count) from the CLI: computed apart from the extension and its worker. */
function independentMadds(extensionPath, arch) {
  const out = execFileSync(process.execPath, [join(extensionPath, 'dist', 'cli.js'), 'cost', '--arch', arch, '--count', 'pnag', '--json'], { encoding: 'utf8' });
  return JSON.parse(out).madds_M;
}

/**
 * @returns {Promise<{ passed: number, failed: number }>}
 */
export async function runUiTests({ browser, serverUrl, workspace, extensionPath, screenshotDir }) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const shot = (name) => page.screenshot({ path: join(screenshotDir, name) });
  const { step, counts } = stepRunner(shot);

  // Start without a generator, whatever an earlier mode left behind.
  rmSync(join(workspace, '.pnag'), { recursive: true, force: true });
  writeWorkspaceSettings(workspace, LONG_TRAINING);
  const checkpoint = join(workspace, '.pnag', 'generator.ckpt.json');

  try {
    await step('the workbench opens the workspace with the extension loaded', async () => {
      await page.goto(workbenchUrl(serverUrl, workspace, extensionPath), { timeout: 60_000 });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.activitybar [aria-label^="PNAG"]').first().waitFor({ timeout: 60_000 });
    });

    await step('training shows step, reward and time left in a notification, and Cancel stops it', async () => {
      await openFile(page, PYTHON_FILE);
      await runFromPalette(page, TRAIN_TITLE);
      await page.locator('.statusbar-item', { hasText: 'PNAG:' }).first().waitFor({ timeout: 60_000 });
      await showNotifications(page);
      const progress = notification(page, 'PNAG: Training generator');
      await progress.waitFor({ timeout: 30_000 });
      await progress.filter({ hasText: /generator step \d+\/5000 · reward -?[\d.]+ · about .* left/ }).waitFor({ timeout: 90_000 });
      await shot('training-progress.png');
      await progress.locator('.monaco-button', { hasText: 'Cancel' }).click({ timeout: 15_000 });
      await showNotifications(page);
      await notification(page, 'training cancelled').waitFor({ timeout: 30_000 });
      await shot('training-cancelled.png');
      assert.equal(existsSync(checkpoint), false, 'a cancelled first run leaves no checkpoint');
      await page.locator('.statusbar-item', { hasText: 'PNAG: generator' }).waitFor({ state: 'detached', timeout: 15_000 });
    });

    await step('with no generator, Generate offers to train first and names the sources', async () => {
      writeWorkspaceSettings(workspace, SMALL_TRAINING);
      await page.waitForTimeout(1000);
      await runFromPalette(page, GENERATE_TITLE);
      const offer = notification(page, 'no trained generator');
      await page.waitForTimeout(1000);
      await showNotifications(page);
      await offer.waitFor({ timeout: 30_000 });
      const text = plain(await offer.innerText());
      assert.match(text, /accuracy from proxy:madds; cost: MAdds \(PNAG count\)/);
      await shot('offer-to-train.png');
      await offer.locator('.monaco-button', { hasText: 'Train generator' }).click();
      // Training runs, then the budget box opens.
      await waitForBudgetInput(page);
      assert.ok(existsSync(checkpoint), 'the checkpoint is in the workspace .pnag folder');
    });

    await step('a budget in the wrong unit is reported as the user types, and Enter inserts nothing', async () => {
      const prompt = plain(await page.locator('.quick-input-widget .quick-input-message, .quick-input-widget .quick-input-description').first().innerText().catch(() => ''));
      await typeIntoQuickInput(page, '35ms');
      await page.locator('.quick-input-widget .quick-input-message', { hasText: 'expected multiply-adds in M or G (the cost model counts MAdds)' }).waitFor({ timeout: 15_000 });
      await shot('budget-validation.png');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(500);
      assert.ok(await page.locator('.quick-input-widget').isVisible(), 'the box stays open on a bad budget');
      // Escape may first close the notification center the previous step opened.
      for (let i = 0; i < 3 && (await page.locator('.quick-input-widget').isVisible()); i++) {
        await quickInput(page).focus();
        await page.keyboard.press('Escape');
        await page.waitForTimeout(300);
      }
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
      assert.equal(readFileSync(join(workspace, PYTHON_FILE), 'utf8'), '', 'nothing was inserted');
      assert.equal(plain(await page.locator('.monaco-editor .view-lines').first().innerText()).trim(), '', `the editor is still empty (${prompt})`);
    });

    await step('the palette flow inserts a set_active_subnet call into a Python file, within the budget', async () => {
      await openFile(page, PYTHON_FILE);
      await runFromPalette(page, GENERATE_TITLE);
      await waitForBudgetInput(page);
      const prompt = plain(await page.locator('.quick-input-widget').innerText());
      assert.match(prompt, /Trained range: 250M to 700M MAdds \(madds:pnag\)/);
      await typeIntoQuickInput(page, '400 MFLOPs');
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor .view-lines', { hasText: 'set_active_subnet' }).first().waitFor({ timeout: 60_000 });
      await shot('generated-python.png');
      const text = await savedText(page, join(workspace, PYTHON_FILE));
      assert.match(text, /^# PNAG: budget 400 MFLOPs, [\d.]+M MAdds \(madds:pnag\), .*\(proxy:madds, an estimate\), r224 w1\.2\nofa_network\.set_active_subnet\(/);
      const [, ks, e, d] = /ks=(\[[^\]]*\]), e=(\[[^\]]*\]), d=(\[[^\]]*\])/.exec(text) ?? [];
      const madds = independentMadds(extensionPath, JSON.stringify({ ks: JSON.parse(ks), e: JSON.parse(e), d: JSON.parse(d), r: 224, w: 1.2 }));
      assert.ok(madds <= 400, `${madds}M MAdds fits 400M`);
    });

    await step('the palette flow inserts an OFA network config into a JSON file, within the budget', async () => {
      await openFile(page, JSON_FILE);
      await runFromPalette(page, GENERATE_TITLE);
      await waitForBudgetInput(page);
      await typeIntoQuickInput(page, '0.3G');
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor .view-lines', { hasText: 'MobileNetV3' }).first().waitFor({ timeout: 60_000 });
      await shot('generated-json.png');
      const config = JSON.parse(await savedText(page, join(workspace, JSON_FILE)));
      assert.equal(config.name, 'MobileNetV3');
      const madds = independentMadds(extensionPath, JSON.stringify(config));
      assert.ok(madds <= 300, `${madds}M MAdds fits 300M`);
    });

    await step('a lens above the Python architecture shows its MAdds and params', async () => {
      await openFile(page, PYTHON_FILE);
      await page.locator('.contentWidgets .codelens-decoration, .codelens-decoration', { hasText: 'M MAdds (PNAG count)' }).first().waitFor({ timeout: 30_000 });
      await shot('codelens.png');
    });

    if (!process.env.PNAG_UI_SKIP_MODULES) for (const run of STEP_MODULES) await run({ page, step, shot, workspace });
  } finally {
    await context.close().catch(() => {});
  }
  return counts();
}
