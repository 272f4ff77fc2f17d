/**
 * The glossary (SPEC §8.1): one table of the technical terms the page shows, each with a one-line
 * definition (the tooltip), a short paragraph (the Glossary panel) and where it appears. Plain text,
 * never HTML. What it says is what this app's model does (cost.ts, schedule.ts, parallel.ts, …), not
 * what the field in general means, where the two differ.
 */
import { HARDWARE_TERMS } from './glossaryHardware.js';
import { NETWORK_TERMS } from './glossaryNetwork.js';
import type { GlossaryTerm } from './glossaryPanels.js';
import { SEARCH_TERMS } from './glossarySearch.js';

export type { GlossaryEntry, GlossaryTerm } from './glossaryPanels.js';

export const GLOSSARY_SHORT_MAX = 140;
export const GLOSSARY_TEXT_MAX = 800;

/**
 * Every term, in no particular order (the panel sorts by term); the topic files hold them. Their
 * paragraphs are in glossaryTexts.ts (`GLOSSARY`: the full entries), loaded by the page on demand.
 */
export const GLOSSARY_TERMS: readonly GlossaryTerm[] = [...HARDWARE_TERMS, ...NETWORK_TERMS, ...SEARCH_TERMS];

const BY_ID: ReadonlyMap<string, GlossaryTerm> = new Map(GLOSSARY_TERMS.map((e) => [e.id, e]));

/** The term with this id; throws naming the id when there is none (a typo in a `<Term id>`). */
export function glossaryEntry(id: string): GlossaryTerm {
  const e = BY_ID.get(id);
  if (!e) throw new Error(`glossary: no entry "${id}"`);
  return e;
}

/** Whether `id` names an entry. */
export const hasGlossaryEntry = (id: string): boolean => BY_ID.has(id);
