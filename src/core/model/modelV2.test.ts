import { describe, expect, it } from 'vitest';
import { cimCost, npuCost } from '../hardware/cost.js';
import { getSystem } from '../hardware/hardware.js';
import { totalMacs, totalParams } from './layers.js';
import { expandModel, validateModel, type ModelDescription, type ModelOp } from './model.js';

/** Validates, then expands: a v2 description as the CLI and the page take it. */
function layersOf(model: unknown) {
  const r = validateModel(model);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return expandModel(r.value);
}
const errs = (model: unknown): readonly string[] => {
  const r = validateModel(model);
  return r.ok ? [] : r.errors;
};

/** DeiT-Tiny (patch 16, 224 px): 12 blocks of width 192, 3 heads, MLP ratio 4, a class token. */
function deitTiny(): ModelDescription {
  const block: ModelOp[] = [
    { op: 'norm' },
    { op: 'linear', c: 576 },
    { op: 'attention', heads: 3 },
    { op: 'linear', c: 192 },
    { op: 'add' },
    { op: 'norm' },
    { op: 'linear', c: 768 },
    { op: 'act' },
    { op: 'linear', c: 192 },
    { op: 'add' },
  ];
  return {
    name: 'deit-tiny',
    input: [224, 224, 3],
    layers: [
      { op: 'conv', k: 16, s: 16, c: 192 },
      { op: 'tokens', extra: 1 },
      ...Array.from({ length: 12 }, () => block).flat(),
      { op: 'norm' },
      { op: 'pool' },
      { op: 'fc', c: 1000 },
    ],
  };
}

/** DS-CNN-L of ARM-software/ML-zoo (model_size_info 6 276 10 4 2 1 276 3 3 2 2 276 3 3 1 1 × 4): 49 frames × 10 MFCCs. */
function dsCnnL(): ModelDescription {
  const ds = (s: number): ModelOp[] => [{ op: 'dw', k: 3, s }, { op: 'act' }, { op: 'pw', c: 276 }, { op: 'act' }];
  return {
    name: 'ds-cnn-l',
    input: [49, 10, 1],
    layers: [
      { op: 'conv', kh: 10, kw: 4, sh: 2, sw: 1, c: 276 },
      { op: 'act' },
      ...ds(2),
      ...ds(1),
      ...ds(1),
      ...ds(1),
      ...ds(1),
      { op: 'pool' },
      { op: 'fc', c: 12 },
    ],
  };
}

/** A wav2letter-style net: 1-D convolutions over 296 frames of 39 features (kh 1). */
function wav2letter(): ModelDescription {
  const c1 = (kw: number, c: number, sw = 1): ModelOp => ({ op: 'conv', kh: 1, kw, sw, c });
  return {
    name: 'wav2letter',
    input: [1, 296, 39],
    layers: [c1(48, 250, 2), ...Array.from({ length: 7 }, () => c1(7, 250)), c1(32, 2000), c1(1, 2000), c1(1, 29)],
  };
}

