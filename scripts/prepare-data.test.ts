/**
 * The data script's seeded order (`npm run data`): it shuffles and interleaves with core's createRng,
 * so the splits are those core's generator gives. The pinned orders were computed with the script's
 * former private copy of sfc32: the prepared files did not change when that copy was removed.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../src/core/rng.js';
import { DATASETS, interleave, shuffle } from './prepare-data.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('prepare-data: shuffle and interleave draw from core createRng', () => {
  it('the datasets seeds shuffle 0..11 as pinned', () => {
    expect(DATASETS.map((d) => d.seed)).toEqual([20241010, 20241011]);
    expect(shuffle(range(12), createRng(20241010))).toEqual([1, 9, 3, 2, 0, 11, 8, 7, 10, 4, 5, 6]);
    expect(shuffle(range(12), createRng(20241011))).toEqual([10, 4, 8, 3, 6, 11, 9, 7, 1, 5, 2, 0]);
  });

  it('shuffle is Fisher–Yates on createRng: item i swaps with int(i + 1), from the last down', () => {
    for (const seed of [0, 1, 7, 20241010]) {
      const rng = createRng(seed);
      const expected = range(50);
      for (let i = expected.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [expected[i], expected[j]] = [expected[j] as number, expected[i] as number];
      }
      expect(shuffle(range(50), createRng(seed))).toEqual(expected);
    }
  });

  it('interleave continues the same generator: the pinned order, every prefix class-balanced', () => {
    const rng = createRng(20241010);
    shuffle(range(12), rng);
    const order = interleave(
      [
        ['a0', 'a1', 'a2'],
        ['b0', 'b1'],
        ['c0', 'c1', 'c2', 'c3'],
      ],
      rng,
    ).map((k) => k.image);
    expect(order).toEqual(['c0', 'a0', 'c1', 'b0', 'a1', 'c2', 'b1', 'a2', 'c3']);
  });

  it('interleave keys are (j + next()) / n in class order', () => {
    const rng = createRng(3);
    const u = [rng.next(), rng.next(), rng.next()];
    const keyed = interleave([['x', 'y'], ['z']], createRng(3));
    const byImage = Object.fromEntries(keyed.map((k) => [k.image, k]));
    expect(byImage.x).toEqual({ key: (0 + (u[0] as number)) / 2, label: 0, image: 'x' });
    expect(byImage.y).toEqual({ key: (1 + (u[1] as number)) / 2, label: 0, image: 'y' });
    expect(byImage.z).toEqual({ key: (0 + (u[2] as number)) / 1, label: 1, image: 'z' });
    expect(keyed.map((k) => k.key)).toEqual([...keyed.map((k) => k.key)].sort((a, b) => a - b));
  });
});
