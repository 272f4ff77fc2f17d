import { describe, expect, it } from 'vitest';
import { MINI, PAPER_SEARCH } from '../core';
import { decodePaper, encodePaper } from './urlPaper';
import { fromHash, toHash } from './url';
import { URL_DEFAULTS } from './fixtures/urlDefaults';

describe('the link field paper=', () => {
  it('absent: not run; 1: the defaults; otherwise the settings that differ, both ways', () => {
    expect(decodePaper(undefined, MINI)).toEqual({ value: null, errors: [] });
    expect(encodePaper(null)).toBeNull();
    expect(encodePaper(PAPER_SEARCH)).toBe('1');
    expect(decodePaper('1', MINI)).toEqual({ value: PAPER_SEARCH, errors: [] });
    const s = { ...PAPER_SEARCH, population: 32, seed: 7, schema: 'parallel' as const };
    expect(encodePaper(s)).toBe('population:32,seed:7,schema:parallel');
    expect(decodePaper(encodePaper(s) ?? '', MINI)).toEqual({ value: s, errors: [] });
  });

  it('a bad setting keeps its default and is named; the others apply', () => {
    const r = decodePaper('population:2,generations:9,colour:red,seed:1,seed:2,schema:gpu', MINI);
    expect(r.value).toEqual({ ...PAPER_SEARCH, generations: 9, seed: 1 });
    expect(r.errors).toHaveLength(4);
    expect(r.errors[0]).toMatch(/^paper\.population: /);
    expect(r.errors[1]).toBe('paper: unknown setting "colour" (allowed: population, generations, seed, schema)');
    expect(r.errors[2]).toMatch(/^paper: .*seed/);
    expect(r.errors[3]).toMatch(/^paper\.schema: /);
    // population × generations within the search's limit
    expect(decodePaper('population:4096,generations:100000', MINI).errors.some((e) => /^paper\./.test(e))).toBe(true);
  });

  it('travels in the link with the other fields', () => {
    const state = { ...URL_DEFAULTS, paper: { ...PAPER_SEARCH, generations: 20 } };
    const hash = toHash(state);
    expect(hash).toContain('paper=generations:20');
    expect(fromHash(hash, URL_DEFAULTS)).toEqual({ state, errors: [] });
    expect(fromHash(toHash(URL_DEFAULTS), URL_DEFAULTS).state.paper).toBeUndefined();
  });
});
