import { expect, test } from '@playwright/test';
import { openApp, snapshot, totalValue } from './app';

test('a bad genome is refused with a message naming the field; the previous totals stay', async ({ page }) => {
  await openApp(page);
  const before = await snapshot(page);
  const totals = page.getByTestId('totals');
  const latency = await totalValue(totals, 'hetero', 'latencyMs');
  const editor = page.getByTestId('genome-json');
  const errors = page.getByTestId('genome-errors');

  // A value outside the space: the message names the field.
  const bad = { ...(before.config.genome as Record<string, unknown>), stem: 999 };
  await editor.fill(JSON.stringify(bad));
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(errors).toBeVisible();
  await expect(errors).toContainText('stem');
  await expect(editor).toHaveAttribute('aria-invalid', 'true');

  // Not JSON at all.
  await editor.fill('{ "space": "mini", ');
  await editor.press('Control+Enter');
  await expect(errors).toContainText('not valid JSON');

  const after = await snapshot(page);
  expect(after.config.genome).toEqual(before.config.genome);
  expect(after.estimates).toEqual(before.estimates);
  expect(await totalValue(totals, 'hetero', 'latencyMs')).toBe(latency);

  // A good genome clears the message and applies.
  await page.getByTestId('preset-smallest').click();
  await expect(errors).toHaveCount(0);
  expect((await snapshot(page)).estimates.npu?.latencyMs).toBeLessThan(before.estimates.npu?.latencyMs ?? 0);
});
