/**
 * The shipped predictor file is checked before the page trusts it: every list of measured subnets,
 * the kernel's numbers. (The file is also checked against its SHA-256 in the manifest; this is the
 * second line, for a file that matches a manifest written by mistake.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePredictorFile } from './shipped.js';

const file = JSON.parse(readFileSync('public/supernet/mini-fashion-mnist.predictor.json', 'utf8')) as Record<string, unknown>;
const clone = (): Record<string, unknown> => structuredClone(file);

describe('parsePredictorFile', () => {
  it('reads the shipped file', () => {
    expect(parsePredictorFile(file).predictor.kind).toBe('kernel');
  });

  it('refuses a list of measured subnets that is not one, or an entry without a subnet or with an accuracy outside 0–1, naming it', () => {
    const a = clone();
    (a.test as Record<string, unknown>).samples = 'x';
    expect(() => parsePredictorFile(a)).toThrow('test.samples must be a list');
    const b = clone();
    (b.presets as unknown[])[1] = { arch: null, accuracy: 0.5 };
    expect(() => parsePredictorFile(b)).toThrow('presets[1] must be { arch, accuracy }');
    const c = clone();
    ((c.samples as unknown[])[3] as Record<string, unknown>).accuracy = 86.1;
    expect(() => parsePredictorFile(c)).toThrow('samples[3] must be { arch, accuracy } with an accuracy from 0 to 1');
  });

  it('refuses a kernel with a non-finite width, a zero spread or a support row of the wrong length', () => {
    const kernel = (f: Record<string, unknown>): Record<string, unknown> =>
      (f.predictor as Record<string, unknown>).kernel as Record<string, unknown>;
    const a = clone();
    kernel(a).gamma = Number.POSITIVE_INFINITY;
    expect(() => parsePredictorFile(a)).toThrow('a kernel predictor must have');
    const b = clone();
    ((b.predictor as Record<string, unknown>).numeric as { sd: number[] }).sd[0] = 0;
    expect(() => parsePredictorFile(b)).toThrow('a kernel predictor must have');
    const c = clone();
    (kernel(c).support as number[][])[0]?.pop();
    expect(() => parsePredictorFile(c)).toThrow('a kernel predictor must have');
  });
});
