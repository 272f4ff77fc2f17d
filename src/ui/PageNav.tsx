import { useCallback, useEffect, useRef, useState } from 'react';
import { HelpDialog, PAPER_URL } from './HelpDialog';
import { goToPanel, isTyping, NAV_SECTIONS } from './navigate';
import './orientation.css';

/**
 * The sticky section navigation: one click (or one key, 1–6) to each main panel, which unfolds it and
 * focuses its heading; the paper; and the help (?), which lists the shortcuts.
 */
export function PageNav() {
  const [help, setHelp] = useState(false);
  const closeHelp = useCallback(() => setHelp(false), []);
  const nav = useRef<HTMLElement>(null);
  // whatever sticks below the navigation (the layer table's header, the selection card) and a panel
  // scrolled to from it start below its bottom edge, which moves when the bar wraps on a narrow screen
  useEffect(() => {
    const el = nav.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() =>
      root.style.setProperty('--sticky-offset', `${Math.ceil(el.getBoundingClientRect().height)}px`),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('dialog[open]')) return; // the help (or another dialog) has the keys
      if (e.key === '?') {
        e.preventDefault();
        setHelp(true);
        return;
      }
      const section = NAV_SECTIONS.find((s) => s.key === e.key);
      if (section) {
        e.preventDefault();
        goToPanel(section.id);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <nav ref={nav} className="page-nav" aria-label="Page sections" data-testid="page-nav" data-control="nav">
        <ul>
          {NAV_SECTIONS.map((s) => (
            <li key={s.id}>
              <button type="button" data-nav={s.id} aria-keyshortcuts={s.key} onClick={() => goToPanel(s.id)}>
                {s.label}
              </button>
            </li>
          ))}
        </ul>
        <span className="page-nav-end">
          <a href={PAPER_URL} target="_blank" rel="noopener noreferrer" className="page-nav-paper">
            arXiv paper
          </a>
          <button
            type="button"
            className="page-nav-help"
            aria-label="Help"
            aria-haspopup="dialog"
            aria-keyshortcuts="?"
            data-testid="help-open"
            onClick={() => setHelp(true)}
          >
            <span aria-hidden="true">?</span>
            <span className="page-nav-help-text" aria-hidden="true">
              {' '}
              Help
            </span>
          </button>
        </span>
      </nav>
      <HelpDialog open={help} onClose={closeHelp} />
    </>
  );
}

/** The first focusable element of the page: jumps past the header and the navigation. */
export function SkipLink() {
  return (
    <a
      className="skip-link"
      href="#content"
      data-testid="skip-link"
      onClick={(e) => {
        e.preventDefault(); // the hash holds the page's state: never navigate to a fragment
        document.getElementById('content')?.focus();
      }}
    >
      Skip to content
    </a>
  );
}
