/**
 * Points at a lesson step's target: the element `[data-learn="<target>"]` (every core
 * LESSON_TARGETS id has one) gets `data-learn-active` (an outline, learn.css), its closed
 * `<details>` open, and it is scrolled to the top of the space the sticky navigation and the player
 * leave free (`scroll-margin` in learn.css). Returns the undo.
 */
import { keepInPlace, nextFrame } from '../navigate';

export function highlightTarget(target: string, onDone: () => void): () => void {
  let cancelled = false;
  let el: HTMLElement | null = null;
  let release: (() => void) | null = null;
  const find = (frames: number): void => {
    if (cancelled) return;
    el = document.querySelector<HTMLElement>(`[data-learn="${CSS.escape(target)}"]`);
    if (!el) {
      if (frames > 0) nextFrame(() => find(frames - 1));
      else onDone();
      return;
    }
    for (let p: HTMLElement | null = el; p; p = p.parentElement) if (p instanceof HTMLDetailsElement && !p.open) p.open = true;
    el.dataset.learnActive = 'true';
    const found = el;
    nextFrame(() => {
      if (cancelled) return;
      found.scrollIntoView({ block: 'start' });
      // panels above it may still change height as they render: keep it in place until it stays put
      release = keepInPlace(found, onDone);
    });
  };
  find(60);
  return () => {
    cancelled = true;
    release?.();
    el?.removeAttribute('data-learn-active');
  };
}
