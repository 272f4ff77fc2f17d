/**
 * The link against hostile text (issue 14): names of Object.prototype's properties as stage names,
 * settings and fields; repeated keys; huge, tiny and non-finite numbers; byte-order marks; oversize
 * values. The page state that comes out stays inside its documented ranges, every message names its
 * field, and nothing outside the parser changes (Object, Object.prototype and its functions).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEARCH,
  DEFAULT_TRAIN,
  expandGenome,
  getSpace,
  hasSpace,
  hasSystem,
  hwFromLink,
  LINK_NUMBER,
  linkNumber,
  validateGenome,
  validateSearchSettings,
  validateSystem,
  validateTrainConfig,
} from '../core';
import { PANEL_IDS } from './panels';
import { fromHash, LINK_FIELDS, MAX_NOTICES_PER_FIELD, toHash, type UrlState } from './url';
import { URL_DEFAULTS as DEFAULTS } from './fixtures/urlDefaults';

export const PROTO_NAMES: readonly string[] = [...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'];

/** Own property descriptors of Object, Object.prototype and each function on it: what a stray write would change. */
function globalsSnapshot(): Record<string, unknown> {
  const out: Record<string, unknown> = {
    Object: Object.getOwnPropertyDescriptors(Object),
    'Object.prototype': Object.getOwnPropertyDescriptors(Object.prototype),
  };
  for (const name of Object.getOwnPropertyNames(Object.prototype)) {
    const v = Object.getOwnPropertyDescriptor(Object.prototype, name)?.value as unknown;
    if (typeof v === 'function') out[`Object.prototype.${name}`] = Object.getOwnPropertyDescriptors(v);
  }
  return out;
}

/** The state a link gives is always one the page can show: known ids, valid genome, settings and hardware. */
function expectInRange(s: UrlState): void {
  expect(hasSpace(s.space)).toBe(true);
  expect(hasSystem(s.system)).toBe(true);
  const space = getSpace(s.space);
  expect(validateGenome(space, s.genome).ok).toBe(true);
  expect(validateSearchSettings(s.search, space)).toEqual([]);
  expect(validateTrainConfig(s.train).ok).toBe(true);
  expect(validateSystem({ base: s.system, ...s.hwOverrides }).ok).toBe(true);
  if (s.selectedLayer !== null) expect(s.selectedLayer).toBeLessThan(expandGenome(space, s.genome).length);
  for (const p of s.hiddenPanels) expect(PANEL_IDS).toContain(p);
}

const FIELD_MESSAGE =
  /^(v|z|space|hw|hwp[.\w]*|g|schema|train[.\w]*|search[.\w]*|trim|layer|hide|link|lesson|step|lz|present|sn|model|cal|paper[.\w]*): /;

