import fc from 'fast-check';
import { at } from '../at.js';
import { describe, expect, it } from 'vitest';
import {
  constraintDominates,
  crowdingDistance,
  hypervolume,
  hypervolumeOfCosts,
  nonDominatedIndices,
  nonDominatedSort,
  normalise,
  paretoDominates,
  type Direction,
  type ObjectiveBounds,
  type Scored,
} from './pareto.js';

const intPoints = (d: number, max: number, minLength = 0, maxLength = 12) =>
  fc.array(fc.array(fc.integer({ min: 0, max }), { minLength: d, maxLength: d }), { minLength, maxLength });
const directionsArb = (d: number) => fc.array(fc.constantFrom<Direction>('min', 'max'), { minLength: d, maxLength: d });
/** identity normalisation: integer points stay integers, so volumes are exact */
const identity = (d: number): ObjectiveBounds[] => Array.from({ length: d }, () => ({ direction: 'min', lo: 0, hi: 1 }));

/** Union volume of the boxes [p, ref) by counting unit cells (integer points, exact). */
function gridVolume(points: readonly (readonly number[])[], ref: readonly number[]): number {
  let count = 0;
  const cell = new Array<number>(ref.length).fill(0);
  const walk = (dim: number): void => {
    if (dim === ref.length) {
      if (points.some((p) => p.every((v, i) => v <= at(cell, i)))) count++;
      return;
    }
    for (let x = 0; x < at(ref, dim); x++) {
      cell[dim] = x;
      walk(dim + 1);
    }
  };
  walk(0);
  return count;
}

/** Union volume by inclusion–exclusion over every subset (exact for integer points). */
function inclusionExclusion(points: readonly (readonly number[])[], ref: readonly number[]): number {
  let total = 0;
  for (let mask = 1; mask < 1 << points.length; mask++) {
    const chosen = points.filter((_, i) => (mask >> i) & 1);
    const box = ref.reduce((v, r, i) => v * Math.max(0, r - Math.max(...chosen.map((p) => at(p, i)))), 1);
    total += (chosen.length % 2 === 1 ? 1 : -1) * box;
  }
  return total;
}

describe('dominance', () => {
  it('Pareto dominance follows each direction', () => {
    expect(paretoDominates([0.9, 10], [0.8, 12], ['max', 'min'])).toBe(true);
    expect(paretoDominates([0.9, 10], [0.9, 10], ['max', 'min'])).toBe(false);
    expect(paretoDominates([0.9, 13], [0.8, 12], ['max', 'min'])).toBe(false);
  });
  it('constraint domination: feasible beats infeasible, then smaller violation, then Pareto', () => {
    const d: Direction[] = ['min', 'min'];
    expect(constraintDominates({ values: [9, 9], violation: 0 }, { values: [1, 1], violation: 0.1 }, d)).toBe(true);
    expect(constraintDominates({ values: [9, 9], violation: 0.2 }, { values: [1, 1], violation: 0.5 }, d)).toBe(true);
    expect(constraintDominates({ values: [1, 1], violation: 0.5 }, { values: [9, 9], violation: 0.2 }, d)).toBe(false);
    expect(constraintDominates({ values: [1, 1], violation: 0.3 }, { values: [9, 9], violation: 0.3 }, d)).toBe(false);
    expect(constraintDominates({ values: [1, 2], violation: 0 }, { values: [2, 2], violation: 0 }, d)).toBe(true);
  });
});

describe('non-dominated sorting', () => {
  it('equals the definition: front k is what nothing outside fronts < k dominates (random sets, violations)', () => {
    const item = fc.record({
      values: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 3, maxLength: 3 }),
      violation: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 3 })),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), directionsArb(3), fc.integer({ min: 1, max: 3 }), (raw, dirs3, m) => {
        const items: Scored[] = raw.map((x) => ({ values: x.values.slice(0, m), violation: x.violation }));
        const dirs = dirs3.slice(0, m);
        const fronts = nonDominatedSort(items, dirs);
        let rest = items.map((_, i) => i);
        for (const front of fronts) {
          const expected = rest.filter((i) => !rest.some((j) => constraintDominates(items[j] as Scored, items[i] as Scored, dirs)));
          expect(front).toEqual(expected);
          rest = rest.filter((i) => !front.includes(i));
        }
        expect(rest).toEqual([]);
      }),
    );
  });
  it('the fast extractor equals brute-force filtering in 1–4 dimensions, ties and duplicates included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((d) => fc.tuple(intPoints(d, 4, 0, 40), directionsArb(d))),
        ([points, dirs]) => {
          const brute = points.flatMap((p, i) => (points.some((q) => paretoDominates(q, p, dirs)) ? [] : [i]));
          expect(nonDominatedIndices(points, dirs)).toEqual(brute);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('a large 2-D and 3-D set: same as brute force', () => {
    let s = 7;
    const rand = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const d of [2, 3]) {
      const points = Array.from({ length: 600 }, () => Array.from({ length: d }, () => Math.round(rand() * 1000) / 10));
      const dirs: Direction[] = d === 2 ? ['max', 'min'] : ['max', 'min', 'min'];
      const brute = points.flatMap((p, i) => (points.some((q) => paretoDominates(q, p, dirs)) ? [] : [i]));
      expect(nonDominatedIndices(points, dirs)).toEqual(brute);
    }
  });
});

