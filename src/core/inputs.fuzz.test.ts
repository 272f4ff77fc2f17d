/**
 * Model descriptions, accuracy tables and lessons against hostile input (issue 14), as
 * parsers.fuzz.test.ts does for genomes and hardware: keys named after Object.prototype's
 * properties, huge and non-finite numbers, byte-order marks, oversize strings. Each call returns
 * the value or its named refusal — never throws — messages are short, accepted values are in range,
 * and Object.prototype is unchanged afterwards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TABLE_ROWS, parseAccuracyTable } from './accuracy/accuracyTable.js';
import { defaultGenome, getSpace } from './model/spaces.js';
import { MAX_LESSON_BYTES, parseLesson } from './learn/lesson.js';
import { expandModel, mobileNetV2, validateModel } from './model/model.js';

const PROTO_NAMES: readonly string[] = [...Object.getOwnPropertyNames(Object.prototype), '__proto__'];
const protoSnapshot = (): string =>
  JSON.stringify(Object.getOwnPropertyDescriptors(Object.prototype), (_k, v: unknown) =>
    typeof v === 'function' ? `${v.name}:${Object.keys(v).join()}` : v,
  );
const hostileValue = fc.oneof(
  fc.constantFrom(
    '1e400',
    '-1e400',
    '1.7976931348623157e308',
    '5e-324',
    '-0',
    '0',
    '1',
    '3',
    '16',
    '64',
    'null',
    'true',
    '[]',
    '{}',
    '"\uFEFF"',
    '"conv"',
    '"pw"',
    '"attention"',
  ),
  fc.constantFrom(...PROTO_NAMES).map((n) => JSON.stringify(n)),
  fc.double().filter(Number.isFinite).map(String),
  fc.integer({ min: -1000, max: 100_000 }).map(String),
  fc.constant(JSON.stringify('x'.repeat(10_000))),
);
const hostileKey = fc.oneof(
  fc.constantFrom(...PROTO_NAMES),
  fc.constantFrom('name', 'input', 'layers', 'op', 'k', 's', 'c', 'heads', 'id', 'title', 'steps'),
  fc.string({ maxLength: 8 }),
);
const hostileObject = (inner: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .array(fc.tuple(hostileKey, fc.oneof(hostileValue, inner)), { maxLength: 8 })
    .map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
/** a message names its field first and is short, whatever it was given */
const named = (e: string): void => {
  expect(e).toMatch(/^[^:]{1,80}: /);
  expect(e.length).toBeLessThan(600);
};

describe('model, table and lesson parsers against prototype names, extreme numbers, BOMs and oversize input', () => {
  it('model descriptions: the named refusal, or a model whose every layer costs finite MACs and weights', () => {
    const before = protoSnapshot();
    const good = JSON.stringify(mobileNetV2());
    const text = fc.oneof(
      hostileObject(fc.array(hostileObject(fc.constant('1')), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`)),
      fc.tuple(fc.nat(400), hostileValue).map(([n, v]) => {
        let i = -1;
        return good.replace(/-?\d+|"[^"]*"/g, (m) => (++i === n ? v : m));
      }),
    );
    fc.assert(
      fc.property(text, fc.boolean(), (t, bom) => {
        let raw: unknown;
        try {
          raw = JSON.parse(`${bom ? '\uFEFF' : ''}${t}`.replace(/^\uFEFF/, ''));
        } catch {
          return;
        }
        const r = validateModel(raw);
        if (r.ok) {
          for (const l of expandModel(r.value)) expect(Number.isFinite(l.macs) && Number.isFinite(l.weightBytes) && l.macs >= 0).toBe(true);
        } else r.errors.forEach(named);
      }),
      { numRuns: 800 },
    );
    for (const name of PROTO_NAMES)
      expect(validateModel(JSON.parse(good.replace('{', `{${JSON.stringify(name)}:{"polluted":1},`))).ok).toBe(false);
    expect(protoSnapshot()).toBe(before);
  }, 120_000);

  it('accuracy tables (CSV and JSON): the named refusal, or every accuracy a fraction 0–1; nothing thrown', () => {
    const before = protoSnapshot();
    const space = getSpace('mini');
    const genome = JSON.stringify(defaultGenome(space));
    const cell = fc.oneof(
      fc.constantFrom('0.5', '85', '0x1', '85%', '=1+1', '1e400', 'NaN', 'Infinity', '-0', '', '"', '\uFEFF0.7', ...PROTO_NAMES),
      fc.string({ maxLength: 12 }),
      fc.double().map(String),
    );
    const csv = fc
      .array(fc.tuple(fc.oneof(fc.constant(genome), hostileObject(fc.constant('1'))), cell), { maxLength: 6 })
      .map((rows) => ['genome,accuracy', ...rows.map(([g, a]) => `"${g.replace(/"/g, '""')}",${a}`)].join('\n'));
    const json = fc
      .array(hostileObject(fc.oneof(fc.constant(genome), hostileValue)), { maxLength: 6 })
      .map((rows) => `[${rows.join(',')}]`);
    fc.assert(
      fc.property(fc.oneof(csv, json), fc.boolean(), (t, bom) => {
        const r = parseAccuracyTable(space, `${bom ? '\uFEFF' : ''}${t}`);
        if (r.ok) for (const e of r.value.entries) expect(e.accuracy >= 0 && e.accuracy <= 1).toBe(true);
        else r.errors.forEach((e) => expect(e.length).toBeLessThan(600));
      }),
      { numRuns: 800 },
    );
    for (const name of PROTO_NAMES) {
      const r = parseAccuracyTable(space, JSON.stringify({ [name]: [{ arch: defaultGenome(space), accuracy: 0.5 }] }));
      expect(r.ok).toBe(false);
    }
    // oversize: refused by its size, before any row is read
    expect(parseAccuracyTable(space, `genome,accuracy\n${`${genome},0.5\n`.repeat(10)}`.padEnd(64 * 1024 * 1024 + 1, ' ')).ok).toBe(false);
    expect(MAX_TABLE_ROWS).toBe(200_000);
    expect(protoSnapshot()).toBe(before);
  }, 120_000);

  it('lessons: the named refusal or a lesson; oversize refused by its size', () => {
    const before = protoSnapshot();
    const text = hostileObject(fc.array(hostileObject(hostileObject(fc.constant('1'))), { maxLength: 3 }).map((xs) => `[${xs.join(',')}]`));
    fc.assert(
      fc.property(text, fc.boolean(), (t, bom) => {
        const r = parseLesson(`${bom ? '\uFEFF' : ''}${t}`, 'lesson.json');
        if (!r.ok) r.errors.forEach((e) => expect(e.length).toBeLessThan(600));
      }),
      { numRuns: 800 },
    );
    const bigText = `{"id":"${'x'.repeat(MAX_LESSON_BYTES)}"}`;
    const big = parseLesson(bigText, 'big.json');
    expect(big.ok ? [] : big.errors).toEqual([
      `big.json: ${bigText.length.toLocaleString('en-US')} characters; a lesson file may have at most ${MAX_LESSON_BYTES.toLocaleString('en-US')}`,
    ]);
    expect(protoSnapshot()).toBe(before);
  }, 120_000);
});
