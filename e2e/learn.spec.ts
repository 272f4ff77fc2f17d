/**
 * Lessons on the page (issue 12; every shipped lesson played by keyboard: lessons.spec.ts): each
 * lesson target on screen; claims on the live page; a lesson link opened fresh shows the numbers of playing there;
 * presenter links; a teacher's lesson file refused or opened, and kept by its link over a reload.
 */
import { expect, test, type Page } from '@playwright/test';
import { LESSON_TARGET_IDS } from '../src/core/learn/lesson';
import { asReturningVisitor, snapshot } from './app';
import { axeViolations, expectTargetVisible, lessonSnapshot, waitForStep } from './learnHelpers';

test.beforeEach(({ page }, info) => {
  void page;
  test.skip(info.project.name !== 'webgpu', 'backend-independent: runs in one project');
});

/** Opens the app at `hash` as a returning visitor (no introduction card, the backend measured before). */
async function openAt(page: Page, hash = ''): Promise<void> {
  const visit = await asReturningVisitor(page);
  await page.goto(`/${hash}`);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await visit.afterReady();
}

/** A teacher's lesson: two steps, a prediction, a claim on the hardware. */
const TEACHER = {
  format: 'h4h-lesson/1',
  id: 'eight-macros',
  title: 'Eight macros',
  level: 'intermediate',
  minutes: 3,
  summary: 'What eight CIM macros change.',
  steps: [
    {
      title: 'One macro',
      state: { hw: 'u55-mram', hwp: 'cimMacros:1' },
      target: 'macros',
      text: 'The preset with one macro.',
      claims: [
        { text: 'one macro holds every weight of this subnet', compare: [{ metric: 'cimCapacityBytes' }, '>=', { metric: 'weightBytes' }] },
      ],
    },
    {
      title: 'Eight macros',
      state: { hwp: 'cimMacros:8' },
      target: 'totals',
      text: 'Eight macros hold more.',
      predict: {
        question: 'Does hetero get faster?',
        choices: [
          {
            text: 'yes',
            when: {
              compare: [
                { metric: 'latencyMs', schema: 'hetero' },
                '<',
                { metric: 'latencyMs', schema: 'hetero', with: { hwp: 'cimMacros:1' } },
              ],
            },
          },
          {
            text: 'no',
            when: {
              compare: [
                { metric: 'latencyMs', schema: 'hetero' },
                '>=',
                { metric: 'latencyMs', schema: 'hetero', with: { hwp: 'cimMacros:1' } },
              ],
            },
          },
        ],
      },
      claims: [
        {
          text: 'eight macros hold more than one',
          compare: [{ metric: 'cimCapacityBytes' }, '>', { metric: 'cimCapacityBytes', with: { hwp: 'cimMacros:1' } }],
        },
      ],
    },
  ],
};

/** A teacher's lesson with one step per target in `targets`. */
function tour(id: string, targets: readonly string[]) {
  return {
    format: 'h4h-lesson/1',
    id,
    title: `Tour ${id}`,
    level: 'introductory',
    minutes: 1,
    summary: 'Every part of the page a lesson may point at.',
    steps: targets.map((t) => ({ title: `The ${t}`, target: t, text: `This is ${t}.`, claims: [] })),
  };
}

