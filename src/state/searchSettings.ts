/**
 * The search settings in the page: a change goes through core's one validation
 * (`core/search/searchSettings.ts`, shared with the URL and the CLI); a refused change names its fields and
 * leaves the settings as they were.
 */
import { getSpace, trimmedSearchSpace, validateSearchSettings, type SearchSettings, type SearchSpace, type SpaceTrims } from '../core';
import { appStore } from './store';
import { getSearch, setSearch } from './searchStore';

/** The space the search explores: the page's space with the settings' trims (or the message why not). */
export function searchSpaceOf(
  spaceId: string,
  trims: SpaceTrims,
): { readonly space: SearchSpace; readonly size: bigint } | { readonly error: string } {
  return trimmedSearchSpace(getSpace(spaceId), trims);
}

/** Changes settings; an invalid value is refused with messages naming each field, the settings stay. */
export function setSearchSettings(patch: Partial<SearchSettings>): readonly string[] {
  const next = { ...getSearch().settings, ...patch };
  const errors = validateSearchSettings(next, getSpace(appStore.getState().spaceId));
  if (errors.length > 0) return errors;
  setSearch({ settings: next });
  return [];
}
