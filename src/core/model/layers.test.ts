import { at } from '../at.js';
import { describe, expect, it } from 'vitest';
import { expandGenome, mbconvBlock, totalMacs, totalParams, vitBlock, INT8, type LayerSite } from './layers.js';
import { expandModel, mobileNetV2, validateModel } from './model.js';
import { MINI, NASVIT } from './spaces.js';
import type { Genome, Layer } from '../types.js';

const SITE: LayerSite = { prefix: 'b', stage: 1, block: 0, group: 'mb' };
const pick = (ls: readonly Layer[], name: string): Layer => {
  const l = ls.find((x) => x.name === name);
  if (!l) throw new Error(`no layer ${name} in ${ls.map((x) => x.name).join(',')}`);
  return l;
};
const nums = (l: Layer) => [l.kind, l.macs, l.weights, l.inBytes, l.outBytes, l.staticWeights];

describe('reference networks', () => {
  it('MobileNetV2 at 224 px: 300,774,272 MACs and 3,469,760 weights (torchvision)', () => {
    const layers = expandModel(mobileNetV2(224));
    expect(totalMacs(layers)).toBe(300774272);
    expect(totalParams(layers)).toBe(3469760);
    expect(layers.filter((l) => l.kind === 'eltwise')).toHaveLength(10);
  });
});

describe('MBConv block', () => {
  it('expand, depthwise (stride 2), project; no residual on a stride', () => {
    const { layers, out } = mbconvBlock(SITE, { h: 14, w: 14, c: 16 }, 24, 3, 4, 2, INT8);
    expect(layers.map((l) => l.name)).toEqual(['b.expand', 'b.dw', 'b.project']);
    expect(nums(pick(layers, 'b.expand'))).toEqual(['pwconv', 14 * 14 * 16 * 64, 16 * 64, 14 * 14 * 16, 14 * 14 * 64, true]);
    expect(nums(pick(layers, 'b.dw'))).toEqual(['dwconv', 7 * 7 * 9 * 64, 9 * 64, 14 * 14 * 64, 7 * 7 * 64, true]);
    expect(nums(pick(layers, 'b.project'))).toEqual(['pwconv', 7 * 7 * 64 * 24, 64 * 24, 7 * 7 * 64, 7 * 7 * 24, true]);
    expect(out).toEqual({ h: 7, w: 7, c: 24 });
  });
  it('e = 1 omits the expansion; stride 1 with equal widths adds the residual', () => {
    const { layers } = mbconvBlock(SITE, { h: 5, w: 5, c: 8 }, 8, 5, 1, 1, INT8);
    expect(layers.map((l) => l.name)).toEqual(['b.dw', 'b.project', 'b.add']);
    expect(nums(pick(layers, 'b.dw'))).toEqual(['dwconv', 25 * 25 * 8, 25 * 8, 200, 200, true]);
    expect(nums(pick(layers, 'b.add'))).toEqual(['eltwise', 0, 0, 400, 200, true]);
  });
  it('odd sizes round up with "same" padding', () => {
    const { out } = mbconvBlock(SITE, { h: 7, w: 7, c: 8 }, 8, 3, 2, 2, INT8);
    expect(out).toEqual({ h: 4, w: 4, c: 8 });
  });
});

