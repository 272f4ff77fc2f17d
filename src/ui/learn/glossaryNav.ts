/**
 * Opening the Glossary at an entry: a tiny store of its own (open or folded, the filter, the entry to
 * focus) so that a `<Term>` anywhere on the page can reach it without touching the link's state.
 */
import { useSyncExternalStore } from 'react';
import { PANEL_IDS } from '../../state/panels';
import { togglePanel, type PanelId } from '../../state/store';
import { focusWhenRendered } from '../navigate';

export interface GlossaryView {
  readonly open: boolean;
  readonly filter: string;
}

let view: GlossaryView = { open: false, filter: '' };
const listeners = new Set<() => void>();

function set(next: Partial<GlossaryView>): void {
  view = { ...view, ...next };
  for (const l of listeners) l();
}

const subscribe = (l: () => void): (() => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** The glossary's open state and filter, for the panel. */
export const useGlossaryView = (): GlossaryView =>
  useSyncExternalStore(
    subscribe,
    () => view,
    () => view,
  );

export const setGlossaryOpen = (open: boolean): void => set({ open });
export const setGlossaryFilter = (filter: string): void => set({ filter });

/** The panel that hosts the Glossary (the Learn panel), unfolded when a term opens it; none until it exists. */
const HOST_PANEL = 'learn';

/**
 * Opens the Glossary at entry `id`: unfolds it (and its host panel), clears a filter that would hide
 * the entry, scrolls the entry under the sticky navigation and focuses it. Never touches `location.hash`.
 */
export function openGlossary(id: string): void {
  set({ open: true, filter: '' });
  if ((PANEL_IDS as readonly string[]).includes(HOST_PANEL)) togglePanel(HOST_PANEL as PanelId, true);
  const reach = (): void => focusWhenRendered(`#glossary-${CSS.escape(id)}`);
  // a term in a modal dialog (the help): close it first, and focus once it has put focus back
  const dialogs = [...document.querySelectorAll<HTMLDialogElement>('dialog[open]')];
  let left = dialogs.length;
  if (left === 0) return reach();
  for (const d of dialogs) {
    d.addEventListener('close', () => --left === 0 && reach(), { once: true });
    d.close();
  }
}
