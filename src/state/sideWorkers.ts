/**
 * Search workers beside the page's search, one per purpose, each started on first use: the paper
 * view's experiment and the refit of a predictor on an imported table. Each is a latest-job-wins
 * client of its own, so neither cancels the page's search nor the other.
 */
import type { SearchClient } from '../workers/client';

export type SideWorker = 'paper' | 'fit';

let factory: (() => SearchClient) | null = null;
const clients = new Map<SideWorker, SearchClient>();

/** Connects the side workers to a way of starting a search worker (main.tsx: `createSearchClient`). */
export function connectSideWorkers(f: () => SearchClient): void {
  factory = f;
}

/** The client of `name`'s worker, started now if it was not (null: not connected). */
export function sideWorker(name: SideWorker): SearchClient | null {
  const known = clients.get(name);
  if (known || !factory) return known ?? null;
  const c = factory();
  clients.set(name, c);
  return c;
}
