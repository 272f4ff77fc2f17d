import { at } from '../at.js';
import { describe, expect, it } from 'vitest';
import { cimEligible } from '../hardware/cost.js';
import { expandGenome, INT8, totalMacs, totalParams, type LayerSite } from './layers.js';
import { makeDivisible, nasvitHead, nasvitMbBlock, nasvitVitBlock, seLayer } from './nasvitLayers.js';
import { MINI, NASVIT } from './spaces.js';
import type { BlockType, Genome, Layer } from '../types.js';

// Hand counts from facebookresearch/NASViT: models/modules/dynamic_layers.py (DynamicMBConvLayer,
// DynamicShortcutLayer), dynamic_ops.py (DynamicSE), transformer.py (DynamicSwinTransformerBlock,
// DynamicWindowAttention), attentive_nas_dynamic_model.py (the v3 head). Weights: no biases, no norms.
const SITE: LayerSite = { prefix: 'b', stage: 3, block: 0, group: 'mb' };
const names = (ls: readonly Layer[]): string[] => ls.map((l) => l.name.replace(/^b\./, ''));

describe('make_divisible (nn_utils.py)', () => {
  it('rounds to the nearest multiple of 8, never more than 10 % down', () => {
    expect(makeDivisible(24)).toBe(24);
    expect(makeDivisible(50)).toBe(48); // int(50 + 4) // 8 * 8 = 48 ≥ 45
    expect(makeDivisible(30)).toBe(32);
  });
});

describe('NASViT MBConv with SE: mb3, first block at 224 px (56×56×24 → 28×28×32, k3, e4, stride 2)', () => {
  const { layers, out } = nasvitMbBlock(SITE, { h: 56, w: 56, c: 24 }, 32, 3, 4, 2, true, INT8);
  it('expand, dw, SE (one fused layer), project, then the shortcut (pool on the stride, 1×1 on the width change) and the add', () => {
    expect(names(layers)).toEqual(['expand', 'dw', 'se', 'project', 'short.pool', 'short.conv', 'add']);
    expect(out).toEqual({ h: 28, w: 28, c: 32 });
  });
  it('MACs and weights by hand (SE mid = make_divisible(96 // 4, 8) = 24)', () => {
    expect(totalMacs(layers)).toBe(56 * 56 * 24 * 96 + 28 * 28 * 9 * 96 + 96 * 24 + 24 * 96 + 28 * 28 * 96 * 32 + 28 * 28 * 24 * 32);
    expect(totalParams(layers)).toBe(24 * 96 + 9 * 96 + 96 * 24 + 24 * 96 + 96 * 32 + 24 * 32);
  });
  it('a later block of the stage: identity shortcut, only the add', () => {
    const later = nasvitMbBlock(SITE, out, 32, 3, 4, 1, true, INT8).layers;
    expect(names(later)).toEqual(['expand', 'dw', 'se', 'project', 'add']);
    expect(totalMacs(later)).toBe(28 * 28 * 32 * 128 + 28 * 28 * 9 * 128 + 128 * 32 * 2 + 28 * 28 * 128 * 32);
  });
  it('SE on 200 channels reduces to make_divisible(50, 8) = 48', () => {
    const se = seLayer(SITE, { h: 14, w: 14, c: 200 }, INT8);
    expect(totalMacs([se])).toBe(200 * 48 + 48 * 200);
    expect(totalParams([se])).toBe(200 * 48 + 48 * 200);
  });
  it('the fused SE runs with its activations: not CIM-placeable, reads the map twice (pool, multiply), writes it once', () => {
    const se = seLayer(SITE, { h: 14, w: 14, c: 200 }, INT8);
    expect([se.kind, se.staticWeights, cimEligible(se), se.inBytes, se.outBytes]).toEqual([
      'pwconv',
      false,
      false,
      2 * 14 * 14 * 200,
      14 * 14 * 200,
    ]);
  });
  it('without SE (mb4) and with e = 1 (mb1): no SE layers, no expand', () => {
    expect(names(nasvitMbBlock(SITE, { h: 112, w: 112, c: 16 }, 16, 3, 1, 1, false, INT8).layers)).toEqual(['dw', 'project', 'add']);
  });
});

