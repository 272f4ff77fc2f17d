/**
 * The search settings in the link: `search=obj:accuracy.latencyMs,pop:32,lat:0.1,…` (the settings
 * that differ from DEFAULT_SEARCH, each under its short key in SEARCH_KEYS) and `trim=r28~s2.k3~…`
 * (the trimmed space's gene choices). Read back setting by setting with the settings' own
 * validation: a bad one is named and skipped, the others still apply. Used by `url.ts`.
 */
import { repeatedNotice } from './link';
import {
  BUDGET_OF_LINK_KEY,
  DEFAULT_SEARCH,
  LINK_BUDGETS,
  SEARCH_OBJECTIVES,
  isBudgetLinkKey,
  getSpace,
  linkNumber,
  validateSearchSettings,
  type SchemaId,
  type SearchSettings,
} from '../core';

// ── search settings: `search=obj:accuracy.latencyMs,pop:32,lat:0.1,…` and `trim=r28~s2.k3~…` ───────────
const SEARCH_KEYS = {
  obj: 'objectives',
  schema: 'schema',
  pop: 'population',
  gen: 'generations',
  seed: 'seed',
  acc: 'accuracy',
  co: 'coSearch',
  ex: 'exhaustive',
  ...BUDGET_OF_LINK_KEY, // lat, en, par: core's vocabulary (BUDGETS)
} as const;
type SearchKey = keyof typeof SEARCH_KEYS;

function isSearchKey(key: string): key is SearchKey {
  return Object.hasOwn(SEARCH_KEYS, key);
}

/** The `search=` value: the settings that differ from the defaults (empty: none). */
export function encodeSearch(s: SearchSettings): string {
  const d = DEFAULT_SEARCH;
  const out: string[] = [];
  if (s.objectives.join('.') !== d.objectives.join('.')) out.push(`obj:${s.objectives.join('.')}`);
  if (s.schema !== d.schema) out.push(`schema:${s.schema}`);
  if (s.population !== d.population) out.push(`pop:${s.population}`);
  if (s.generations !== d.generations) out.push(`gen:${s.generations}`);
  if (s.seed !== d.seed) out.push(`seed:${s.seed}`);
  if (s.accuracy !== d.accuracy) out.push(`acc:${s.accuracy}`);
  if (s.coSearch) out.push('co:1');
  if (s.exhaustive) out.push('ex:1');
  for (const { link, id } of LINK_BUDGETS) if (s.budgets[id] !== undefined) out.push(`${link}:${s.budgets[id]}`);
  return out.join(',');
}

/** The trims as the trimmed space's id parts: `r28~stem16~s2.d1-2~s2.k3` (`head1984` for `nasvit`'s head width). */
export function encodeTrims(t: SearchSettings['trims']): string {
  const parts: string[] = [];
  if (t.r) parts.push(`r${t.r.join('-')}`);
  if (t.stem) parts.push(`stem${t.stem.join('-')}`);
  if (t.head) parts.push(`head${t.head.join('-')}`);
  for (const [stage, st] of Object.entries(t.stages ?? {})) {
    for (const g of ['c', 'd', 'k', 'e', 'm'] as const) if (st[g]) parts.push(`${stage}.${g}${st[g].join('-')}`);
  }
  return parts.join('~');
}

/**
 * The trims of `trim=`; stages are keyed by the link's text, so they live in objects without a
 * prototype (`constructor.k3` names a stage called "constructor", which the space then refuses).
 * A gene given twice keeps its first choices and is named in `errors`.
 */
function decodeTrims(text: string, errors: string[]): SearchSettings['trims'] | null {
  const trims: { r?: number[]; stem?: number[]; head?: number[]; stages?: Record<string, Record<string, number[]>> } = {};
  for (const part of text.split('~').filter(Boolean)) {
    const m = /^(?:(r|stem|head)|([a-z]\w{0,15})\.([cdkem]))((?:\d{1,6}-)*\d{1,6})$/.exec(part);
    if (!m) return null;
    const [, top, stage = '', gene = '', list = ''] = m;
    const values = list.split('-').map(Number);
    if (top === 'r' || top === 'stem' || top === 'head') {
      if (trims[top] === undefined) trims[top] = values;
      else errors.push(repeatedNotice('trim', top));
    } else {
      // without a prototype, a missing key reads as undefined whatever its name
      const stages = (trims.stages ??= Object.create(null) as Record<string, Record<string, number[]>>);
      const st = (stages[stage] ??= Object.create(null) as Record<string, number[]>);
      if (Object.hasOwn(st, gene)) errors.push(repeatedNotice('trim', `${stage}.${gene}`));
      else st[gene] = values;
    }
  }
  return trims as SearchSettings['trims'];
}

