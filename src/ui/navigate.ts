/**
 * Moving around the page: the sections the navigation reaches, and the one function that unfolds a
 * panel, scrolls it under the sticky navigation and moves focus to its heading (or to a control in it).
 */
import { togglePanel, type PanelId } from '../state/store';

/** The navigation's sections, in page order, with their keyboard shortcut. */
export const NAV_SECTIONS: readonly { readonly id: PanelId; readonly label: string; readonly key: string }[] = [
  { id: 'estimate', label: 'Estimate', key: '1' },
  { id: 'timeline', label: 'Timeline', key: '2' },
  { id: 'search', label: 'Search', key: '3' },
  { id: 'training', label: 'Training', key: '4' },
  { id: 'learn', label: 'Learn', key: '5' },
];

/** Focus (and scroll to) the first element matching `selector`, waiting a few frames for React to render it. */
export function focusWhenRendered(selector: string, scrollTo?: string, frames = 10): void {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) {
    if (frames > 0) requestAnimationFrame(() => focusWhenRendered(selector, scrollTo, frames - 1));
    return;
  }
  (scrollTo ? (document.querySelector(scrollTo) ?? el) : el).scrollIntoView({ block: 'start' });
  el.focus({ preventScroll: true });
}

/** Unfolds panel `id`, scrolls to it and focuses its heading (or `control`, a selector inside it). */
export function goToPanel(id: PanelId, control?: string): void {
  togglePanel(id, true);
  focusWhenRendered(control ?? `[data-testid="panel-${id}"]`, `section[data-panel="${id}"]`);
}

/** True when a key press belongs to a text field or a control that reads keys (no shortcuts there). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(target.type);
}
