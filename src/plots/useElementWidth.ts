import { startTransition, useEffect, useState, type RefObject } from 'react';

/**
 * The content width of `ref`'s element in whole px, kept current with a ResizeObserver. Returns
 * `fallbackPx` until the first measurement, and always where ResizeObserver does not exist.
 */
export function useElementWidth(ref: RefObject<Element | null>, fallbackPx = 640): number {
  const [widthPx, setWidthPx] = useState(fallbackPx);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return undefined;
    // the observer reports once on observe(), so no separate first read is needed
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width ?? 0;
      // whole px: sub-pixel jitter must not re-render the charts; a transition, so that re-laying out
      // every chart after a resize (a card filling the search's aside) yields to input and paint
      if (w > 0) startTransition(() => setWidthPx(Math.floor(w)));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return widthPx;
}
