/**
 * Points at a lesson step's target: the element `[data-learn="<target>"]` (every core
 * LESSON_TARGETS id has one) gets `data-learn-active` (an outline, learn.css), its closed
 * `<details>` open, and it is scrolled to the top of the space the sticky navigation and the player
 * leave free (`scroll-margin` in learn.css). Returns the undo.
 */
/** The next frame, or 100 ms where frames do not come (a page in the background gets none). */
function nextFrame(cb: () => void): void {
  let ran = false;
  const run = (): void => {
    if (ran) return;
    ran = true;
    cb();
  };
  requestAnimationFrame(run);
  setTimeout(run, 100);
}

export function highlightTarget(target: string, onDone: () => void): () => void {
  let cancelled = false;
  let el: HTMLElement | null = null;
  let stable = 0;
  const settle = (frames: number): void => {
    if (cancelled || !el) return;
    // panels above it may still change height as they render (content-visibility): scroll until it stays put
    const before = el.getBoundingClientRect().top;
    el.scrollIntoView({ block: 'start' });
    stable = Math.abs(el.getBoundingClientRect().top - before) > 1 ? 0 : stable + 1;
    if (stable >= 2 || frames <= 0) onDone();
    else nextFrame(() => settle(frames - 1));
  };
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
    nextFrame(() => settle(12));
  };
  find(60);
  return () => {
    cancelled = true;
    el?.removeAttribute('data-learn-active');
  };
}
