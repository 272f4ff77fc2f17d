import { describe, expect, it } from 'vitest';
import type { Genome } from '../core';
import { backendLabel, fmt4, fmtSaving, formatGenome } from './format';

describe('display formatting', () => {
  it('fmt4 keeps exactly 4 significant digits', () => {
    expect(fmt4(0.123456)).toBe('0.1235');
    expect(fmt4(12.3)).toBe('12.30');
    expect(fmt4(123456)).toBe('123,500');
  });

  it('fmtSaving is signed against the baseline', () => {
    expect(fmtSaving(50, 100)).toBe('+50.0 %');
    expect(fmtSaving(110, 100)).toBe('−10.0 %');
    expect(fmtSaving(100, 100)).toBe('0.0 %');
  });

  it('backendLabel names the backend and flags a software adapter', () => {
    const swiftShader = { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true };
    expect(backendLabel({ backend: 'webgpu', adapter: swiftShader })).toBe('WebGPU · SwiftShader (software adapter)');
    expect(
      backendLabel({
        backend: 'webgl',
        adapter: { vendor: 'NVIDIA', architecture: '', description: 'ANGLE (NVIDIA RTX)', isFallbackAdapter: false },
      }),
    ).toBe('WebGL · ANGLE (NVIDIA RTX)');
    expect(backendLabel({ backend: 'cpu', adapter: null })).toBe('CPU');
  });

  it('formatGenome is JSON that parses back to the same genome', () => {
    const genome: Genome = {
      space: 'mini',
      r: 28,
      stem: 16,
      stages: [
        { c: 16, d: 2, k: 3, e: 2, t: ['mb', 'mb'], m: 2 },
        { c: 32, d: 3, k: 5, e: 4, t: ['mb', 'vit', 'mb'], m: 1 },
      ],
    };
    const text = formatGenome(genome);
    expect(JSON.parse(text)).toEqual(genome);
    expect(text.split('\n')).toContain('    { "c": 32, "d": 3, "k": 5, "e": 4, "t": ["mb", "vit", "mb"], "m": 1 }');
  });
});