for (const [width, height] of [
  [1440, 900],
  [390, 844],
] as const) {
  test(`every lesson target is on screen and clear of the player when a step points at it, at ${width}×${height}`, async ({ page }) => {
    test.slow(); // 21 steps
    await page.setViewportSize({ width, height });
    await openAt(page);
    const half = Math.ceil(LESSON_TARGET_IDS.length / 2);
    for (const [id, targets] of [
      ['tour-a', LESSON_TARGET_IDS.slice(0, half)],
      ['tour-b', LESSON_TARGET_IDS.slice(half)],
    ] as const) {
      await page
        .getByTestId('lesson-file')
        .setInputFiles({ name: `${id}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tour(id, targets))) });
      for (const [i, target] of targets.entries()) {
        await waitForStep(page, i + 1);
        await expect(page.locator(`[data-learn="${target}"]`)).toHaveAttribute('data-learn-active', 'true');
        await expectTargetVisible(page);
        await page.getByTestId('lesson-next').click();
      }
      await expect(page.getByTestId('lesson-player')).toHaveCount(0);
    }
  });
}

test('a claim is evaluated on the live page: edited hardware turns it false; Escape keeps the lesson', async ({ page }) => {
  await openAt(page);
  await page
    .getByTestId('lesson-file')
    .setInputFiles({ name: 'teacher.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(TEACHER)) });
  await waitForStep(page, 1);
  await page.getByTestId('lesson-next').click();
  await waitForStep(page, 2);
  await page.getByTestId('lesson-choice-0').check();
  await page.getByTestId('lesson-reveal').click();
  await expect(page.getByTestId('lesson-answer')).toHaveAttribute('data-correct', 'true');
  const claim = page.getByTestId('lesson-claim');
  await expect(claim).toHaveAttribute('data-holds', 'true');
  await expect(claim).toContainText('✓ true');
  // the learner takes the macros back to one: the claim, evaluated on the live page, no longer holds
  const input = page.getByTestId('hw-cimMacros');
  if (!(await input.isVisible())) await page.locator('[data-learn="hardware"] > summary').click();
  await input.fill('1');
  await input.press('Enter');
  await expect(claim).toHaveAttribute('data-holds', 'false');
  await expect(claim).toContainText('✗ false');
  expect((await lessonSnapshot(page))?.claims[0]).toMatchObject({ holds: false, detail: expect.stringMatching(/ > /) as unknown });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('lesson-player')).toHaveAttribute('data-step', '2');
  await expect(page.getByTestId('lesson-answer')).toBeVisible();
});

test('a lesson link opened fresh shows the step with the numbers of playing to it', async ({ page, browser }) => {
  test.slow(); // four pages opened one after the other
  await openAt(page);
  await page.getByTestId('lesson-start-first-look').click();
  await waitForStep(page, 1);
  await page.getByTestId('lesson-next').click();
  await waitForStep(page, 2);
  const played = await snapshot(page);
  const playedLesson = await lessonSnapshot(page);
  const link = new URL(page.url()).hash;
  expect(link).toContain('lesson=first-look&step=2');
  for (const hash of [link, '#v=2&lesson=first-look&step=2&end']) {
    const ctx = await browser.newContext();
    const fresh = await ctx.newPage();
    await openAt(fresh, hash);
    await waitForStep(fresh, 2);
    await expect(fresh.getByTestId('lesson-player')).toHaveAttribute('data-lesson', 'first-look');
    expect(await lessonSnapshot(fresh), hash).toEqual(playedLesson);
    expect((await snapshot(fresh)).estimates, hash).toEqual(played.estimates);
    await expect(fresh.getByTestId('url-notices')).toHaveCount(0);
    await ctx.close();
  }
  // a bad id and a bad step are named; the rest of the link applies
  const ctx = await browser.newContext();
  const bad = await ctx.newPage();
  await openAt(bad, '#v=2&hw=u65-dram&lesson=no-such-lesson&end');
  await expect(bad.getByTestId('url-notices')).toContainText('lesson: unknown "no-such-lesson"');
  expect((await snapshot(bad)).config.system).toBe('u65-dram');
  await bad.goto('/#v=2&lesson=first-look&step=9&end');
  await waitForStep(bad, 1);
  await expect(bad.getByTestId('url-notices')).toContainText('step: 9 is past the last step of first-look');
  await ctx.close();
});

test('a presenter link hides exactly the named controls and enlarges the type', async ({ page }) => {
  test.slow(); // three loads of the page and an axe run
  await openAt(page);
  const controls = await page
    .locator('[data-control]')
    .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-control') ?? ''))]);
  const normalHeight = (await page.locator('.app h1').boundingBox())?.height ?? 0;
  const named = ['nav', 'hw-params', 'genome-json', 'search-settings', 'sweep'];
  await page.goto(`/#v=2&present=large.${named.join('.')}&end`);
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  expect(((await snapshot(page)) as unknown as { presenter: unknown }).presenter).toEqual({
    hidden: ['sweep', 'nav', 'hw-params', 'genome-json', 'search-settings'],
    large: true,
  });
  for (const c of controls) {
    for (const el of await page.locator(`[data-control="${c}"]`).all()) {
      if (named.includes(c)) await expect(el, c).toBeHidden();
      else await expect(el, c).toBeVisible();
    }
  }
  expect((await page.locator('.app h1').boundingBox())?.height ?? 0).toBeGreaterThan(normalHeight * 1.2);
  expect(await axeViolations(page)).toEqual([]);
  // an unknown name is named; the known ones still apply
  // (a hash change: a reload would read the page's rewritten hash, which keeps the known names only)
  await page.goto('/#v=2&present=nav.podium&end');
  await expect(page.getByTestId('url-notices')).toContainText('present: unknown name "podium"');
  await expect(page.getByTestId('page-nav')).toBeHidden();
});

test('the Present form hides what the teacher picks and puts it in the link', async ({ page }) => {
  await openAt(page);
  await page.getByTestId('present-form').locator('summary').click();
  await page.getByTestId('present-copy-link').check();
  await page.getByTestId('present-search').check();
  await page.getByTestId('present-apply').click();
  await expect(page.getByTestId('copy-link')).toBeHidden();
  await expect(page.getByTestId('search-panel')).toBeHidden();
  expect(page.url()).toContain('present=search.copy-link');
  await page.getByTestId('present-stop').click();
  await expect(page.getByTestId('copy-link')).toBeVisible();
  expect(page.url()).not.toContain('present=');
});

test('a bad lesson file is refused naming step and field; a teacher’s lesson survives a reload through its link', async ({ page }) => {
  await openAt(page);
  const bad = {
    ...TEACHER,
    steps: [
      { ...TEACHER.steps[0], target: 'nowhere' },
      { ...TEACHER.steps[1], title: '' },
    ],
  };
  await page
    .getByTestId('lesson-file')
    .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const errors = page.getByTestId('lesson-file-errors');
  await expect(errors).toContainText('steps[0].target');
  await expect(errors).toContainText('steps[1].title: must not be empty');
  await expect(page.getByTestId('lesson-player')).toHaveCount(0);
  // the page still works
  await page.getByTestId('system-select').selectOption('u65-dram');
  expect((await snapshot(page)).config.system).toBe('u65-dram');
  await page.getByTestId('lesson-file').setInputFiles({ name: 'not.json', mimeType: 'application/json', buffer: Buffer.from('{ nope') });
  await expect(errors).toContainText('not.json: not JSON');

  await page
    .getByTestId('lesson-file')
    .setInputFiles({ name: 'teacher.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(TEACHER)) });
  await expect(errors).toHaveCount(0);
  await waitForStep(page, 1);
  await expect(page.getByTestId('lesson-player')).toHaveAttribute('data-lesson', 'eight-macros');
  await expect(page.locator('[data-learn="macros"]')).toHaveAttribute('data-learn-active', 'true');
  await expectTargetVisible(page);
  await page.getByTestId('lesson-next').click();
  await waitForStep(page, 2);
  expect((await snapshot(page)).config.hwOverrides).toEqual({ cimMacros: 8 });
  const before = await lessonSnapshot(page);
  expect(before?.answer).toBe(0);
  expect(before?.claims.map((c) => c.holds)).toEqual([true]);
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await waitForStep(page, 2);
  await expect(page.getByTestId('lesson-player')).toHaveAttribute('data-lesson', 'eight-macros');
  expect(await lessonSnapshot(page)).toEqual(before);
  await expect(page.getByTestId('lesson-start-eight-macros')).toBeVisible();
});
