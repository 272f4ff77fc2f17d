import { describe, expect, it } from 'vitest';
import { keepMeasure, keptMeasure, MAX_KEPT, readKept, SHIPPED_CACHE_KEY } from './shippedCache';

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), raw: m };
};

describe('shipped measurements kept between visits', () => {
  it('keeps a measurement under its key and gives it back; a new one under the same key replaces it', () => {
    const s = memory();
    expect(keptMeasure(s, 'a')).toBeNull();
    keepMeasure(s, 'a', { accuracy: 0.9126, images: 5000, step: 7000 });
    keepMeasure(s, 'b', { accuracy: 0.86, images: 5000, step: 7000 });
    keepMeasure(s, 'a', { accuracy: 0.9, images: 5000, step: 7000 });
    expect(keptMeasure(s, 'a')).toEqual({ accuracy: 0.9, images: 5000, step: 7000 });
    expect(readKept(s).map(([k]) => k)).toEqual(['b', 'a']);
  });

  it(`keeps the latest ${MAX_KEPT} only`, () => {
    const s = memory();
    for (let i = 0; i < MAX_KEPT + 5; i++) keepMeasure(s, `k${i}`, { accuracy: 0.5, images: 10, step: 1 });
    const kept = readKept(s);
    expect(kept).toHaveLength(MAX_KEPT);
    expect(kept[0]?.[0]).toBe('k5');
    expect(keptMeasure(s, 'k4')).toBeNull();
  });

  it('whatever is stored is checked: bad JSON, wrong shapes and out-of-range values are ignored, never thrown', () => {
    const s = memory();
    s.raw.set(SHIPPED_CACHE_KEY, '{not json');
    expect(readKept(s)).toEqual([]);
    s.raw.set(SHIPPED_CACHE_KEY, JSON.stringify({ a: 1 }));
    expect(readKept(s)).toEqual([]);
    s.raw.set(
      SHIPPED_CACHE_KEY,
      JSON.stringify([
        ['ok', { accuracy: 0.8, images: 100, step: 3 }],
        ['big', { accuracy: 85, images: 100, step: 3 }],
        ['nan', { accuracy: null, images: 100, step: 3 }],
        ['frac', { accuracy: 0.8, images: 1.5, step: 3 }],
        [7, { accuracy: 0.8, images: 100, step: 3 }],
        ['x'.repeat(500), { accuracy: 0.8, images: 100, step: 3 }],
        'junk',
      ]),
    );
    expect(readKept(s).map(([k]) => k)).toEqual(['ok']);
    s.raw.set(SHIPPED_CACHE_KEY, JSON.stringify([['ok', { accuracy: 0.8, images: 100, step: 3 }]]).padEnd(100_001, ' '));
    expect(readKept(s)).toEqual([]);
  });

  it('blocked or full storage keeps nothing and throws nothing', () => {
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(readKept(blocked)).toEqual([]);
    expect(() => keepMeasure(blocked, 'a', { accuracy: 0.5, images: 1, step: 1 })).not.toThrow();
    expect(readKept(null)).toEqual([]);
    expect(() => keepMeasure(null, 'a', { accuracy: 0.5, images: 1, step: 1 })).not.toThrow();
  });
});
