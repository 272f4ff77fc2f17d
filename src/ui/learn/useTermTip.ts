/**
 * The tooltip behaviour of a `<Term>`: shown on hover and focus, hidden after a short grace period
 * (so the pointer can move onto it) or at once on blur, click or Escape; portalled into the term's
 * dialog or landmark, found on first showing; placed inside the viewport and kept there on scroll
 * and resize.
 */
// The refs come in as arguments, so the React compiler cannot prove the callbacks' memoization (it
// skips them; React runs them as written, as it did when this code sat in Term.tsx).
/* eslint-disable react-hooks/preserve-manual-memoization */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Gap between the term and its tooltip, and the least margin to the viewport's edges, px. */
const GAP = 6;
const EDGE = 8;

/** Where the tooltip goes: centred under the term (above it when it does not fit below), inside the viewport. */
function tipPosition(r: DOMRect, tipWidth: number, tipHeight: number): { left: number; top: number } {
  const vw = document.documentElement.clientWidth;
  const vh = window.innerHeight;
  const left = Math.max(EDGE, Math.min(r.left + r.width / 2 - tipWidth / 2, vw - tipWidth - EDGE));
  const below = r.bottom + GAP;
  const top = below + tipHeight <= vh - EDGE || r.top - GAP - tipHeight < EDGE ? below : r.top - GAP - tipHeight;
  return { left, top };
}

export interface TermTip {
  readonly open: boolean;
  /** where the tooltip is portalled: null until it is first shown */
  readonly host: HTMLElement | null;
  /** its place in the viewport, once measured */
  readonly pos: { left: number; top: number } | null;
  readonly show: () => void;
  readonly hideSoon: () => void;
  readonly hide: () => void;
}

/** The state and handlers of the tooltip `tip` of the term `button`. */
export function useTermTip(button: RefObject<HTMLButtonElement | null>, tip: RefObject<HTMLSpanElement | null>): TermTip {
  const [open, setOpen] = useState(false);
  // where the tooltip lives, found on first showing: inside the term's dialog (the top layer) or its
  // landmark, never inside a panel whose containment would clip a fixed element
  const [host, setHost] = useState<HTMLElement | null>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  const hideTimer = useRef<number | undefined>(undefined);

  const show = useCallback(() => {
    window.clearTimeout(hideTimer.current);
    const b = button.current;
    if (b) setHost((h) => h ?? b.closest<HTMLElement>('dialog') ?? b.closest<HTMLElement>('main, [role="main"]') ?? document.body);
    setOpen(true);
  }, [button]);
  // a short grace period lets the pointer move onto the tooltip (WCAG 1.4.13: hoverable)
  const hideSoon = useCallback(() => {
    window.clearTimeout(hideTimer.current);
    hideTimer.current = window.setTimeout(() => setOpen(false), 200);
  }, []);
  const hide = useCallback(() => {
    window.clearTimeout(hideTimer.current);
    setOpen(false);
  }, []);
  useEffect(() => () => window.clearTimeout(hideTimer.current), []);

  const place = useCallback(() => {
    const b = button.current;
    const t = tip.current;
    if (!b || !t) return;
    setPos(tipPosition(b.getBoundingClientRect(), t.offsetWidth, t.offsetHeight));
  }, [button, tip]);

  useLayoutEffect(() => {
    if (!open) return;
    // measured before paint: the one job of a layout effect (React docs, "Measuring layout")
    // eslint-disable-next-line react-hooks/set-state-in-effect
    place();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        // the first Escape closes the tooltip, not a dialog around it
        e.preventDefault();
        e.stopPropagation();
        hide();
      }
    };
    document.addEventListener('keydown', onKey, true);
    window.addEventListener('scroll', place, true);
    window.addEventListener('resize', place);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      window.removeEventListener('scroll', place, true);
      window.removeEventListener('resize', place);
    };
  }, [open, place, hide]);

  return { open, host, pos, show, hideSoon, hide };
}
