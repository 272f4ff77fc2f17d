/**
 * Moving around the page: the sections the navigation reaches, and the one function that unfolds a
 * panel, scrolls it under the sticky navigation and moves focus to its heading (or to a control in it).
 */
import { togglePanel, type PanelId } from '../state/store';

/** The navigation's sections, in page order, with their keyboard shortcut. */
export const NAV_SECTIONS: readonly { readonly id: PanelId; readonly label: string; readonly key: string }[] = [
  { id: 'estimate', label: 'Estimate', key: '1' },
  { id: 'timeline', label: 'Timeline', key: '2' },
  { id: 'search', label: 'Search', key: '3' },
  { id: 'training', label: 'Training', key: '4' },
  { id: 'learn', label: 'Learn', key: '5' },
  { id: 'paper', label: 'Paper', key: '6' },
];

/** Focus (and scroll to) the first element matching `selector`, waiting a few frames for React to render it. */
export function focusWhenRendered(selector: string, scrollTo?: string, frames = 10): void {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) {
    if (frames > 0) requestAnimationFrame(() => focusWhenRendered(selector, scrollTo, frames - 1));
    return;
  }
  const target = scrollTo ? (document.querySelector<HTMLElement>(scrollTo) ?? el) : el;
  target.scrollIntoView({ block: 'start' });
  el.focus({ preventScroll: true });
  keepInPlace(target);
}

/** The next frame, or 100 ms where frames do not come (a page in the background gets none). */
export function nextFrame(cb: () => void): void {
  let ran = false;
  const run = (): void => {
    if (ran) return;
    ran = true;
    cb();
  };
  requestAnimationFrame(run);
  setTimeout(run, 100);
}

const USER_MOVES = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;

/**
 * Keeps `target` where its first scroll put it. Panels out of view are not laid out
 * (`content-visibility: auto`): their height is an estimate until the scroll brings them near, and
 * then the page above the target grows or shrinks. For up to 60 frames, while the user does not
 * scroll or type, it scrolls again whenever the target has moved; it stops once the target has stayed
 * put for a few frames, and then calls `onSettled` (also when the user took over). Returns a cancel.
 */
export function keepInPlace(target: HTMLElement, onSettled?: () => void): () => void {
  const want = target.getBoundingClientRect().top;
  let frames = 0;
  let still = 0;
  let stopped = false;
  const stop = (settled: boolean): void => {
    if (stopped) return;
    stopped = true;
    for (const t of USER_MOVES) window.removeEventListener(t, byUser, true);
    if (settled) onSettled?.();
  };
  const byUser = (): void => stop(true);
  for (const t of USER_MOVES) window.addEventListener(t, byUser, { capture: true, passive: true });
  const check = (): void => {
    if (stopped) return;
    if (Math.abs(target.getBoundingClientRect().top - want) > 4) {
      target.scrollIntoView({ block: 'start' });
      still = 0;
    } else still++;
    if (++frames < 60 && still < 4) nextFrame(check);
    else stop(true);
  };
  nextFrame(check);
  return () => stop(false);
}

/** Unfolds panel `id`, scrolls to it and focuses its heading (or `control`, a selector inside it). */
export function goToPanel(id: PanelId, control?: string): void {
  togglePanel(id, true);
  focusWhenRendered(control ?? `[data-testid="panel-${id}"]`, `section[data-panel="${id}"]`);
}

/** True when a key press belongs to a text field or a control that reads keys (no shortcuts there). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(target.type)
  );
}
