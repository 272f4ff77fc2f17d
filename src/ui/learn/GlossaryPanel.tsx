import { useEffect, useMemo, useState } from 'react';
import { GLOSSARY_TERMS, glossaryEntry, type GlossaryTerm } from '../../core';
import { openGlossary, setGlossaryFilter, setGlossaryOpen, useGlossaryView } from './glossaryNav';
import './glossary.css';

const SORTED: readonly GlossaryTerm[] = [...GLOSSARY_TERMS].sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' }));

const matches = (e: GlossaryTerm, q: string): boolean => q === '' || `${e.term}\n${e.id}\n${e.short}`.toLocaleLowerCase('en').includes(q);

/**
 * The Glossary: every entry of core's table, alphabetical, with a filter. Self-contained (its open
 * state lives in glossaryNav.ts), so the Learn panel mounts it as it is; `openGlossary(id)` reaches an
 * entry (DOM id `glossary-<id>`) from any `<Term>`.
 */
export function GlossaryPanel({ level = 3, className }: { readonly level?: 2 | 3; readonly className?: string }) {
  const { open, filter } = useGlossaryView();
  const texts = useGlossaryTexts(open);
  const q = filter.trim().toLocaleLowerCase('en');
  const shown = useMemo(() => SORTED.filter((e) => matches(e, q)), [q]);
  const H = level === 2 ? 'h2' : 'h3';
  const HEntry = level === 2 ? 'h3' : 'h4';
  return (
    <section
      className={`glossary${className ? ` ${className}` : ''}`}
      aria-labelledby="glossary-title"
      data-testid="glossary"
      data-open={open}
    >
      <H id="glossary-title" className="glossary-title">
        <button
          type="button"
          className="glossary-toggle"
          aria-expanded={open}
          aria-controls={open ? 'glossary-body' : undefined}
          data-testid="glossary-toggle"
          onClick={() => setGlossaryOpen(!open)}
        >
          Glossary <span className="glossary-count">({GLOSSARY_TERMS.length} terms)</span>
        </button>
      </H>
      {open && (
        <div id="glossary-body" className="glossary-body">
          <div className="glossary-filter">
            <label htmlFor="glossary-filter">Filter terms</label>
            <input
              id="glossary-filter"
              type="search"
              value={filter}
              autoComplete="off"
              spellCheck={false}
              data-testid="glossary-filter"
              onChange={(e) => setGlossaryFilter(e.target.value)}
            />
            <span className="glossary-shown" role="status">
              {shown.length === GLOSSARY_TERMS.length ? `all ${shown.length}` : `${shown.length} of ${GLOSSARY_TERMS.length}`}
            </span>
          </div>
          {shown.length === 0 && <p className="glossary-none">No term matches “{filter.trim()}”.</p>}
          <ul className="glossary-list">
            {shown.map((e) => (
              <li key={e.id}>
                <GlossaryCard entry={e} text={texts?.[e.id]} loaded={texts !== undefined} heading={HEntry} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** One entry: term, short and long text, where it appears, and links to the entries it refers to. */
function GlossaryCard({
  entry: e,
  text,
  loaded,
  heading: Heading,
}: {
  readonly entry: GlossaryTerm;
  readonly text: string | undefined;
  /** the paragraphs' module has answered (a missing text is then a failed load) */
  readonly loaded: boolean;
  readonly heading: 'h3' | 'h4';
}) {
  return (
    <article id={`glossary-${e.id}`} className="glossary-entry" tabIndex={-1} aria-labelledby={`glossary-${e.id}-term`} data-entry={e.id}>
      <Heading id={`glossary-${e.id}-term`} className="glossary-term">
        {e.term}
      </Heading>
      <p className="glossary-short">{e.short}</p>
      <p className="glossary-text">{text ?? (loaded ? 'The paragraph could not be loaded; reload the page to try again.' : '…')}</p>
      <p className="glossary-meta">Appears in: {e.where.join(', ')}</p>
      {e.see && e.see.length > 0 && (
        <p className="glossary-meta">
          See also:{' '}
          {e.see.map((s, i) => (
            <span key={s}>
              {i > 0 && ', '}
              <button type="button" className="glossary-see" data-see={s} onClick={() => openGlossary(s)}>
                {glossaryEntry(s).term}
              </button>
            </span>
          ))}
        </p>
      )}
    </article>
  );
}

/**
 * The entries' paragraphs, loaded the first time the Glossary opens (they are not part of the page's
 * first JavaScript); undefined until then.
 */
const UNLOADED: Readonly<Record<string, string>> = {};

function useGlossaryTexts(open: boolean): Readonly<Record<string, string>> | undefined {
  const [texts, setTexts] = useState<Readonly<Record<string, string>>>();
  useEffect(() => {
    if (!open || texts) return;
    let live = true;
    import('../../core/learn/glossaryTexts').then(
      (m) => {
        if (live) setTexts(m.GLOSSARY_TEXTS);
      },
      // a chunk that does not load (the network went away): every entry says so instead of waiting
      () => {
        if (live) setTexts(UNLOADED);
      },
    );
    return () => {
      live = false;
    };
  }, [open, texts]);
  return texts;
}
