/**
 * The search in the page, one job per module (re-exported here so that importers need one path):
 * the store and its types (searchStore.ts), the settings (searchSettings.ts, validated by
 * core/search/searchSettings.ts), the run (searchRun.ts), the results — selection, brush, ghost, cache —
 * (searchResults.ts, searchCache.ts) and the files in and out (searchRecord.ts).
 */
import { dropProgress } from './searchRun';
import { initialSearch, setSearch } from './searchStore';
import { clearSearchCache } from './searchCache';

export { DEFAULT_SEARCH, SEARCH_OBJECTIVES, SEARCH_LIMITS } from '../core';
export * from './searchStore';
export { searchSpaceOf, setSearchSettings } from './searchSettings';
export { accuracyProblem, cancelSearch, connectSearch, pauseSearch, searchCancellations, startSearch } from './searchRun';
export { clearGhost, followInputs, selectPoint, setBrush } from './searchResults';
export { SEARCH_CACHE_SIZE, cachedKeys } from './searchCache';
export { importAccuracyTable, importRunRecord, refuseAccuracyTable, refuseRunRecord, runRecord } from './searchRecord';

/** Resets everything, the cache included (tests). */
export function resetSearch(): void {
  dropProgress();
  clearSearchCache();
  setSearch(initialSearch());
}
