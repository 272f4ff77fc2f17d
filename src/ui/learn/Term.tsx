import { useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { glossaryEntry } from '../../core';
import { openGlossary } from './glossaryNav';
import { useTermTip } from './useTermTip';
import './glossary.css';

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
  const { open, host, pos, show, hideSoon, hide } = useTermTip(button, tip);

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
