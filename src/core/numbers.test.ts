import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxOf, minOf, pushAll, shorten } from './numbers.js';

describe('maxOf, minOf, pushAll: Math.max/min and push without a spread', () => {
  it('agree with Math.max and Math.min on any list a spread can take (NaN, ±0, ±Infinity included)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity)), { maxLength: 50 }), (xs) => {
        expect(Object.is(maxOf(xs), Math.max(...xs))).toBe(true);
        expect(Object.is(minOf(xs), Math.min(...xs))).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(maxOf([], 0)).toBe(0);
    expect(minOf([], 1)).toBe(1);
  });
  it('take 1,000,000 elements, where the spread throws a RangeError', () => {
    const xs = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(() => Math.max(...xs)).toThrow(RangeError);
    let hi = -Infinity;
    for (const x of xs) if (x > hi) hi = x;
    expect(maxOf(xs)).toBe(hi);
    expect(minOf(xs)).toBe(0);
    const to = [1];
    expect(pushAll(to, xs)).toHaveLength(1_000_001);
  });
  it('shorten cuts untrusted text for a message and says how long it was', () => {
    expect(shorten('abc')).toBe('abc');
    expect(shorten('x'.repeat(10_000_000))).toBe(`${'x'.repeat(39)}… (10,000,000 characters)`);
  });
});
