/**
 * The genome and hardware parsers against hostile input (issue 14): keys named after
 * Object.prototype's properties (`__proto__` as JSON.parse makes it: an own key), huge and
 * non-finite numbers, byte-order marks, oversize strings. Each call returns the value or its named
 * refusal — never throws — an accepted value is inside its documented ranges, and Object.prototype is
 * unchanged afterwards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGenome, validateGenome } from './model/genome.js';
import { HW_PARAMS, validateSystem } from './hardware/hardware.js';
import { hwFromLink } from './record/linkCodec.js';
import { getSpace } from './model/spaces.js';
import { defaultGenome } from './model/spaces.js';

const PROTO_NAMES: readonly string[] = [...Object.getOwnPropertyNames(Object.prototype), '__proto__'];
const protoSnapshot = (): string =>
  JSON.stringify(Object.getOwnPropertyDescriptors(Object.prototype), (_k, v: unknown) =>
    typeof v === 'function' ? `${v.name}:${Object.keys(v).join()}` : v,
  );

/** JSON values a hostile file may hold where a number or a name is expected. */
const hostileValue = fc.oneof(
  fc.constantFrom(
    '1e400',
    '-1e400',
    '1.7976931348623157e308',
    '-1.79e308',
    '5e-324',
    '-0',
    '0',
    '1',
    '3',
    '28',
    '16',
    'null',
    'true',
    '[]',
    '{}',
    '"\uFEFF"',
    '"mb"',
    '"vit"',
    '"mini"',
  ),
  fc.constantFrom(...PROTO_NAMES).map((n) => JSON.stringify(n)),
  fc.double().filter(Number.isFinite).map(String),
  fc.integer({ min: -1000, max: 5000 }).map(String),
  fc.constant(JSON.stringify('x'.repeat(10_000))),
);
const hostileKey = fc.oneof(
  fc.constantFrom(...PROTO_NAMES),
  fc.constantFrom('space', 'r', 'stem', 'stages', 'c', 'd', 'k', 'e', 'm', 't', 'base', 'params', 'id', ...HW_PARAMS.map((p) => p.key)),
  fc.string({ maxLength: 8 }),
);
/** An object as JSON text: its keys may repeat and may be `__proto__` (JSON.parse keeps it as an own key). */
const hostileObject = (inner: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .array(fc.tuple(hostileKey, fc.oneof(hostileValue, inner)), { maxLength: 8 })
    .map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);

describe('genome and hardware parsers against prototype names and extreme numbers', () => {
  it('genomes: the named refusal or a genome of the space; nothing written onto Object.prototype', () => {
    const before = protoSnapshot();
    const space = getSpace('mini');
    const good = JSON.stringify(defaultGenome(space));
    const stage = hostileObject(fc.constant('["mb","vit"]'));
    const genomeText = fc.oneof(
      hostileObject(fc.array(stage, { maxLength: 5 }).map((xs) => `[${xs.join(',')}]`)),
      // the default genome with one value replaced
      fc.tuple(fc.nat(200), hostileValue).map(([n, v]) => {
        let i = -1;
        return good.replace(/-?\d+|"[^"]*"/g, (m) => (++i === n ? v : m));
      }),
    );
    fc.assert(
      fc.property(genomeText, fc.boolean(), (text, bom) => {
        const r = parseGenome(space, `${bom ? '\uFEFF' : ''}${text}`);
        if (r.ok) {
          expect(validateGenome(space, JSON.parse(JSON.stringify(r.value))).ok).toBe(true);
          expect(Object.keys(r.value).sort()).toEqual(['r', 'space', 'stages', 'stem']);
        } else {
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) {
            expect(e).toMatch(/^[\w[\].()]+: /);
            expect(e.length).toBeLessThan(400);
          }
        }
      }),
      { numRuns: 1500 },
    );
    for (const name of PROTO_NAMES) {
      const r = parseGenome(space, good.replace('{', `{${JSON.stringify(name)}:{"polluted":1},`));
      expect(r.ok).toBe(false);
    }
    expect(protoSnapshot()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000);

  it('hardware files and link edits: the named refusal or parameters inside their ranges; nothing written onto Object.prototype', () => {
    const before = protoSnapshot();
    const inRange = (params: Readonly<Record<string, number>>): void => {
      for (const p of HW_PARAMS) {
        const v = params[p.key];
        expect(v !== undefined && Number.isFinite(v) && v >= p.min && v <= p.max && (!p.integer || Number.isInteger(v))).toBe(true);
      }
    };
    fc.assert(
      fc.property(hostileObject(hostileObject(fc.constant('1'))), (text) => {
        const r = validateSystem(JSON.parse(text));
        if (r.ok) inRange(r.value.params);
        else for (const e of r.errors) expect(e).toMatch(/^[\w[\].()]*: /);
      }),
      { numRuns: 1500 },
    );
    const linkPart = fc.tuple(hostileKey, fc.oneof(hostileValue, fc.string({ maxLength: 6 }))).map(([k, v]) => `${k}:${v}`);
    fc.assert(
      fc.property(fc.array(linkPart, { maxLength: 8 }), (parts) => {
        const r = hwFromLink(parts.join(','), 'u55-mram');
        const sys = validateSystem({ base: 'u55-mram', ...r.value });
        expect(sys.ok).toBe(true);
        if (sys.ok) inRange(sys.value.params);
        for (const e of r.errors) expect(e).toMatch(/^hwp[.\w]*: /);
      }),
      { numRuns: 1500 },
    );
    for (const name of PROTO_NAMES) {
      expect(validateSystem(JSON.parse(`{"base":"u55-mram",${JSON.stringify(name)}:{"npuFreqMHz":1}}`)).ok).toBe(false);
      expect(validateSystem(JSON.parse(`{"base":"u55-mram","params":{${JSON.stringify(name)}:5}}`)).ok).toBe(false);
    }
    expect(protoSnapshot()).toBe(before);
  }, 60_000);
});
