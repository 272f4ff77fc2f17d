import { interpolateViridis as d3Viridis } from 'd3';
import { describe, expect, it } from 'vitest';
import { interpolateViridis } from './viridis';

describe('viridis', () => {
  it('is d3-scale-chromatic’s map, colour for colour (clamped outside [0, 1])', () => {
    for (let i = -3; i <= 259; i++) expect(interpolateViridis(i / 256), String(i)).toBe(d3Viridis(i / 256));
    expect(interpolateViridis(0.5)).toBe(d3Viridis(0.5));
  });
});
