import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [w,h,tag] of [[390,844,'m'],[1440,900,'d']]) {
const ctx = await b.newContext({ viewport: { width: w, height: h } });
let p = await ctx.newPage();
await p.goto('http://localhost:4211/'); await p.waitForTimeout(2500);
await p.keyboard.press('5'); await p.waitForTimeout(1500);
const r = await p.evaluate(() => { const e = document.querySelector('[data-testid="learn-panel"]'); const b = e?.getBoundingClientRect(); return { top: b?.top, h: b?.height, scrollY, docH: document.documentElement.scrollHeight, active: document.activeElement?.outerHTML.slice(0,120) }; });
console.log(tag, 'after 5', JSON.stringify(r));
await p.screenshot({ path: `/tmp/review-${tag}-50-key5.png` });
for (const u of ['#v=2&lesson=npu-roofline&step=5&end', '#v=2&lesson=npu-roofline&step=5']) {
  const q = await ctx.newPage(); await q.goto('http://localhost:4211/' + u); await q.waitForTimeout(2500);
  console.log(tag, u, await q.textContent('[data-testid="lesson-step-title"]').catch(() => 'none'), (await q.locator('[role=alert], .url-notice, [data-testid*=notice]').allTextContents()).join(' | ').slice(0, 300));
  if (tag==='d') await q.screenshot({ path: `/tmp/review-${tag}-51-deep${u.length}.png` });
  await q.close();
}
await ctx.close();
}
await b.close();
