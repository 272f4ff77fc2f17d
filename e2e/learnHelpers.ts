/**
 * Keyboard and layout helpers for the lesson specs (learn.spec.ts and the spec that plays every
 * shipped lesson): reach a control by Tab alone, check that a step's highlighted target is on screen
 * and not covered, and run axe.
 */
import AxeBuilder from '@axe-core/playwright';
import { layOutEveryPanel } from './app';
import { expect, type Page } from '@playwright/test';

/** The little of the DOM the callbacks below use (the e2e tsconfig has no DOM library). */
interface Rect {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly width: number;
  readonly height: number;
}
interface El {
  matches(s: string): boolean;
  readonly tagName: string;
  getAttribute(n: string): string | null;
  getBoundingClientRect(): Rect;
  contains(o: El | null): boolean;
  readonly className: { toString(): string };
}
interface Win {
  readonly innerHeight: number;
  readonly document: {
    readonly activeElement: El | null;
    querySelector(s: string): El | null;
    elementFromPoint(x: number, y: number): El | null;
    readonly documentElement: { readonly clientWidth: number };
  };
}

/** Presses Tab (Shift+Tab with `back`) until the focused element matches `selector`; at most `max` presses. */
export async function tabTo(page: Page, selector: string, opts: { readonly back?: boolean; readonly max?: number } = {}): Promise<void> {
  const max = opts.max ?? 40;
  for (let i = 0; i <= max; i++) {
    if (await page.evaluate((sel) => (globalThis as unknown as Win).document.activeElement?.matches(sel) ?? false, selector)) return;
    if (i < max) await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
  }
  const at = await page.evaluate(() => {
    const a = (globalThis as unknown as Win).document.activeElement;
    return a
      ? `${a.tagName.toLowerCase()}${a.getAttribute('data-testid') ? `[data-testid=${a.getAttribute('data-testid')}]` : ''}`
      : 'nothing';
  });
  throw new Error(`${max} presses of ${opts.back ? 'Shift+Tab' : 'Tab'} did not reach ${selector} (focus is on ${at})`);
}

/** axe's violations as "rule: target …" lines, so a failure names what to fix; `include` limits it to those parts of the page. */
export async function axeViolations(page: Page, opts: { readonly include?: readonly string[] } = {}): Promise<string[]> {
  await layOutEveryPanel(page);
  let builder = new AxeBuilder({ page });
  for (const selector of opts.include ?? []) builder = builder.include(selector);
  const result = await builder.analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
  );
}

/**
 * The highlighted target (`[data-learn-active]`) is in the viewport, below the sticky navigation and
 * clear of the player: at the centre of its visible part, `elementFromPoint` finds it or a descendant.
 */
export async function expectTargetVisible(page: Page): Promise<void> {
  const r = await page.evaluate(() => {
    const { document, innerHeight } = globalThis as unknown as Win;
    const el = document.querySelector('[data-learn-active="true"]');
    if (!el) return { ok: false, why: 'no highlighted element' };
    const b = el.getBoundingClientRect();
    let top = 0;
    let bottom = innerHeight;
    let right = document.documentElement.clientWidth;
    const nav = document.querySelector('[data-testid="page-nav"]')?.getBoundingClientRect();
    if (nav && nav.height > 0 && nav.top <= 0.5) top = nav.bottom;
    const player = document.querySelector('[data-testid="lesson-player"]')?.getBoundingClientRect();
    if (player) {
      if (player.left <= 1)
        bottom = Math.min(bottom, player.top); // a bottom sheet
      else right = Math.min(right, player.left); // a card at the side
    }
    const v = { left: Math.max(b.left, 0), right: Math.min(b.right, right), top: Math.max(b.top, top), bottom: Math.min(b.bottom, bottom) };
    if (v.right - v.left < 4 || v.bottom - v.top < 4)
      return {
        ok: false,
        why: `not in the free viewport: element ${JSON.stringify(b)}, free area top ${top} bottom ${bottom} right ${right}`,
      };
    const hit = document.elementFromPoint((v.left + v.right) / 2, (v.top + v.bottom) / 2);
    const ok = hit !== null && (hit === el || el.contains(hit));
    return { ok, why: ok ? '' : `covered by ${hit?.tagName ?? 'nothing'}.${hit?.className.toString() ?? ''}` };
  });
  expect(r.ok, r.why).toBe(true);
}