describe('ViT block (SPEC §3 table)', () => {
  // N = 16 tokens, c = 32, m = 2, headDim 8 → h = 4 heads
  const layers = vitBlock({ ...SITE, group: 'vit' }, { h: 4, w: 4, c: 32 }, 2, 8, INT8);
  const N = 16;
  const c = 32;
  it('has the eleven layers in order', () => {
    expect(layers.map((l) => l.name.slice(2))).toEqual(['ln1', 'qkv', 'qk', 'softmax', 'av', 'proj', 'add1', 'ln2', 'fc1', 'fc2', 'add2']);
  });
  it('every row matches the table', () => {
    expect(nums(pick(layers, 'b.ln1'))).toEqual(['norm', 0, 0, N * c, N * c, true]);
    expect(nums(pick(layers, 'b.qkv'))).toEqual(['linear', N * c * 3 * c, 3 * c * c, N * c, 3 * N * c, true]);
    expect(nums(pick(layers, 'b.qk'))).toEqual(['matmul', N * N * c, 0, 2 * N * c, 4 * N * N, false]);
    expect(nums(pick(layers, 'b.softmax'))).toEqual(['softmax', 0, 0, 4 * N * N, 4 * N * N, true]);
    expect(nums(pick(layers, 'b.av'))).toEqual(['matmul', N * N * c, 0, 4 * N * N + N * c, N * c, false]);
    expect(nums(pick(layers, 'b.proj'))).toEqual(['linear', N * c * c, c * c, N * c, N * c, true]);
    expect(nums(pick(layers, 'b.add1'))).toEqual(['eltwise', 0, 0, 2 * N * c, N * c, true]);
    expect(nums(pick(layers, 'b.fc1'))).toEqual(['linear', N * c * 2 * c, 2 * c * c, N * c, 2 * N * c, true]);
    expect(nums(pick(layers, 'b.fc2'))).toEqual(['linear', N * 2 * c * c, 2 * c * c, 2 * N * c, N * c, true]);
    expect(pick(layers, 'b.qk').shape).toMatchObject({ tokens: 16, heads: 4 });
  });
  it('byte widths scale bytes, not counts', () => {
    const wide = vitBlock({ ...SITE, group: 'vit' }, { h: 4, w: 4, c: 32 }, 2, 8, { weight: 2, act: 4 });
    const q = pick(wide, 'b.qkv');
    expect([q.weights, q.weightBytes, q.inBytes, q.outBytes]).toEqual([3 * c * c, 6 * c * c, 4 * N * c, 12 * N * c]);
  });
});

describe('genome expansion', () => {
  const g: Genome = {
    space: 'mini',
    r: 28,
    stem: 8,
    stages: [
      { c: 8, d: 1, k: 3, e: 1, t: ['mb'], m: 1 },
      { c: 16, d: 1, k: 3, e: 2, t: ['mb'], m: 1 },
      { c: 24, d: 2, k: 3, e: 2, t: ['mb', 'vit'], m: 1 },
      { c: 32, d: 1, k: 3, e: 2, t: ['mb'], m: 1 },
    ],
  };
  const layers = expandGenome(MINI, g);
  it('walks stem, stages, head with the right shapes', () => {
    expect(layers.map((l) => l.name)).toEqual([
      'stem',
      's1.b1.dw',
      's1.b1.project',
      's1.b1.add',
      's2.b1.expand',
      's2.b1.dw',
      's2.b1.project',
      's3.b1.expand',
      's3.b1.dw',
      's3.b1.project',
      's3.b2.ln1',
      's3.b2.qkv',
      's3.b2.qk',
      's3.b2.softmax',
      's3.b2.av',
      's3.b2.proj',
      's3.b2.add1',
      's3.b2.ln2',
      's3.b2.fc1',
      's3.b2.fc2',
      's3.b2.add2',
      's4.b1.expand',
      's4.b1.dw',
      's4.b1.project',
      'head.pool',
      'head.fc',
    ]);
    // stem: 3×3 stride 2 from 28×28×1 to 14×14×8
    expect(nums(pick(layers, 'stem'))).toEqual(['conv', 14 * 14 * 9 * 8, 72, 784, 14 * 14 * 8, true]);
    // stage 3 runs at 7×7: 49 tokens of width 24, 3 heads
    expect(pick(layers, 's3.b2.qk').macs).toBe(49 * 49 * 24);
    expect(pick(layers, 's3.b2.qk').outBytes).toBe(3 * 49 * 49);
    // stage 4 strides to 4×4
    expect(pick(layers, 's4.b1.project').shape).toMatchObject({ hOut: 4, wOut: 4, cIn: 48, cOut: 32 });
    expect(nums(pick(layers, 'head.pool'))).toEqual(['pool', 0, 0, 16 * 32, 32, true]);
    expect(nums(pick(layers, 'head.fc'))).toEqual(['linear', 320, 320, 32, 10, true]);
    expect(layers.every((l) => l.weightBytes === l.weights)).toBe(true);
  });
  it("nasvit ends in NASViT's v3 head: 1×1 to 6·c, pool, 1×1 to 1792, a 1000-way classifier", () => {
    const big = expandGenome(NASVIT, {
      space: 'nasvit',
      r: 224,
      stem: 16,
      stages: NASVIT.stages.map((s) => ({
        c: at(s.c, 0),
        d: at(s.d, 0),
        k: 3,
        e: at(s.e, 0),
        t: Array.from({ length: at(s.d, 0) }, () => 'mb' as const),
        m: 1,
      })),
    });
    expect(big.slice(1, 3).map((l) => l.name)).toEqual(['mb1.b1.dw', 'mb1.b1.project']);
    const head = big.slice(-4);
    expect(head.map((l) => l.name)).toEqual(['head.expand', 'head.pool', 'head.mix', 'head.fc']);
    // strides 2 (stem),1,2,2,2,2,1,2 from 224: 112 → 112 → 56 → 28 → 14 → 7 → 7 → 4
    expect(head[0]?.shape).toMatchObject({ hIn: 4, cIn: 208, cOut: 6 * 208 });
    expect(head[2]?.shape).toMatchObject({ hIn: 1, cIn: 6 * 208, cOut: 1792 });
    expect(head[3]?.macs).toBe(1792 * 1000);
  });
});