describe('model description v2 (SPEC §3.1): exact MACs and weights', () => {
  it('DeiT-Tiny: a 16×16 patch embedding with stride 16, 197 tokens with the class token', () => {
    const layers = layersOf(deitTiny());
    expect(layers[0]).toMatchObject({ kind: 'conv', macs: 14 * 14 * 16 * 16 * 3 * 192, weights: 16 * 16 * 3 * 192 });
    expect(layers[0]?.shape).toMatchObject({ hOut: 14, wOut: 14, kh: 16, kw: 16, sh: 16, sw: 16, k: 16, stride: 16 });
    // per block: 197 × (192·576 + 192·192 + 192·768 + 768·192) linear MACs and 2 · 197² · 192 in attention
    const perBlock = 197 * 442_368 + 2 * 197 * 197 * 192;
    expect(totalMacs(layers)).toBe(28_901_376 + 12 * perBlock + 192 * 1000);
    expect(totalMacs(layers)).toBe(1_253_683_200);
    expect(totalParams(layers)).toBe(147_456 + 12 * 442_368 + 192_000);
    expect(totalParams(layers)).toBe(5_647_872);
    const qk = layers.find((l) => l.name === '4.attention.qk');
    expect(qk).toMatchObject({ kind: 'matmul', macs: 197 * 197 * 192, staticWeights: false });
  });

  it('DS-CNN-L: a 10×4 first convolution with stride (2, 1), then five depthwise-separable blocks', () => {
    const layers = layersOf(dsCnnL());
    expect(layers[0]).toMatchObject({ macs: 25 * 10 * 10 * 4 * 276, weights: 10 * 4 * 276 });
    expect(layers[0]?.shape).toMatchObject({ hOut: 25, wOut: 10, kh: 10, kw: 4, sh: 2, sw: 1, k: 10, stride: 2 });
    expect(layers[1]).toMatchObject({ kind: 'dwconv', macs: 13 * 5 * 9 * 276 });
    expect(totalMacs(layers)).toBe(2_760_000 + 5 * (13 * 5 * 9 * 276 + 13 * 5 * 276 * 276) + 276 * 12);
    expect(totalMacs(layers)).toBe(28_327_812);
    expect(totalParams(layers)).toBe(11_040 + 5 * (9 * 276 + 276 * 276) + 276 * 12);
    expect(totalParams(layers)).toBe(407_652);
  });

  it('wav2letter-style 1-D convolutions (1 × k kernels along the frames)', () => {
    const layers = layersOf(wav2letter());
    expect(layers.map((l) => l.shape.wOut)).toEqual(Array.from({ length: 11 }, () => 148));
    expect(totalMacs(layers)).toBe(148 * (48 * 39 * 250 + 7 * 7 * 250 * 250 + 32 * 250 * 2000 + 2000 * 2000 + 2000 * 29));
    expect(totalMacs(layers)).toBe(3_491_098_000);
    expect(totalParams(layers)).toBe(23_588_500);
  });

  it('padding "valid", grouped convolutions, windowed pooling, pad and reshape', () => {
    const layers = layersOf({
      name: 'v2-ops',
      input: [11, 9, 8],
      layers: [
        { op: 'conv', k: 3, s: 2, c: 16, padding: 'valid' }, // 5 × 4
        { op: 'conv', k: 3, c: 32, groups: 4 }, // each group: 4 in, 8 out
        { op: 'pad', top: 1, bottom: 0, left: 1, right: 1 }, // 6 × 6
        { op: 'pool', k: 2, s: 2 }, // 3 × 3
        { op: 'dw', kh: 3, kw: 1, padding: 'valid' }, // 1 × 3
        { op: 'reshape', to: [3, 1, 32] },
        { op: 'fc', c: 10 },
      ],
    });
    expect(layers.map((l) => [l.kind, l.macs, l.weights, l.shape.hOut, l.shape.wOut, l.shape.cOut])).toEqual([
      ['conv', 5 * 4 * 9 * 8 * 16, 9 * 8 * 16, 5, 4, 16],
      ['conv', 5 * 4 * 9 * 4 * 32, 9 * 4 * 32, 5, 4, 32],
      ['pool', 0, 0, 3, 3, 32],
      ['dwconv', 1 * 3 * 3 * 32, 3 * 32, 1, 3, 32],
      ['linear', 96 * 10, 96 * 10, 1, 1, 10],
    ]);
    expect(layers[1]?.shape.groups).toBe(4);
  });

  it('matmul of two activations and concat of branches (costed one after another, as a chain)', () => {
    const layers = layersOf({
      name: 'branches',
      input: [4, 4, 8],
      layers: [
        {
          op: 'concat',
          branches: [
            [{ op: 'pw', c: 6 }],
            [
              { op: 'dw', k: 3 },
              { op: 'pw', c: 10 },
            ],
            [],
          ],
        },
        { op: 'tokens' },
        { op: 'matmul', c: 16, heads: 2 }, // 16 tokens × 24 by 24 × 16, per head: 12 → 16
        { op: 'softmax' },
      ],
    });
    expect(layers.map((l) => [l.name, l.kind, l.macs, l.weights, l.shape.cOut])).toEqual([
      ['0.b0.0.pw', 'pwconv', 16 * 8 * 6, 48, 6],
      ['0.b1.0.dw', 'dwconv', 16 * 9 * 8, 72, 8],
      ['0.b1.1.pw', 'pwconv', 16 * 8 * 10, 80, 10],
      ['0.concat', 'eltwise', 0, 0, 24],
      ['2.matmul', 'matmul', 16 * 24 * 16, 0, 32],
      ['3.softmax', 'softmax', 0, 0, 32],
    ]);
    expect(layers[4]?.staticWeights).toBe(false);
  });

  it('a rectangular kernel costs by its taps: the same as a square one of as many taps, on both units', () => {
    const hw = getSystem('u55-mram');
    const [sq] = layersOf({ name: 'sq', input: [16, 16, 32], layers: [{ op: 'dw', k: 4 }] });
    const [rect] = layersOf({ name: 'rect', input: [16, 16, 32], layers: [{ op: 'dw', kh: 8, kw: 2 }] });
    if (!sq || !rect) throw new Error('no layer');
    expect(rect.macs).toBe(sq.macs);
    expect(npuCost(rect, hw.params, false).timeUs).toBe(npuCost(sq, hw.params, false).timeUs);
    expect(cimCost(rect, hw.params).timeUs).toBe(cimCost(sq, hw.params).timeUs);
    // a depthwise layer is a grouped convolution with one channel per group: the same cost
    const [grouped] = layersOf({ name: 'g', input: [16, 16, 32], layers: [{ op: 'conv', k: 4, c: 32, groups: 32 }] });
    expect(grouped?.macs).toBe(sq.macs);
    expect(cimCost(grouped as typeof sq, hw.params).computeUs).toBe(cimCost(sq, hw.params).computeUs);
  });

  it('refuses what does not fit, naming the field', () => {
    expect(errs({ name: 'x', input: [8, 8, 3], layers: [{ op: 'conv', s: 1, c: 4 }] })).toEqual([
      'layers[0].k: required (a whole number 1–64), or both kh and kw',
    ]);
    expect(errs({ name: 'x', input: [8, 8, 3], layers: [{ op: 'conv', k: 65, c: 4 }] })[0]).toMatch(
      /^layers\[0\]\.k: must be a whole number 1–64/,
    );
    expect(errs({ name: 'x', input: [8, 8, 6], layers: [{ op: 'conv', k: 3, c: 4, groups: 4 }] })).toEqual([
      'layers[0].groups: 4 must divide the input channels (6) and the output channels (4)',
    ]);
    expect(errs({ name: 'x', input: [8, 8, 3], layers: [{ op: 'conv', k: 9, c: 4, padding: 'valid' }] })).toEqual([
      'layers[0]: a 9×9 window with "valid" padding does not fit the 8×8 input',
    ]);
    expect(errs({ name: 'x', input: [8, 8, 3], layers: [{ op: 'conv', k: 3, c: 4, padding: 'full' }] })[0]).toBe(
      'layers[0].padding: must be "same" or "valid"',
    );
    expect(errs({ name: 'x', input: [8, 8, 3], layers: [{ op: 'reshape', to: [8, 8, 4] }, { op: 'pool' }] })).toEqual([
      'layers[0].to: [8, 8, 4] holds 256 values, the input 8×8×3 holds 192',
    ]);
    expect(
      errs({
        name: 'x',
        input: [8, 8, 3],
        layers: [{ op: 'concat', branches: [[{ op: 'pw', c: 4 }], [{ op: 'conv', k: 3, s: 2, c: 4 }]] }],
      }),
    ).toEqual(['layers[0].branches[1]: ends at 4×4, branch 0 at 8×8; a concat joins maps of one size']);
    expect(errs({ name: 'x', input: [8, 8, 3], layers: [{ op: 'concat', branches: [[{ op: 'spin' }], []] }] })[0]).toMatch(
      /^layers\[0\]\.branches\[0\]\[0\]\.op: must be one of/,
    );
    expect(errs({ name: 'x', input: [8, 8, 3], layers: [{ op: 'concat', branches: [[{ op: 'pw', c: 4 }]] }] })[0]).toBe(
      'layers[0].branches: needs at least two branches',
    );
    // nesting deeper than the limit
    let deep: ModelOp = { op: 'pw', c: 4 };
    for (let i = 0; i < 10; i++) deep = { op: 'concat', branches: [[deep], []] };
    expect(errs({ name: 'x', input: [8, 8, 3], layers: [deep] })[0]).toMatch(/branches nested more than 8 deep$/);
  });
});