describe('the link against prototype names, repeated keys and extreme numbers', () => {
  it('a trim naming a stage after an Object.prototype property is refused with a notice and writes nothing onto Object', () => {
    // before: `trim=constructor.k3` set Object.k = [3], `toString.k3` set Object.prototype.toString.k, both without a notice
    const before = globalsSnapshot();
    for (const name of PROTO_NAMES.filter((n) => /^[a-z]\w{0,15}$/.test(n))) {
      const r = fromHash(`v=2&space=mini&trim=${name}.k3&end`, DEFAULTS);
      expect(r.state.search.trims).toEqual({});
      expect(r.errors).toEqual([`search.trim: stages.${name}: no such stage (stages: s1, s2, s3, s4)`]);
    }
    expect(globalsSnapshot()).toEqual(before);
    expect(Object.hasOwn(Object, 'k')).toBe(false);
  });

  it('a key given twice: the first value wins, at the top level and inside hwp, train, search and trim, and each is named', () => {
    const r = fromHash(
      'v=2&space=mini&space=nasvit&hwp=npuFreqMHz:600,npuFreqMHz:700&train=steps:5,steps:9&search=pop:8,pop:16&trim=r24~r28&end',
      DEFAULTS,
    );
    expect(r.state.space).toBe('mini');
    expect(r.state.hwOverrides).toEqual({ npuFreqMHz: 600 });
    expect(r.state.train.steps).toBe(5);
    expect(r.state.search.population).toBe(8);
    expect(r.state.search.trims).toEqual({ r: [24] });
    expect(r.errors).toEqual([
      'link: "space" is given more than once; the first value is used',
      'hwp: "npuFreqMHz" is given more than once; the first value is used',
      'train: "steps" is given more than once; the first value is used',
      'trim: "r" is given more than once; the first value is used',
      'search: "pop" is given more than once; the first value is used',
    ]);
    // a repeated stage gene in a trim, and a field both packed and written by hand
    expect(fromHash('v=2&trim=s2.k3~s2.k5&end', DEFAULTS)).toMatchObject({
      state: { search: { trims: { stages: { s2: { k: [3] } } } } },
      errors: ['trim: "s2.k" is given more than once; the first value is used'],
    });
    const packed = toHash({
      ...DEFAULTS,
      hiddenPanels: ['sweep', 'layers', 'search', 'training', 'estimate'],
      train: { ...DEFAULT_TRAIN, steps: 77, batch: 16, seed: 3 },
      hwOverrides: { cimMacros: 4, cimUnits: 2, npuFreqMHz: 700 },
    });
    expect(packed).toMatch(/^v=2&z=/);
    const both = fromHash(`${packed}&space=nasvit`, DEFAULTS);
    expect(both.state.space).toBe('mini');
    expect(both.errors).toEqual(['link: "space" is both packed in z and written after it; the packed value is used']);
  });

  it('every number the link writes reads back to itself (1e+21, 5e-324, -1.7976931348623157e+308)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(LINK_NUMBER.test(String(x))).toBe(true);
        expect(linkNumber(String(x))).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 2000 },
    );
    for (const t of ['Infinity', '-Infinity', 'NaN', '0x1', '1e', 'e5', '', '.', '1_000', '１']) expect(linkNumber(t)).toBe(t);
    // budgets are unbounded above: 10²¹ and more were written as "1e+21", which the reader refused
    fc.assert(
      fc.property(
        fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }),
        fc.constantFrom('latencyMs', 'energyUj', 'params'),
        (b, name) => {
          const state: UrlState = { ...DEFAULTS, search: { ...DEFAULT_SEARCH, budgets: { [name]: b } } };
          expect(fromHash(toHash(state), DEFAULTS)).toEqual({ state, errors: [] });
        },
      ),
      { numRuns: 300 },
    );
    const big: UrlState = { ...DEFAULTS, search: { ...DEFAULT_SEARCH, budgets: { latencyMs: 1e21 } } };
    expect(toHash(big, { compress: false })).toContain('lat:1e%2B21');
    expect(fromHash(toHash(big), DEFAULTS)).toEqual({ state: big, errors: [] });
  });

  it('hwp: prototype names are unknown parameters, and numbers out of range are named', () => {
    const before = globalsSnapshot();
    for (const name of PROTO_NAMES) {
      const r = hwFromLink(`${name}:5,npuFreqMHz:600`, 'u55-mram');
      expect(r.value).toEqual({ npuFreqMHz: 600 });
      expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
      expect(r.errors).toEqual([`hwp: unknown hardware parameter "${name.slice(0, 30)}"`]);
    }
    expect(hwFromLink('npuFreqMHz:1e+400', 'u55-mram').value).toEqual({});
    expect(globalsSnapshot()).toEqual(before);
  });

  it('a setting repeated 200,000 times: no stack overflow, at most five notices per field and a count of the rest', () => {
    // before: hwp and train threw RangeError (errors.push(...list) of 200,000 messages); trim too once repeats were named
    for (const [field, part, sep] of [
      ['hwp', 'x:1', ','],
      ['train', 'x:1', ','],
      ['search', 'x:1', ','],
      ['trim', 'r28', '~'],
      ['hwp', 'npuFreqMHz:600', ','],
    ] as const) {
      const r = fromHash(`v=2&${field}=${Array.from({ length: 200_000 }, () => part).join(sep)}&end`, DEFAULTS);
      expectInRange(r.state);
      expect(r.errors.length).toBeLessThanOrEqual(MAX_NOTICES_PER_FIELD + 1);
      expect(r.errors.at(-1)).toMatch(/^(hwp|train|search|trim): 199,99[45] more notices like these, not shown$/);
    }
    const unknown = fromHash(`v=2&${Array.from({ length: 100_000 }, (_, i) => `f${i}=1`).join('&')}&end`, DEFAULTS);
    expect(unknown.errors).toEqual([
      ...Array.from({ length: 5 }, (_, i) => `link: unknown field "f${i}"; ignored`),
      'link: 99,995 more notices like these, not shown',
    ]);
  }, 60_000);

  const word = fc.oneof(
    fc.constantFrom(...PROTO_NAMES),
    fc.constantFrom(...LINK_FIELDS, 'v', 'z', 'end', 's2', 'k3', 'mini', 'nasvit', 'u55-mram', 'pop', 'lat', 'steps', 'npuFreqMHz'),
    fc.constantFrom(
      '1e+21',
      '1e400',
      '-1e400',
      'NaN',
      'Infinity',
      '-0',
      '5e-324',
      '1.7976931348623157e308',
      '0x1',
      '85%',
      '\uFEFF',
      '\uFEFFmini',
      '%EF%BB%BF',
    ),
    fc.string({ maxLength: 12 }),
    fc.integer({ min: 0, max: 2 ** 31 }).map(String),
  );
  const sep = fc.constantFrom('&', '=', ',', ':', '~', '.', '_', '-');
  const text = fc.array(fc.tuple(word, sep), { maxLength: 12 }).map((xs) => xs.flat().join(''));
  const field = fc
    .tuple(
      fc.oneof(word, fc.constantFrom('space', 'hw', 'hwp', 'train', 'search', 'trim', 'g', 'layer', 'hide', 'sn', 'lesson', 'step')),
      text,
    )
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);

  it('fuzzed links built from prototype names, numbers and BOMs: no throw, the state in range, every message named, Object untouched', () => {
    const before = globalsSnapshot();
    fc.assert(
      fc.property(
        fc.array(field, { maxLength: 10 }),
        fc.boolean(),
        fc.constantFrom('', 'v=2&', 'v=1&', '\uFEFF', '#v=2&'),
        (fields, end, head) => {
          const r = fromHash(`${head}${fields.join('&')}${end ? '&end' : ''}`, DEFAULTS);
          expectInRange(r.state);
          for (const e of r.errors) expect(e).toMatch(FIELD_MESSAGE);
        },
      ),
      { numRuns: 1500 },
    );
    // an oversize value is read (or refused) with its echo shortened
    const long = 'constructor'.repeat(100_000);
    const r = fromHash(`v=2&space=${long}&trim=${long}.k3&hwp=${long}:1&train=${long}:1&search=${long}:1&end`, DEFAULTS);
    expectInRange(r.state);
    for (const e of r.errors) expect(e.length).toBeLessThan(300);
    expect(globalsSnapshot()).toEqual(before);
  }, 60_000);
});
