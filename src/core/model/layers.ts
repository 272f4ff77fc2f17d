/**
 * A subnet's layers: the blocks of SPEC §2.1 (MBConv, transformer, head) built from the layer
 * constructors, `expandGenome` (a genome to its ordered layer list) and the totals. The constructors
 * and their shared types live in `layerOps.ts` and `layerBasics.ts`, re-exported here.
 */
import { pushAll } from '../numbers.js';
import { blockBuilders } from './nasvitLayers.js';
import { headWidth } from './genome.js';
import { INT8, outSize, type ByteWidths, type FeatureMap, type LayerSite } from './layerBasics.js';
import { attention, conv, dwconv, elementwise, linear, pool, pwconv } from './layerOps.js';
import type { Genome, Layer, SearchSpace } from '../types.js';

export { INT8, outSize, square, taps, windowOut, type ByteWidths, type FeatureMap, type LayerSite, type Window } from './layerBasics.js';
export { attention, conv, convWindow, dwconv, dwconvWindow, elementwise, linear, matmul, pool, poolWindow, pwconv } from './layerOps.js';

/** MBConv block (SPEC §2.1): expand (when e ≠ 1) → depthwise → project → residual add. */
export function mbconvBlock(
  site: LayerSite,
  x: FeatureMap,
  c: number,
  k: number,
  e: number,
  stride: number,
  b: ByteWidths,
): { layers: Layer[]; out: FeatureMap } {
  const layers: Layer[] = [];
  const mid = e * x.c;
  let y = x;
  if (e !== 1) {
    layers.push(pwconv(site, 'expand', x, mid, b));
    y = { h: x.h, w: x.w, c: mid };
  }
  layers.push(dwconv(site, 'dw', y, k, stride, b));
  y = { h: outSize(x.h, stride), w: outSize(x.w, stride), c: mid };
  layers.push(pwconv(site, 'project', y, c, b));
  const out = { h: y.h, w: y.w, c };
  if (stride === 1 && x.c === c) {
    layers.push(elementwise(site, 'add', 'eltwise', out, 2 * out.h * out.w * c, out.h * out.w * c, b));
  }
  return { layers, out };
}

/** Transformer block on the h·w tokens of a c-channel map (SPEC §3, ViT table). */
export function vitBlock(site: LayerSite, x: FeatureMap, m: number, headDim: number, b: ByteWidths): Layer[] {
  const n = x.h * x.w;
  const c = x.c;
  const heads = Math.max(1, Math.floor(c / headDim));
  const nc = n * c;
  return [
    elementwise(site, 'ln1', 'norm', x, nc, nc, b, n),
    linear(site, 'qkv', n, c, 3 * c, b),
    ...attention(site, x, n, c, heads, b),
    linear(site, 'proj', n, c, c, b),
    elementwise(site, 'add1', 'eltwise', x, 2 * nc, nc, b, n),
    elementwise(site, 'ln2', 'norm', x, nc, nc, b, n),
    linear(site, 'fc1', n, c, m * c, b),
    linear(site, 'fc2', n, m * c, c, b),
    elementwise(site, 'add2', 'eltwise', x, 2 * nc, nc, b, n),
  ];
}

/** The stem's output feature map (3×3 conv, stride 2). */
export function stemOut(g: Genome): FeatureMap {
  const h = outSize(g.r, 2);
  return { h, w: h, c: g.stem };
}

/**
 * Expands a (valid) genome into its ordered layer list: stem, every active block of every stage,
 * head. Names are `stem`, `{stage name}.b{block}.{part}` (the space's stage name, e.g. `s3` or `mb4`; 1-based block), `head.{part}`.
 */
export function expandGenome(space: SearchSpace, g: Genome, bytes: ByteWidths = INT8): Layer[] {
  const input: FeatureMap = { h: g.r, w: g.r, c: space.inputChannels };
  const layers: Layer[] = [conv({ prefix: '', stage: 0, block: 0, group: 'stem' }, 'stem', input, 3, 2, g.stem, bytes)];
  let x = stemOut(g);
  const build = blockBuilders(space);
  g.stages.forEach((st, si) => {
    const spec = space.stages[si];
    if (!spec) throw new Error(`stages[${si}]: the space has only ${space.stages.length} stages`);
    for (let bi = 0; bi < st.d; bi++) {
      const type = st.t[bi] ?? 'mb';
      const site: LayerSite = { prefix: `${spec.name}.b${bi + 1}`, stage: si + 1, block: bi, group: type };
      if (type === 'vit' && bi > 0) {
        pushAll(layers, build.vit(site, x, st.m, bytes));
      } else {
        const r = build.mb(site, x, st.c, st.k, st.e, bi === 0 ? spec.stride : 1, spec, bytes);
        pushAll(layers, r.layers);
        x = r.out;
      }
    }
  });
  pushAll(layers, build.head(space.stages.length + 1, x, headWidth(space, g), bytes));
  return layers;
}

/** Head: optional 1×1 conv, global average pool, classifier. */
export function headLayers(stage: number, x: FeatureMap, headConv: number, classes: number, b: ByteWidths): Layer[] {
  const site: LayerSite = { prefix: 'head', stage, block: 0, group: 'head' };
  const layers: Layer[] = [];
  let y = x;
  if (headConv > 0) {
    layers.push(pwconv(site, 'conv', x, headConv, b));
    y = { ...x, c: headConv };
  }
  layers.push(pool(site, 'pool', y, b));
  layers.push(linear(site, 'fc', 1, y.c, classes, b));
  return layers;
}

/** Total MACs of a layer list. */
export const totalMacs = (layers: readonly Layer[]): number => layers.reduce((s, l) => s + l.macs, 0);
/** Total parameters (weights only: no biases, no norm parameters). */
export const totalParams = (layers: readonly Layer[]): number => layers.reduce((s, l) => s + l.weights, 0);