describe('NASViT transformer block: mb4 at 224 px (14×14 tokens, c = 64, 8 heads of 8)', () => {
  const n = 14 * 14;
  const layers = nasvitVitBlock({ ...SITE, group: 'vit' }, { h: 14, w: 14, c: 64 }, 1, INT8);
  it('LayerNorm, q, k, v (4c), 3×3 dw on v, QKᵀ, bias, talking heads around the softmax, ·V, proj; two FFNs', () => {
    expect(names(layers)).toEqual([
      'ln1',
      'q',
      'k',
      'v',
      'vconv',
      'qk',
      'bias',
      'proj_l',
      'softmax',
      'proj_w',
      'av',
      'proj',
      'add1',
      'ln2',
      'ffn1.fc1',
      'ffn1.fc2',
      'add2',
      'ln3',
      'ffn2.fc1',
      'ffn2.fc2',
      'add3',
    ]);
  });
  it('MACs and weights by hand', () => {
    const attention = n * 64 * 64 * 2 + n * 64 * 256 + n * 9 * 256 + n * n * 64 + 2 * n * n * 8 * 8 + n * n * 256 + n * 256 * 64;
    const ffns = 2 * (n * 64 * 64 + n * 64 * 64);
    expect(totalMacs(layers)).toBe(attention + ffns);
    expect(totalParams(layers)).toBe(64 * 64 * 2 + 64 * 256 + 9 * 256 + 2 * 8 * 8 + 256 * 64 + 4 * 64 * 64);
  });
  it('the talking-heads projections have static weights (CIM-placeable), the attention products not', () => {
    const by = (x: string) => layers.find((l) => l.name === `b.${x}`) as Layer;
    expect([by('proj_l').kind, by('proj_l').staticWeights, by('proj_l').macs]).toEqual(['linear', true, n * n * 8 * 8]);
    expect([by('qk').staticWeights, by('av').staticWeights]).toEqual([false, false]);
  });
  it('m scales both FFNs (NASViT fixes m = 1)', () => {
    const m2 = nasvitVitBlock(SITE, { h: 14, w: 14, c: 64 }, 2, INT8);
    expect(totalMacs(m2) - totalMacs(layers)).toBe(4 * n * 64 * 64);
  });
});

describe('NASViT v3 head: c₇ = 224 at 7×7, 1792 wide', () => {
  const layers = nasvitHead(8, { h: 7, w: 7, c: 224 }, 1792, 1000, INT8);
  it('1×1 to 6·c₇, pool, 1×1 to 1792 on the pooled map, classifier', () => {
    expect(layers.map((l) => [l.name, l.kind])).toEqual([
      ['head.expand', 'pwconv'],
      ['head.pool', 'pool'],
      ['head.mix', 'pwconv'],
      ['head.fc', 'linear'],
    ]);
    expect(totalMacs(layers)).toBe(7 * 7 * 224 * 1344 + 1344 * 1792 + 1792 * 1000);
    expect(totalParams(layers)).toBe(224 * 1344 + 1344 * 1792 + 1792 * 1000);
  });
});

describe("NASViT v3 head 1984 wide (the head gene's other choice): c₇ = 224 at 7×7", () => {
  const layers = nasvitHead(8, { h: 7, w: 7, c: 224 }, 1984, 1000, INT8);
  it('the same four layers; the mix and the classifier 1984 wide', () => {
    expect(layers.map((l) => [l.name, l.shape.cOut])).toEqual([
      ['head.expand', 1344],
      ['head.pool', 1344],
      ['head.mix', 1984],
      ['head.fc', 1000],
    ]);
    expect(totalMacs(layers)).toBe(7 * 7 * 224 * 1344 + 1344 * 1984 + 1984 * 1000);
    expect(totalParams(layers)).toBe(224 * 1344 + 1344 * 1984 + 1984 * 1000);
  });
});

