// Issue 14: a space file with a misspelt or fixed field was accepted with the field ignored, and a
// preset's choices listed in another order made a new space id.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MINI, NASVIT } from '../core/index.js';
import { spaceFileArg, UsageError } from './args.js';
import { runCli } from './runInProcess.js';

const refusal = (doc: unknown): string => {
  try {
    spaceFileArg(JSON.stringify(doc));
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};
const printed = JSON.parse(runCli('space', '--space', 'mini', '--json').stdout) as Record<string, unknown> & {
  stages: Record<string, unknown>[];
};
const stage = (i: number, edit: Record<string, unknown>) => ({
  ...printed,
  stages: printed.stages.map((s, j) => (j === i ? { ...s, ...edit } : s)),
});

describe('--space FILE is strict', () => {
  it('what `h4h space --json` prints is the preset again; a trim of it is the trimmed space', () => {
    expect(spaceFileArg(JSON.stringify(printed))).toBe(MINI);
    expect(spaceFileArg(JSON.stringify({ ...printed, r: [28] })).id).toBe('mini~r28');
  });

  it("nasvit's head widths are a trim like r and stem; a head in mini is refused", () => {
    const nasvit = JSON.parse(runCli('space', '--space', 'nasvit', '--json').stdout) as Record<string, unknown>;
    expect(spaceFileArg(JSON.stringify(nasvit))).toBe(NASVIT);
    const trimmed = spaceFileArg(JSON.stringify({ ...nasvit, head: [1984] }));
    expect([trimmed.id, trimmed.head]).toEqual(['nasvit~head1984', [1984]]);
    expect(refusal({ ...nasvit, head: [2048] })).toBe('--space head: 2048 not in the space (allowed: 1792, 1984)');
    expect(refusal({ ...printed, head: [1792] })).toBe('--space head: the space "mini" has no head-width gene (its head is fixed)');
  });

  it.each([
    [
      'a misspelt stage field',
      stage(1, { kk: [3] }),
      '--space stages[1]: unknown field "kk" (allowed: name, c, d, k, e, m, hybrid, stride, se)',
    ],
    [
      'a misspelt top-level field',
      { id: 'mini', stemm: [8] },
      '--space (root): unknown field "stemm" (allowed: id, base, r, stem, head, stages; from `h4h space --json`: dataset, inputChannels, classes, headDim, headConv, blocks, label, size, macs, smallest, largest)',
    ],
    [
      'a prototype name',
      JSON.parse('{"id":"mini","__proto__":{"r":[28]},"constructor":1}'),
      '--space (root): unknown fields "__proto__", "constructor"',
    ],
    [
      'headConv changed',
      { ...printed, headConv: 1280 },
      "--space headConv: 1280 differs from mini's 0; it is fixed by the preset (a space file trims r, stem, head and each stage's c, d, k, e, m, hybrid)",
    ],
    [
      'inputChannels changed',
      { id: 'mini', inputChannels: 3 },
      "--space inputChannels: 3 differs from mini's 1; it is fixed by the preset",
    ],
    ['a stride changed', stage(0, { stride: 2 }), "--space stages[0].stride: 2 differs from stage s1's 1; it is fixed by the preset"],
    [
      'hybrid switched on',
      stage(0, { hybrid: true }),
      '--space stages[0].hybrid: true, but stage s1 of mini has no transformer blocks; a file can only make a hybrid stage MBConv-only (false)',
    ],
  ])('%s is refused by name', (_, doc, message) => {
    expect(refusal(doc)).toContain(message);
  });

  it('the same trim has one id, whatever the order or repeats of its lists', () => {
    expect(spaceFileArg(JSON.stringify({ id: 'mini', r: [28, 20, 24] }))).toBe(MINI);
    expect(spaceFileArg(JSON.stringify({ ...printed, stem: [16, 8, 8], stages: [{ name: 's2', e: [4, 2, 3] }] }))).toBe(MINI);
    fc.assert(
      fc.property(fc.shuffledSubarray([20, 24, 28], { minLength: 1 }), fc.shuffledSubarray([2, 3, 4], { minLength: 1 }), (r, e) => {
        const a = spaceFileArg(JSON.stringify({ id: 'mini', r, stages: [{ name: 's3', e }] }));
        const b = spaceFileArg(JSON.stringify({ id: 'mini', r: [...r].sort(), stages: [{ name: 's3', e: [...e].reverse() }] }));
        expect(a.id).toBe(b.id);
        expect(a).toEqual(b);
        expect(a.r).toEqual([20, 24, 28].filter((x) => r.includes(x)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('space files against hostile input (prototype names, extreme numbers, BOMs, oversize)', () => {
  const PROTO = [...Object.getOwnPropertyNames(Object.prototype), '__proto__'];
  const value = fc.oneof(
    fc.constantFrom(
      '1e400',
      '-1',
      '0',
      '28',
      '16',
      '[]',
      '{}',
      'null',
      '"mini"',
      '"\uFEFF"',
      JSON.stringify('x'.repeat(5000)),
      '[28,28]',
      '[1e308]',
      '[-0]',
    ),
    fc.constantFrom(...PROTO).map((n) => JSON.stringify(n)),
  );
  const key = fc.oneof(
    fc.constantFrom(...PROTO),
    fc.constantFrom('id', 'base', 'r', 'stem', 'stages', 'name', 'c', 'd', 'k', 'e', 'm', 'hybrid', 'stride', 'kk', 'headConv'),
  );
  const object = (inner: fc.Arbitrary<string>): fc.Arbitrary<string> =>
    fc
      .array(fc.tuple(key, fc.oneof(value, inner)), { maxLength: 7 })
      .map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
  it('refuses with a short usage message naming the field, or gives a space within the preset; Object.prototype untouched', () => {
    const before = JSON.stringify(Object.getOwnPropertyDescriptors(Object.prototype), (_k, v: unknown) =>
      typeof v === 'function' ? v.name : v,
    );
    const doc = object(fc.array(object(fc.constant('[3]')), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`)).map((t) =>
      t.replace(/^\{/, '{"id":"mini",'),
    );
    fc.assert(
      fc.property(doc, fc.boolean(), (text, bom) => {
        try {
          const s = spaceFileArg(`${bom ? '\uFEFF' : ''}${text}`);
          expect(s.r.every((r) => MINI.r.includes(r))).toBe(true);
          expect(s.stages).toHaveLength(MINI.stages.length);
        } catch (e) {
          expect(e).toBeInstanceOf(UsageError);
          for (const line of (e as Error).message.split('\n')) {
            expect(line).toMatch(/^--space/);
            expect(line.length).toBeLessThan(300);
          }
        }
      }),
      { numRuns: 600 },
    );
    expect(
      JSON.stringify(Object.getOwnPropertyDescriptors(Object.prototype), (_k, v: unknown) => (typeof v === 'function' ? v.name : v)),
    ).toBe(before);
  }, 120_000);
});
