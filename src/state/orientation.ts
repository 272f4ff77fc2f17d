/**
 * The first-visit introduction: shown as a card on a fresh page, as a one-line banner when the page
 * opened a shared link (the link's content must stay in view), and not at all once dismissed — which
 * is remembered in localStorage (where storage throws, for a blocked origin, it is simply not kept).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export type IntroMode = 'card' | 'banner' | 'none';

const KEY = 'h4h.intro.dismissed';

/** The part of `Storage` used here (so Node tests pass a Map-backed one). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const orientationStore = createStore<{ readonly intro: IntroMode }>()(() => ({ intro: 'none' }));

export function useOrientation<T>(selector: (s: { readonly intro: IntroMode }) => T): T {
  return useStore(orientationStore, selector);
}

/** The page's localStorage, or null where reading it throws (storage blocked). */
export function pageStorage(): KeyValueStore | null {
  try {
    return (globalThis as { localStorage?: KeyValueStore }).localStorage ?? null;
  } catch {
    return null;
  }
}

/** Card on a fresh visit, banner over a shared link, nothing once dismissed. */
export function introMode(linked: boolean, storage: Pick<KeyValueStore, 'getItem'> | null): IntroMode {
  let dismissed = false;
  try {
    dismissed = storage?.getItem(KEY) === '1';
  } catch {
    // unreadable storage: treat as a first visit
  }
  return dismissed ? 'none' : linked ? 'banner' : 'card';
}

/** Decides at start whether to introduce the page (`linked`: the opened link changed the inputs). */
export function startOrientation(linked: boolean, storage = pageStorage()): void {
  orientationStore.setState({ intro: introMode(linked, storage) });
}

export function dismissIntro(storage = pageStorage()): void {
  orientationStore.setState({ intro: 'none' });
  try {
    storage?.setItem(KEY, '1');
  } catch {
    // full or blocked storage: dismissed for this visit only
  }
}

/** Shows the introduction again (from the help). */
export function showIntro(): void {
  orientationStore.setState({ intro: 'card' });
}
