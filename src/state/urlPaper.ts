/**
 * The link's `paper=` field: the paper view's run settings. `paper=1` runs it with PAPER_SEARCH;
 * otherwise the settings that differ, `paper=population:32,generations:20,seed:7,schema:parallel`.
 * Each setting is checked as a search's is (`validateSearchSettings`); a bad one keeps its default and
 * gives one notice that starts with `paper`. Absent: the view has not been run.
 */
import {
  DEFAULT_SEARCH,
  linkNumber,
  pushAll,
  PAPER_SEARCH,
  validateSearchSettings,
  type PaperSearch,
  type SearchSettings,
  type SearchSpace,
} from '../core';
import { repeatedNotice } from './link';

const KEYS = ['population', 'generations', 'seed', 'schema'] as const satisfies readonly (keyof PaperSearch)[];

/** The field's text for `settings` (null: no field). */
export function encodePaper(settings: PaperSearch | null): string | null {
  if (!settings) return null;
  const parts = KEYS.filter((k) => settings[k] !== PAPER_SEARCH[k]).map((k) => `${k}:${settings[k]}`);
  return parts.length === 0 ? '1' : parts.join(',');
}

/** The settings a `paper=` text asks for on `space`, and a notice per setting not applied. */
export function decodePaper(text: string | undefined, space: SearchSpace): { value: PaperSearch | null; errors: string[] } {
  if (text === undefined) return { value: null, errors: [] };
  if (text === '1' || text === '') return { value: PAPER_SEARCH, errors: [] };
  const errors: string[] = [];
  let value: PaperSearch = PAPER_SEARCH;
  const seen = new Set<string>();
  for (const part of text.split(',').filter(Boolean)) {
    const i = part.indexOf(':');
    const name = i < 0 ? part : part.slice(0, i);
    const raw = i < 0 ? '' : part.slice(i + 1);
    const k = KEYS.find((x) => x === name);
    if (!k) {
      errors.push(`paper: unknown setting "${name.slice(0, 30)}" (allowed: ${KEYS.join(', ')})`);
      continue;
    }
    if (seen.has(k)) {
      errors.push(repeatedNotice('paper', k));
      continue;
    }
    seen.add(k);
    const next = { ...value, [k]: k === 'schema' ? raw : linkNumber(raw) } as PaperSearch;
    // checked as a search's settings: the same ranges, the same limit on population × generations
    const settings: SearchSettings = { ...DEFAULT_SEARCH, objectives: ['accuracy', 'latencyMs'], ...next };
    const problems = validateSearchSettings(settings, space);
    if (problems.length > 0)
      pushAll(
        errors,
        problems.map((p) => p.replace(/^search\./, 'paper.')),
      );
    else value = next;
  }
  return { value, errors };
}
