/**
 * Presenter mode (`present=` in the link): the panels and controls a teacher hides for a projector,
 * and `large`, which enlarges the type. Hidden controls carry `data-control="<id>"` in the page and
 * are hidden by CSS from a body attribute (ui/learn/presenter.css); nothing is unmounted, so the
 * page computes the same numbers with or without them.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { PANEL_IDS } from './panels';

/** Named controls outside the panels' own ids (every panel id may be hidden too). */
export const PRESENT_CONTROLS = [
  'nav',
  'intro',
  'config',
  'hw-params',
  'genome-json',
  'gene-form',
  'search-settings',
  'copy-link',
  'exports',
  'training-settings',
] as const;
/** Everything `present=` may name: the panels, the controls, and `large` (type at 125 %). */
export const PRESENT_VOCABULARY: readonly string[] = [...PANEL_IDS, ...PRESENT_CONTROLS, 'large'];

/** Every id that can be hidden (the vocabulary without `large`), in vocabulary order. */
export const HIDEABLE: readonly string[] = PRESENT_VOCABULARY.filter((n) => n !== 'large');

export interface Presenter {
  /** the hidden panels and controls, in vocabulary order */
  readonly hidden: readonly string[];
  readonly large: boolean;
}

export const NO_PRESENTER: Presenter = { hidden: [], large: false };

/** Reads `present=`'s dot list; unknown names are named and skipped. */
export function parsePresent(text: string): { value: Presenter; errors: string[] } {
  const names = text.split('.').filter(Boolean);
  const unknown = names.filter((n) => !PRESENT_VOCABULARY.includes(n));
  const errors =
    unknown.length > 0
      ? [
          `present: unknown name${unknown.length > 1 ? 's' : ''} ${unknown
            .slice(0, 3)
            .map((n) => `"${n.slice(0, 30)}"`)
            .join(', ')} (allowed: ${PRESENT_VOCABULARY.join(', ')})`,
        ]
      : [];
  return { value: { hidden: HIDEABLE.filter((n) => names.includes(n)), large: names.includes('large') }, errors };
}

/** The dot list for a presenter, or '' when it changes nothing. */
export function formatPresent(p: Presenter): string {
  return [...(p.large ? ['large'] : []), ...HIDEABLE.filter((n) => p.hidden.includes(n))].join('.');
}

export const presenterStore = createStore<Presenter>()(() => NO_PRESENTER);

export function usePresenter<T>(selector: (s: Presenter) => T): T {
  return useStore(presenterStore, selector);
}

export function setPresenter(p: Presenter): void {
  presenterStore.setState({ hidden: HIDEABLE.filter((n) => p.hidden.includes(n)), large: p.large }, true);
}
