import { expect, test } from '@playwright/test';

test('the built page carries a CSP, nothing violates it, and every request stays on the origin', async ({ page, baseURL }) => {
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => requests.push(r.url()));
  await page.addInitScript(() => {
    const w = globalThis as unknown as {
      cspViolations: string[];
      addEventListener(t: string, f: (e: { violatedDirective: string; blockedURI: string }) => void): void;
    };
    w.cspViolations = [];
    w.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  // a link whose fields carry markup: shown as text, never as HTML
  await page.goto('/#v=1&space=<img src=x onerror=alert(1)>&g=<b>x</b>');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain('unsafe-inline');
  await expect(page.getByTestId('url-notices')).toContainText('space: unknown "<img src=x onerror=alert(1)>"');
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
  // exercise the workers, the plots and the timeline under the policy
  await page.getByTestId('search-generations').fill('20');
  await page.getByTestId('search-generations').press('Enter');
  await page.getByTestId('search-start').click();
  await expect(page.getByTestId('search-panel')).toHaveAttribute('data-status', 'done');
  await page.getByTestId('timeline').hover();
  expect(await page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  const origin = new URL(baseURL ?? 'http://localhost:4173').origin;
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  expect(foreign).toEqual([]);
});
