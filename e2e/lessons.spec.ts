/**
 * Every shipped lesson played from its first step to its last by keyboard alone, on a desktop and a
 * phone: each step's highlighted element on screen and clear of the player, each prediction answered
 * with the model's answer and revealed, every claim true on the step's state and evaluated as core
 * evaluates it (`checkLesson`, the function behind `h4h lesson check`), axe clean at every step.
 */
import { expect, test } from '@playwright/test';
import { checkLesson } from '../src/core/learn/lessonEval';
import { SHIPPED_LESSONS } from '../src/core/learn/lessons/index';
import { readLink } from '../src/state/link';
import { openApp } from './app';
import { axeViolations, expectTargetVisible, playByKeyboard } from './learnHelpers';

// the lessons are independent: two workers share them
test.describe.configure({ mode: 'parallel' });

test.beforeEach(({ page }, info) => {
  void page;
  test.skip(info.project.name !== 'webgpu', 'backend-independent: runs in one project');
});

test('at least seven lessons ship, each of 4 to 10 steps', () => {
  expect(SHIPPED_LESSONS.length).toBeGreaterThanOrEqual(7);
  for (const l of SHIPPED_LESSONS) expect(l.steps.length, l.id).toBeGreaterThanOrEqual(4);
  for (const l of SHIPPED_LESSONS) expect(l.steps.length, l.id).toBeLessThanOrEqual(10);
});

for (const [width, height] of [
  [1440, 900],
  [390, 844],
] as const) {
  for (const lesson of SHIPPED_LESSONS) {
    test(`${lesson.id}: played by keyboard alone at ${width}×${height}`, async ({ page }) => {
      test.slow(); // up to ten steps, each with an axe run
      const expected = checkLesson(lesson).steps;
      await page.setViewportSize({ width, height });
      await openApp(page);
      const seen: number[] = [];
      await playByKeyboard(page, lesson.id, async (step, snap) => {
        seen.push(step);
        const want = expected[step - 1];
        expect(snap.target).toBe(lesson.steps[step - 1]?.target);
        await expect(page.locator(`[data-learn="${snap.target}"]`)).toHaveAttribute('data-learn-active', 'true');
        await expectTargetVisible(page);
        // the page's claims are core's on the step's own state: same verdicts, same numbers
        expect(snap.claims.map((c) => [c.text, c.holds, c.detail])).toEqual(want?.claims.map((c) => [c.text, true, c.detail]));
        if (want?.answer) expect(snap.answer).toBe(want.answer[0]);
        await expect(page.getByTestId('lesson-claim')).toHaveCount(snap.claims.length);
        // the whole page at a lesson's first step on the desktop (a11y.spec.ts checks the whole phone
        // page); at every other step what the step changes: the player and the element it points at
        const include = step === 1 && width > 1000 ? [] : ['[data-testid="lesson-player"]', '[data-learn-active="true"]'];
        expect(await axeViolations(page, { include }), `axe at step ${step}`).toEqual([]);
        const link = readLink(new URL(page.url()).hash).fields;
        expect([link.get('lesson'), link.get('step')]).toEqual([lesson.id, String(step)]);
      });
      expect(seen).toEqual(lesson.steps.map((_, i) => i + 1));
      await expect(page.locator('[data-learn-active]')).toHaveCount(0);
      await expect(page.getByTestId(`lesson-progress-${lesson.id}`)).toHaveText('done');
    });
  }
}
