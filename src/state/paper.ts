/**
 * The paper view's state (issue 17): the settings it runs with (null until asked; the link's
 * `paper=`), the run in the search worker (its own worker, so that a search on the page and the
 * experiment never cancel each other), and claim 1's winners measured with the shipped supernet.
 * The experiment follows the page's inputs: a change of space or hardware re-runs it once it has run.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { PaperMeasurement, PaperProgress, PaperResult, PaperSearch } from '../core';
import { appStore } from './store';

export type PaperRun =
  | { readonly state: 'idle' }
  | { readonly state: 'running'; readonly key: string; readonly progress: PaperProgress | null }
  | { readonly state: 'done'; readonly key: string; readonly result: PaperResult }
  | { readonly state: 'error'; readonly key: string; readonly message: string };

export type PaperMeasuring =
  | { readonly state: 'none'; readonly why: string }
  | { readonly state: 'running'; readonly done: number; readonly total: number; readonly measurement: PaperMeasurement }
  | { readonly state: 'done'; readonly measurement: PaperMeasurement }
  | { readonly state: 'error'; readonly message: string };

export interface PaperState {
  /** null: the view has not been asked to run (the link has no `paper=`) */
  readonly settings: PaperSearch | null;
  readonly run: PaperRun;
  readonly measuring: PaperMeasuring;
}

export const paperStore = createStore<PaperState>()(() => ({
  settings: null,
  run: { state: 'idle' },
  measuring: { state: 'none', why: 'not run yet' },
}));

export function usePaper<T>(selector: (s: PaperState) => T): T {
  return useStore(paperStore, selector);
}

/** The inputs a run depends on: settings, space, hardware (a change re-runs it). */
export function paperKey(settings: PaperSearch): string {
  const a = appStore.getState();
  return JSON.stringify([settings, a.spaceId, a.systemId, a.hwOverrides]);
}