/** Waits until the player shows step `step` (1-based) and has scrolled its target into view. */
export async function waitForStep(page: Page, step: number): Promise<void> {
  await expect(page.locator(`[data-testid="lesson-player"][data-step="${step}"]`)).toHaveAttribute('data-highlight', 'done');
}

/** A lesson's state in the page (`window.h4h.snapshot().lesson`). */
export interface LessonSnap {
  id: string;
  step: number;
  steps: number;
  target: string;
  claims: { text: string; holds: boolean; detail: string }[];
  answer: number | null;
  answers: number[] | null;
  picked: number | null;
  revealed: boolean;
}

export function lessonSnapshot(page: Page): Promise<LessonSnap | null> {
  return page.evaluate(() => (globalThis as unknown as { h4h: { snapshot(): { lesson: LessonSnap | null } } }).h4h.snapshot().lesson);
}

/**
 * Answers the step's prediction by keyboard: Tab into the radio group, Space picks the first choice,
 * arrows move to choice `choice`; then Tab to Reveal and Enter.
 */
export async function answerByKeyboard(page: Page, choice: number): Promise<void> {
  await tabTo(page, '[data-testid="lesson-choice-0"]');
  await page.keyboard.press('Space');
  for (let i = 0; i < choice; i++) await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId(`lesson-choice-${choice}`)).toBeChecked();
  await tabTo(page, '[data-testid="lesson-reveal"]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson-answer')).toBeVisible();
}

/**
 * Plays lesson `id` from the Learn panel to its end by keyboard alone: key 5 goes to the panel, Tab to
 * its Start, then each step: the target checked by `onStep`, the prediction answered (the model's
 * answer) and revealed, Tab to Next (Finish on the last step).
 */
export async function playByKeyboard(page: Page, id: string, onStep: (step: number, snap: LessonSnap) => Promise<void>): Promise<void> {
  await page.keyboard.press('5');
  await expect(page.getByTestId('panel-learn')).toBeFocused();
  await tabTo(page, `[data-testid="lesson-start-${id}"]`);
  await page.keyboard.press('Enter');
  const steps = Number(await page.getByTestId('lesson-player').getAttribute('data-steps'));
  for (let step = 1; step <= steps; step++) {
    await waitForStep(page, step);
    await expect(page.getByTestId('lesson-step-title')).toBeFocused();
    const snap = await lessonSnapshot(page);
    if (!snap) throw new Error('no lesson in the snapshot');
    expect(snap.step).toBe(step);
    if (await page.getByTestId('lesson-predict').count()) {
      expect(snap.answer, `step ${step}: exactly one choice holds`).not.toBeNull();
      // predict before looking: the target's numbers are blurred until the answer is revealed
      await expect(page.getByTestId('lesson-player')).toHaveAttribute('data-veiled', 'true');
      await expect(page.locator('[data-learn-active="true"]')).toHaveCSS('filter', /blur/);
      await answerByKeyboard(page, snap.answer ?? 0);
      await expect(page.getByTestId('lesson-answer')).toHaveAttribute('data-correct', 'true');
      await expect(page.getByTestId('lesson-player')).toHaveAttribute('data-veiled', 'false');
      await expect(page.locator('[data-learn-active="true"]')).toHaveCSS('filter', 'none');
    }
    await onStep(step, (await lessonSnapshot(page)) ?? snap);
    await tabTo(page, '[data-testid="lesson-next"]');
    await expect(page.getByTestId('lesson-next')).toHaveText(step === steps ? 'Finish' : 'Next');
    await page.keyboard.press('Enter');
  }
  await expect(page.getByTestId('lesson-player')).toHaveCount(0);
  await expect(page.getByTestId(`lesson-start-${id}`)).toBeFocused();
}
