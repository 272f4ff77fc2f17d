/**
 * The glossary entry type and the titles of the panels its `where` lists name: shared by the topic
 * files of the glossary (`glossaryHardware.ts`, `glossaryNetwork.ts`, `glossarySearch.ts`).
 */

/** One technical term, as a tooltip needs it. */
export interface GlossaryTerm {
  /** kebab-case, stable: `<Term id>` and the DOM id `glossary-<id>` use it */
  readonly id: string;
  readonly term: string;
  /** one line, at most `GLOSSARY_SHORT_MAX` characters: the tooltip */
  readonly short: string;
  /** the panels it appears in, as their titles read */
  readonly where: readonly string[];
  /** ids of related entries */
  readonly see?: readonly string[];
}

/** A term with its paragraph (2–5 sentences), as the Glossary panel and the CLI show it. */
export interface GlossaryEntry extends GlossaryTerm {
  readonly text: string;
}

/** Panel titles, as the page shows them. */
export const HW = 'Hardware parameters';
export const EST = 'Estimate';
export const TL = 'Placement timeline';
export const LAYERS = 'Architecture and layers';
export const SWEEP = 'CIM design sweep';
export const SUBNET = 'Subnet';
export const SEARCH = 'Search';
export const TRAIN = 'Supernet training';
export const HELP = 'Help';
export const INTRO = 'Introduction';
