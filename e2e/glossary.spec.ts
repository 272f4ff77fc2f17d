/**
 * The glossary: a term's one-line definition on hover and on keyboard focus (the core entry's own
 * text), Escape hides it, Enter opens the Glossary at the entry (focused, below the sticky navigation,
 * in the viewport), axe-clean with a tooltip open and with the Glossary open, on a desktop and a phone.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { GLOSSARY } from '../src/core/index.js';
import { layOutEveryPanel, openApp } from './app';

test.beforeEach(({ page }, info) => {
  void page;
  test.skip(info.project.name !== 'webgpu', 'backend-independent: runs in one project');
});

async function expectNoAxeViolations(page: Page, when: string): Promise<void> {
  await layOutEveryPanel(page);
  const result = await new AxeBuilder({ page }).analyze();
  expect(
    result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    when,
  ).toEqual([]);
}

/** The box of `el` lies inside the viewport (and, for the glossary entry, below the sticky navigation). */
async function expectInViewport(page: Page, el: Locator, topAtLeast = 0): Promise<void> {
  const box = await el.boundingBox();
  const vp = page.viewportSize();
  expect(box, 'has a box').not.toBeNull();
  expect(vp).not.toBeNull();
  if (!box || !vp) return;
  expect(box.x, 'left edge').toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, 'right edge').toBeLessThanOrEqual(vp.width);
  expect(box.y, 'top edge').toBeGreaterThanOrEqual(topAtLeast);
  expect(box.y, 'starts inside the viewport').toBeLessThan(vp.height);
}

for (const [name, size] of [
  ['desktop', { width: 1440, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  test(`a term shows its definition on hover and focus and opens the glossary (${name})`, async ({ page }) => {
    await page.setViewportSize(size);
    await openApp(page);
    const id = 'schema-hetero';
    const entry = GLOSSARY.find((e) => e.id === id);
    if (!entry) throw new Error(`glossary: no entry ${id}`);
    const term = page.getByTestId('totals').locator(`button.term[data-term="${id}"]`);
    await term.scrollIntoViewIfNeeded();

    // hover: the definition, in the tooltip that describes the term, inside the viewport
    await expect(page.locator('[role="tooltip"]:visible')).toHaveCount(0);
    await term.hover();
    await expect(term).toHaveAttribute('aria-describedby', /.+/);
    const tip = page.locator(`[role="tooltip"][id="${(await term.getAttribute('aria-describedby')) ?? ''}"]`);
    await expect(tip).toBeVisible();
    await expect(tip).toHaveText(entry.short);
    await expectInViewport(page, tip);
    await page.mouse.move(0, size.height - 1);
    await expect(tip).toBeHidden();

    // keyboard focus shows it too, Escape hides it; axe with it open
    await term.focus();
    await expect(tip).toBeVisible();
    await expect(tip).toHaveText(entry.short);
    await expectNoAxeViolations(page, 'with a tooltip open');
    await page.keyboard.press('Escape');
    await expect(tip).toBeHidden();
    await expect(term).toBeFocused();

    // Enter: the glossary at the entry, focused, in view under the sticky navigation; the link is untouched
    const hash = await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash);
    await page.keyboard.press('Enter');
    const article = page.locator(`#glossary-${id}`);
    await expect(article).toBeFocused();
    await expect(article.getByRole('heading')).toHaveText(entry.term);
    await expect(article).toContainText(entry.text);
    const navBottom = await page.getByTestId('page-nav').evaluate((el) => el.getBoundingClientRect().bottom);
    await expectInViewport(page, article, Math.floor(navBottom));
    expect(await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe(hash);
    await expect(page.getByTestId('glossary').locator('article.glossary-entry')).toHaveCount(GLOSSARY.length);
    await expectNoAxeViolations(page, 'with the glossary open');

    // a related entry is one button away
    const see = entry.see?.[0] ?? '';
    await article.locator(`button[data-see="${see}"]`).click();
    await expect(page.locator(`#glossary-${see}`)).toBeFocused();
  });
}

test('the glossary lists every entry alphabetically and filters them', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('glossary-toggle').click();
  const articles = page.getByTestId('glossary').locator('article.glossary-entry');
  await expect(articles).toHaveCount(GLOSSARY.length);
  const terms = await articles.locator('.glossary-term').allTextContents();
  expect(terms).toEqual([...terms].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  await page.getByTestId('glossary-filter').fill('sandwich');
  await expect(articles).toHaveCount(1);
  await expect(articles.first()).toHaveAttribute('id', 'glossary-sandwich-rule');
  // a term reached from the page clears a filter that would hide it
  await page.getByTestId('totals').locator('button.term[data-term="schema-npu"]').click();
  await expect(page.locator('#glossary-schema-npu')).toBeFocused();
  await expect(page.getByTestId('glossary-filter')).toHaveValue('');
});

test('a term in the help dialog closes it and opens the glossary', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('help-open').click();
  const help = page.getByTestId('help');
  await expect(help).toBeVisible();
  await help.locator('button.term[data-term="hand-off"]').click();
  await expect(help).toBeHidden();
  await expect(page.locator('#glossary-hand-off')).toBeFocused();
});
