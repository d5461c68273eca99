// Driving the workbench like a user, shared by the UI sessions (uiTests, frontierUiTests, installedUiTests):
// the quick open, the command palette, the notification center, saving, and the step runner that counts and screenshots failures.
import { readFileSync } from 'node:fs';

/** Monaco and the quick input render spaces as U+00A0. */
export const plain = (text) => text.replace(/\u00a0/g, ' ');
export const quickInput = (page) => page.locator('.quick-input-widget .quick-input-box input');

/** Ctrl+P, the file's name, a click on its row, and the cursor into its editor. */
export async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  await quickInput(page).waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type(name);
  // Click the row itself: fuzzy matching may rank another file (.pnag/archive.jsonl) first.
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  await page.locator(`.tabs-container .tab[aria-label*="${name}"]`).waitFor({ timeout: 15_000 });
  await page.locator('.monaco-editor .view-lines').first().click();
}

/** F1, the command's title, Enter. */
export async function runFromPalette(page, title) {
  await page.keyboard.press('F1');
  await quickInput(page).waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Opens the notification center unless it is open, so a notification can be read and its buttons clicked. */
export async function showNotifications(page) {
  if (await page.locator('.notifications-center.visible').count()) return;
  await runFromPalette(page, 'Notifications: Show Notifications');
  await page.locator('.notifications-center.visible').waitFor({ timeout: 15_000 });
}

/** Saves the active editor and reads the file back once it holds text (only visible lines are in the DOM). */
export async function savedText(page, path) {
  await page.keyboard.press('Control+S');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const text = readFileSync(path, 'utf8');
    if (text.trim() !== '') return text;
    await page.waitForTimeout(200);
  }
  throw new Error(`${path} was not saved with the inserted text`);
}

/**
 * A session's `step(name, body)`: runs body, prints ok/FAIL with its time, and on failure saves
 * `failure-<n>.png` through `shot` (when given). `counts()` is what the session returns.
 * @param {((name: string) => Promise<unknown>) | undefined} shot
 */
export function stepRunner(shot) {
  let passed = 0;
  let failed = 0;
  async function step(name, body) {
    const started = Date.now();
    try {
      await body();
      passed++;
      console.log(`  ok ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.log(`  FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
      await shot?.(`failure-${passed + failed}.png`).catch(() => {});
    }
  }
  return { step, counts: () => ({ passed, failed }) };
}