describe('crowding distance', () => {
  it('boundary points are Infinity; interior points sum normalised neighbour gaps', () => {
    expect(
      crowdingDistance([
        [0, 4],
        [1, 3],
        [2, 2],
        [4, 0],
      ]),
    ).toEqual([Infinity, 1, 1.5, Infinity]);
  });
  it('order of the input does not matter', () => {
    expect(
      crowdingDistance([
        [2, 2],
        [4, 0],
        [0, 4],
        [1, 3],
      ]),
    ).toEqual([1.5, Infinity, Infinity, 1]);
  });
  it('one or two points are all boundary; a flat objective adds nothing', () => {
    expect(crowdingDistance([[1, 2]])).toEqual([Infinity]);
    expect(
      crowdingDistance([
        [1, 2],
        [3, 0],
      ]),
    ).toEqual([Infinity, Infinity]);
    expect(
      crowdingDistance([
        [0, 5],
        [1, 5],
        [3, 5],
      ]),
    ).toEqual([Infinity, 1, Infinity]);
    expect(crowdingDistance([])).toEqual([]);
  });
});

describe('hypervolume', () => {
  it('2-D and 3-D equal grid counting exactly (random integer points)', () => {
    for (const d of [2, 3]) {
      const ref = Array.from({ length: d }, () => 7);
      fc.assert(
        fc.property(intPoints(d, 7, 0, 15), (points) => {
          expect(hypervolumeOfCosts(points, ref)).toBe(gridVolume(points, ref));
          expect(hypervolume(points, identity(d), ref).value).toBe(gridVolume(points, ref));
        }),
        { numRuns: 150 },
      );
    }
  });
  it('2-D, 3-D and 4-D equal inclusion–exclusion exactly (small sets)', () => {
    for (const d of [2, 3, 4]) {
      const ref = Array.from({ length: d }, () => 6);
      fc.assert(
        fc.property(intPoints(d, 6, 1, 7), (points) => {
          expect(hypervolumeOfCosts(points, ref)).toBe(inclusionExclusion(points, ref));
        }),
        { numRuns: 100 },
      );
    }
  });
  it('adding a dominated point changes nothing; adding a non-dominated one increases it', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 3 })
          .chain((d) => fc.tuple(intPoints(d, 9, 1, 10), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: d, maxLength: d }))),
        ([points, extra]) => {
          const ref = extra.map(() => 10);
          const before = hypervolumeOfCosts(points, ref);
          const after = hypervolumeOfCosts([...points, extra], ref);
          const covered = points.some((p) => p.every((v, i) => v <= at(extra, i)));
          if (covered) expect(after).toBe(before);
          else expect(after).toBeGreaterThan(before);
        },
      ),
      { numRuns: 200 },
    );
  });
  it('known values: the ideal point fills the reference box; a staircase', () => {
    const bounds: ObjectiveBounds[] = [
      { direction: 'max', lo: 0, hi: 1 },
      { direction: 'min', lo: 2, hi: 12 },
    ];
    const ideal = hypervolume([[1, 2]], bounds);
    expect(ideal.value).toBeCloseTo(1.21, 12);
    expect(ideal.ref).toEqual([1.1, 1.1]);
    expect(ideal.bounds).toBe(bounds);
    // normalised (0.5, 0) and (0, 0.5): 1.1·0.6 + 1.1·0.6 − 0.6·0.6
    expect(
      hypervolume(
        [
          [0.5, 2],
          [1, 7],
        ],
        bounds,
      ).value,
    ).toBeCloseTo(0.6 * 1.1 * 2 - 0.36, 12);
    expect(hypervolume([[0, 0, 0]], identity(3), 1.1).value).toBeCloseTo(1.331, 12);
    expect(hypervolumeOfCosts([[2], [1], [3]], [4])).toBe(3);
  });
  it('points at or beyond the reference point add nothing; an empty set has none', () => {
    expect(
      hypervolumeOfCosts(
        [
          [5, 1],
          [1, 5],
        ],
        [5, 5],
      ),
    ).toBe(0);
    expect(hypervolume([], identity(2)).value).toBe(0);
    expect(() => hypervolume([[0, 0]], identity(2), [1, 1, 1])).toThrow(/3 reference coordinates for 2 objectives/);
  });
  it('normalise maps the best end to 0 and the worst to 1 for both directions', () => {
    expect(
      normalise(
        [0.9, 5],
        [
          { direction: 'max', lo: 0, hi: 1 },
          { direction: 'min', lo: 5, hi: 15 },
        ],
      ),
    ).toEqual([0.09999999999999998, 0]);
    expect(
      normalise(
        [0, 15],
        [
          { direction: 'max', lo: 0, hi: 1 },
          { direction: 'min', lo: 5, hi: 15 },
        ],
      ),
    ).toEqual([1, 1]);
  });
});
