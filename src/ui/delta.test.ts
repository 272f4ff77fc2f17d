import { describe, expect, it } from 'vitest';
import { deltaClass, fmtDelta } from './delta';

describe('fmtDelta', () => {
  it('writes the sign, the absolute change and the change in % of the baseline', () => {
    expect(fmtDelta(0.252, 0.24, 'ms')).toBe('+0.01200 ms (+5.0 %)');
    expect(fmtDelta(750, 800, 'µJ')).toBe('−50.00 µJ (−6.3 %)');
    expect(fmtDelta(1, 1, 'ms')).toBe('±0 ms (0.0 %)');
    expect(fmtDelta(2, 0, 'µs')).toBe('+2.000 µs');
  });
  it('larger is worse', () => {
    expect(deltaClass(2, 1)).toBe('delta-worse');
    expect(deltaClass(1, 2)).toBe('delta-better');
    expect(deltaClass(1, 1)).toBe('delta-same');
  });
});
