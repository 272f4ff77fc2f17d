import { describe, expect, it } from 'vitest';
import { at, IndexError } from './at.js';

describe('at', () => {
  it('returns the element at an index of an array or a typed array', () => {
    expect(at([5, 6, 7], 2)).toBe(7);
    expect(at(new Float64Array([1.5, 2.5]), 0)).toBe(1.5);
    expect(at(['a'], 0)).toBe('a');
  });

  it('throws an IndexError naming the index and length when out of range', () => {
    expect(() => at([1, 2], 2)).toThrow(IndexError);
    expect(() => at([1, 2], -1)).toThrow('index -1 outside a list of 2');
    expect(() => at(new Int32Array(3), 3)).toThrow('index 3 outside a list of 3');
  });
});