/** Settings that others depend on first (co-search allows the CIM-area objective; enumeration needs the trims). */
const ORDER: readonly string[] = ['co', 'schema', 'pop', 'gen', 'seed', ...LINK_BUDGETS.map((b) => b.link), 'obj', 'acc', 'ex'];

/**
 * The `search=` settings as `[key, value]` in the order they are applied (ORDER), one at a time so
 * that the notices keep that order; an unknown or a repeated one is named in `errors` and left out. The first of a repeated setting wins (the sort is
 * stable, so "first" is the link's order).
 */
function* searchParts(text: string, errors: string[]): Generator<[SearchKey, string]> {
  const rank = (part: string): number => {
    const k = ORDER.indexOf(part.split(':')[0] ?? '');
    return k < 0 ? ORDER.length : k;
  };
  const seen = new Set<string>();
  for (const part of text
    .split(',')
    .filter(Boolean)
    .sort((a, b) => rank(a) - rank(b))) {
    const i = part.indexOf(':');
    const key = i < 0 ? part : part.slice(0, i);
    const raw = i < 0 ? '' : part.slice(i + 1);
    if (!isSearchKey(key)) errors.push(`search: unknown setting "${key.slice(0, 30)}"`);
    else if (seen.has(key)) errors.push(repeatedNotice('search', key));
    else {
      seen.add(key);
      yield [key, raw];
    }
  }
}

/** One setting as a patch of `current` and the field it names, or the notice when its value is not one the key takes. */
function searchPatch(
  key: SearchKey,
  raw: string,
  current: SearchSettings,
): { patch: Partial<SearchSettings>; field: string } | { error: string } {
  const n = linkNumber(raw);
  const num = typeof n === 'number' ? n : NaN;
  if (isBudgetLinkKey(key)) {
    const budget = BUDGET_OF_LINK_KEY[key];
    return { patch: { budgets: { ...current.budgets, [budget]: num } }, field: `budgets.${budget}` };
  }
  const field = SEARCH_KEYS[key];
  switch (key) {
    case 'obj': {
      const objs = raw.split('.').filter(Boolean);
      return objs.every((o) => (SEARCH_OBJECTIVES as readonly string[]).includes(o))
        ? { patch: { objectives: objs as SearchSettings['objectives'] }, field }
        : { error: `search.objectives: unknown objective in "${raw.slice(0, 40)}"` };
    }
    case 'schema':
      return { patch: { schema: raw as SchemaId }, field };
    case 'acc':
      return ['proxy', 'predictor', 'supernet', 'table'].includes(raw)
        ? { patch: { accuracy: raw as SearchSettings['accuracy'] }, field }
        : { error: `search.accuracy: unknown source "${raw.slice(0, 20)}"` };
    case 'co':
    case 'ex':
      return raw === '1' || raw === '0' ? { patch: { [field]: raw === '1' }, field } : { error: `search.${field}: must be 0 or 1` };
    default:
      return { patch: { [field]: num }, field };
  }
}

/** Each field over the defaults, checked with the settings' own validation; a bad one is named and skipped. */
export function decodeSearch(text: string | null, trim: string | null, space: string): { value: SearchSettings; errors: string[] } {
  const errors: string[] = [];
  let value: SearchSettings = DEFAULT_SEARCH;
  const tryPatch = (patch: Partial<SearchSettings>, field: string): void => {
    const next = { ...value, ...patch };
    const e = validateSearchSettings(next, getSpace(space));
    if (e.length === 0) value = next;
    else errors.push(`search.${field}: ${e[0]?.replace(/^search\.[\w.]+: /, '') ?? 'invalid'}`);
  };
  if (trim !== null) {
    const t = decodeTrims(trim, errors);
    if (t) tryPatch({ trims: t }, 'trim');
    else errors.push('trim: not of the form r28~stem16~s2.k3~…; the whole space is searched');
  }
  for (const [key, raw] of searchParts(text ?? '', errors)) {
    const r = searchPatch(key, raw, value);
    if ('error' in r) errors.push(r.error);
    else tryPatch(r.patch, r.field);
  }
  return { value, errors };
}
