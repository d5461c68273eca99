// Frontier view steps for the UI session (called from uiTests.mjs): the plot's marks are in the DOM,
// hovering shows a tooltip, clicking a published PNAG architecture inserts it into the editor.
import assert from 'node:assert/strict';

/** An empty file the workspace must hold, for the click-to-insert step. */
export const FRONTIER_FILE = 'frontier-insert.json';
/** PNAG's 15, OFA's 34 specialised nets and MobileNetV3-Large: all placed on the MAdds axis. */
const REFERENCE_MARKS = 15 + 34 + 1;
const CLICKED = 'pnag-gpu-190';
const CLICKED_ARCH_MADDS_PNAG = '639.86 M';

function frontierFrame(page) {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
}

async function openFrontierView(page) {
  const item = page.locator('.activitybar .action-item').filter({ has: page.locator('[aria-label^="PNAG"]') }).first();
  await item.waitFor({ timeout: 30_000 });
  const active = await item.evaluate((node) => node.classList.contains('checked'));
  if (!active) await item.click();
  await frontierFrame(page).locator('#root[data-plot]').waitFor({ timeout: 30_000 });
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

/**
 * @param {{ page: import('playwright-core').Page, step: (name: string, body: () => Promise<void>) => Promise<void>, shot: (name: string) => Promise<unknown> }} session
 */
export async function runFrontierUiSteps({ page, step, shot }) {
  const frame = frontierFrame(page);

  await step('the Frontier view plots the published reference points (marks counted in the DOM)', async () => {
    await openFrontierView(page);
    const marks = frame.locator('svg.plot [data-role="mark"]');
    await marks.first().waitFor({ timeout: 30_000 });
    const count = await marks.count();
    assert.ok(count >= REFERENCE_MARKS, `at least ${REFERENCE_MARKS} marks, found ${count}`);
    for (const id of [`ref:${CLICKED}`, 'ref:MobileNetV3-Large 1.0', 'ref:note10_lat@64ms_top1@80.2_finetune@75']) {
      assert.equal(await frame.locator(`svg.plot [data-point-id="${id}"]`).count(), 1, `the mark of ${id}`);
    }
    const legend = await frame.locator('svg.plot [data-role="legend"]').allTextContents();
    assert.ok(legend.includes('PNAG (published)') && legend.includes('OFA specialised') && legend.includes('MobileNetV3-L'), legend.join(', '));
    // Colours come from the theme's charts.* variables, resolved to real colours (no var() in attributes).
    const fill = await frame.locator(`svg.plot [data-point-id="ref:${CLICKED}"]`).getAttribute('fill');
    assert.ok(fill && !fill.includes('var(') && fill !== 'none', `mark fill ${fill}`);
    await shot('frontier-plot.png');
  });

  await step('hovering a mark shows its architecture, costs, accuracy and source', async () => {
    await frame.locator(`svg.plot [data-point-id="ref:${CLICKED}"]`).hover({ timeout: 15_000 });
    const tooltip = frame.locator('.tooltip');
    await tooltip.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await tooltip.innerText();
    assert.match(text, new RegExp(CLICKED));
    assert.match(text, /top-1 80\.40 % \(reported\)/);
    assert.match(text, /\(computed\)/);
    assert.match(text, /guoyongcs\/PNAG/);
    await shot('frontier-tooltip.png');
  });

  await step('clicking a mark inserts its architecture into the editor', async () => {
    await openFile(page, FRONTIER_FILE);
    await openFrontierView(page);
    await frame.locator(`svg.plot [data-point-id="ref:${CLICKED}"]`).click({ timeout: 15_000 });
    await page.locator('.monaco-editor .view-lines', { hasText: 'MobileNetV3' }).first().waitFor({ timeout: 15_000 });
    // The insertion reaches the view's costs panel too: PNAG's count of pnag-gpu-190.
    await frame.locator('[data-testid="madds-pnag"]', { hasText: CLICKED_ARCH_MADDS_PNAG }).waitFor({ timeout: 15_000 });
    await shot('frontier-click-inserted.png');
  });
}
