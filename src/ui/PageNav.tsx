import { useCallback, useEffect, useState } from 'react';
import { HelpDialog, PAPER_URL } from './HelpDialog';
import { goToPanel, isTyping, NAV_SECTIONS } from './navigate';
import './orientation.css';

/**
 * The sticky section navigation: one click (or one key, 1–4) to each main panel, which unfolds it and
 * focuses its heading; the paper; and the help (?), which lists the shortcuts.
 */
export function PageNav() {
  const [help, setHelp] = useState(false);
  const closeHelp = useCallback(() => setHelp(false), []);
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
    <nav className="page-nav" aria-label="Page sections" data-testid="page-nav">
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
          Paper (arXiv)
        </a>
        <button type="button" className="page-nav-help" aria-label="Help" aria-haspopup="dialog" aria-keyshortcuts="?" data-testid="help-open" onClick={() => setHelp(true)}>
          <span aria-hidden="true">?</span>
          <span className="page-nav-help-text" aria-hidden="true"> Help</span>
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
