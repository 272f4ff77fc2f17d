import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { glossaryEntry } from '../../core';
import { openGlossary } from './glossaryNav';
import './glossary.css';

/** Gap between the term and its tooltip, and the least margin to the viewport's edges, px. */
const GAP = 6;
const EDGE = 8;

/**
 * A technical term: its one-line definition on hover and on keyboard focus (Escape hides it), and a
 * click or Enter opens the Glossary at its entry. The tooltip is portalled out of the panel (whose
 * content-visibility or overflow would clip it) and placed inside the viewport.
 */
export function Term({ id, children }: { readonly id: string; readonly children: ReactNode }) {
  const entry = glossaryEntry(id);
  const tipId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const tip = useRef<HTMLSpanElement>(null);
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
  }, []);
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
    const r = b.getBoundingClientRect();
    const vw = document.documentElement.clientWidth;
    const vh = window.innerHeight;
    const left = Math.max(EDGE, Math.min(r.left + r.width / 2 - t.offsetWidth / 2, vw - t.offsetWidth - EDGE));
    const below = r.bottom + GAP;
    const top = below + t.offsetHeight <= vh - EDGE || r.top - GAP - t.offsetHeight < EDGE ? below : r.top - GAP - t.offsetHeight;
    setPos({ left, top });
  }, []);

  useLayoutEffect(() => {
    if (!open) return;
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

  return (
    <>
      <button
        ref={button}
        type="button"
        className="term"
        data-term={id}
        aria-describedby={host ? tipId : undefined}
        onMouseEnter={show}
        onMouseLeave={hideSoon}
        onFocus={show}
        onBlur={hide}
        onClick={() => {
          hide();
          openGlossary(id);
        }}
      >
        {children}
      </button>
      {host &&
        createPortal(
          <span
            ref={tip}
            id={tipId}
            role="tooltip"
            className="term-tip"
            data-term-tip={id}
            hidden={!open}
            data-placed={pos ? 'true' : undefined}
            style={pos ? { left: pos.left, top: pos.top } : undefined}
            onMouseEnter={show}
            onMouseLeave={hideSoon}
          >
            {entry.short}
          </span>,
          host,
        )}
    </>
  );
}