describe('the head gene in a nasvit genome: 1984 for head: 1984, 1792 without it', () => {
  // r 224: stem 112, mb1 112, mb2 56, mb3 28, mb4 14, mb5 7, mb6 7, mb7 4 (stride 2 on 7: ⌈7/2⌉); c₇ = 208
  const g: Genome = {
    space: 'nasvit',
    r: 224,
    stem: 16,
    stages: NASVIT.stages.map((s) => ({
      c: at(s.c, 0),
      d: at(s.d, 0),
      k: 3,
      e: at(s.e, 0),
      t: Array.from({ length: at(s.d, 0) }, (): BlockType => 'mb'),
      m: 1,
    })),
  };
  const base = expandGenome(NASVIT, g);
  const wide = expandGenome(NASVIT, { ...g, head: 1984 });
  it('the layers before the head are the same; the head is 6·208 = 1248 wide, then 1984', () => {
    expect(wide.slice(0, -4)).toEqual(base.slice(0, -4));
    expect(expandGenome(NASVIT, { ...g, head: 1792 })).toEqual(base);
    const head = wide.slice(-4);
    expect(head.map((l) => [l.name, l.shape.cIn, l.shape.cOut])).toEqual([
      ['head.expand', 208, 1248],
      ['head.pool', 1248, 1248],
      ['head.mix', 1248, 1984],
      ['head.fc', 1984, 1000],
    ]);
    expect(totalMacs(head)).toBe(4 * 4 * 208 * 1248 + 1248 * 1984 + 1984 * 1000);
    expect(totalParams(head)).toBe(208 * 1248 + 1248 * 1984 + 1984 * 1000);
  });
  it('1984 adds (1984 − 1792)·(1248 + 1000) MACs and weights over 1792', () => {
    expect(totalMacs(wide) - totalMacs(base)).toBe((1984 - 1792) * (1248 + 1000));
    expect(totalParams(wide) - totalParams(base)).toBe((1984 - 1792) * (1248 + 1000));
  });
});

describe('the nasvit preset expands with NASViT blocks; mini keeps its own', () => {
  const g: Genome = {
    space: 'nasvit',
    r: 224,
    stem: 16,
    stages: NASVIT.stages
      .map((s, i) => ({
        c: at(s.c, 0),
        d: 3,
        k: 3,
        e: at(s.e, 0),
        t: (i >= 3 ? ['mb', 'vit', 'mb'] : ['mb', 'mb', 'mb']) as BlockType[],
        m: 1,
      }))
      .map((s, i) => (i === 0 ? { ...s, d: 2, t: ['mb', 'mb'] as BlockType[] } : s)),
  };
  const layers = expandGenome(NASVIT, g);
  it('SE only in mb3, mb5, mb6, mb7 (misc/config.py)', () => {
    const withSe = new Set(layers.filter((l) => l.name.endsWith('.se')).map((l) => l.name.split('.')[0]));
    expect([...withSe]).toEqual(['mb3', 'mb5', 'mb6', 'mb7']);
  });
  it("transformer blocks are NASViT's, the head is the v3 head", () => {
    expect(layers.some((l) => l.name === 'mb4.b2.proj_l')).toBe(true);
    expect(layers.slice(-4).map((l) => l.name)).toEqual(['head.expand', 'head.pool', 'head.mix', 'head.fc']);
  });
  it('mini has no SE, no shortcut convs, no talking heads', () => {
    const mini = expandGenome(MINI, {
      space: 'mini',
      r: 28,
      stem: 16,
      stages: MINI.stages.map((s) => ({
        c: at(s.c, 1),
        d: 2,
        k: 3,
        e: at(s.e, 0),
        t: ['mb', s.hybrid ? 'vit' : 'mb'] as BlockType[],
        m: 1,
      })),
    });
    expect(mini.some((l) => /\.(se$|se\.|short\.|proj_l)/.test(l.name))).toBe(false);
  });
});