describe('model description (SPEC §3.1)', () => {
  it('expands every op with the table formulas', () => {
    const layers = expandModel({
      name: 'all-ops',
      input: [8, 8, 3],
      layers: [
        { op: 'conv', k: 3, s: 2, c: 12 },
        { op: 'act' },
        { op: 'dw', k: 3, s: 1 },
        { op: 'pw', c: 12 },
        { op: 'add' },
        { op: 'tokens' },
        { op: 'norm' },
        { op: 'linear', c: 36 },
        { op: 'attention', heads: 3 },
        { op: 'pool' },
        { op: 'fc', c: 5 },
      ],
    });
    expect(layers.map((l) => [l.name, ...nums(l)])).toEqual([
      ['0.conv', 'conv', 4 * 4 * 9 * 3 * 12, 9 * 3 * 12, 192, 192, true],
      ['2.dw', 'dwconv', 16 * 9 * 12, 9 * 12, 192, 192, true],
      ['3.pw', 'pwconv', 16 * 12 * 12, 144, 192, 192, true],
      ['4.add', 'eltwise', 0, 0, 384, 192, true],
      ['6.norm', 'norm', 0, 0, 192, 192, true],
      ['7.linear', 'linear', 16 * 12 * 36, 12 * 36, 192, 576, true],
      ['8.attention.qk', 'matmul', 16 * 16 * 12, 0, 2 * 16 * 12, 3 * 256, false],
      ['8.attention.softmax', 'softmax', 0, 0, 768, 768, true],
      ['8.attention.av', 'matmul', 16 * 16 * 12, 0, 768 + 192, 192, false],
      ['9.pool', 'pool', 0, 0, 192, 12, true],
      ['10.fc', 'linear', 60, 60, 12, 5, true],
    ]);
  });
  it('refuses bad descriptions naming the field', () => {
    const errs = (x: unknown): readonly string[] => {
      const r = validateModel(x);
      return r.ok ? [] : r.errors;
    };
    expect(errs({ name: 'x', input: [8, 8, 3], layers: [{ op: 'conv', k: 3, s: 1, c: 0 }] })[0]).toMatch(/^layers\[0\]\.c: /);
    expect(errs({ name: 'x', input: [8, 8, 3], layers: [{ op: 'spin' }] })[0]).toMatch(/^layers\[0\]\.op: /);
    expect(errs({ name: 'x', input: [8, 8], layers: [{ op: 'pool' }] })[0]).toMatch(/^input/);
    expect(errs({ name: 'x', input: [8, 8, 4], layers: [{ op: 'attention', heads: 1 }] })).toEqual([
      'layers[0].op: attention needs Q, K, V concatenated (channels divisible by 3), got 4',
    ]);
    expect(errs({ name: 'x', input: [8, 8, 12], layers: [{ op: 'attention', heads: 3 }] })).toEqual([
      'layers[0].heads: 3 does not divide the width 4',
    ]);
  });
});
