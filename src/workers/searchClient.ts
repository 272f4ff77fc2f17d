import { createClient, type SearchClient } from './client';
import type { SearchJob } from './protocol';
import { restartingPort } from './restartingPort';

/**
 * The search worker (core only, no TF.js), bundled by Vite as its own chunk. One latest-job-wins
 * client: a new search cancels the one in flight. A crashed worker rejects the search with its
 * message and the next search starts a fresh one.
 */
export function createSearchClient(): SearchClient {
  return createClient<SearchJob>(
    restartingPort(() => new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'h4h-search' })),
  );
}
