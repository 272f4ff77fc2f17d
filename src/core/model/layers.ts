import { pushAll } from '../numbers.js';
import { blockBuilders } from './nasvitLayers.js';
import { headWidth } from './genome.js';
import type { Genome, Layer, LayerKind, LayerShape, SearchSpace } from '../types.js';

/** Bytes per stored value: int8 by default; the byte width is a hardware parameter. */
export interface ByteWidths {
  readonly weight: number;
  readonly act: number;
}
export const INT8: ByteWidths = { weight: 1, act: 1 };

/** Where a layer sits in the network, for naming and grouping. */
export interface LayerSite {
  readonly prefix: string;
  readonly stage: number;
  readonly block: number;
  readonly group: Layer['group'];
}

/** Output size of a "same"-padded op: ceil(h / s). */
export const outSize = (h: number, s: number): number => Math.ceil(h / s);

/** A layer shape; fields not given take neutral values (1×1 maps, no kernel, no tokens, one group). */
const shape = (p: Partial<LayerShape>): LayerShape => {
  const k = p.k ?? 0;
  const stride = p.stride ?? 1;
  return {
    hIn: p.hIn ?? 1,
    wIn: p.wIn ?? 1,
    cIn: p.cIn ?? 0,
    hOut: p.hOut ?? 1,
    wOut: p.wOut ?? 1,
    cOut: p.cOut ?? 0,
    k,
    stride,
    kh: p.kh ?? k,
    kw: p.kw ?? k,
    sh: p.sh ?? stride,
    sw: p.sw ?? stride,
    groups: p.groups ?? 1,
    tokens: p.tokens ?? 0,
    heads: p.heads ?? 0,
  };
};

/** The taps of a layer's kernel (kh·kw): what a depthwise channel or a group's input row spans. */
export const taps = (s: LayerShape): number => s.kh * s.kw;

/** A convolution window (model description v2): kernel and stride per axis, padding. */
export interface Window {
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly padding: 'same' | 'valid';
}

/** A square window with "same" padding (v1 and the search spaces). */
export const square = (k: number, s: number): Window => ({ kh: k, kw: k, sh: s, sw: s, padding: 'same' });

/**
 * Output size along one axis: ceil(n / s) with "same" padding, floor((n − k) / s) + 1 with "valid"
 * (0 when the kernel is larger than the input).
 */
export const windowOut = (n: number, k: number, s: number, padding: Window['padding']): number =>
  padding === 'same' ? Math.ceil(n / s) : n < k ? 0 : Math.floor((n - k) / s) + 1;

interface LayerValues {
  readonly kind: LayerKind;
  readonly macs: number;
  readonly weights: number;
  /** activation values read and written */
  readonly inVals: number;
  readonly outVals: number;
  readonly shape: LayerShape;
}

function make(site: LayerSite, part: string, v: LayerValues, bytes: ByteWidths): Layer {
  return {
    name: site.prefix ? `${site.prefix}.${part}` : part,
    stage: site.stage,
    block: site.block,
    group: site.group,
    kind: v.kind,
    macs: v.macs,
    weights: v.weights,
    weightBytes: v.weights * bytes.weight,
    inBytes: v.inVals * bytes.act,
    outBytes: v.outVals * bytes.act,
    staticWeights: v.kind !== 'matmul',
    shape: v.shape,
  };
}

/** A feature map flowing through the network: h × w × c. */
export interface FeatureMap {
  readonly h: number;
  readonly w: number;
  readonly c: number;
}

/** Regular k×k convolution to `cOut` channels with stride s ("same" padding). */
export function conv(site: LayerSite, part: string, x: FeatureMap, k: number, s: number, cOut: number, b: ByteWidths): Layer {
  return convWindow(site, part, x, square(k, s), cOut, 1, b);
}

/**
 * Convolution over window `win` to `cOut` channels in `groups` groups (each group sees cIn/groups
 * inputs). `out` gives the output size where a file states it (a dilated kernel, explicit padding).
 */
export function convWindow(
  site: LayerSite,
  part: string,
  x: FeatureMap,
  win: Window,
  cOut: number,
  groups: number,
  b: ByteWidths,
  out?: { h: number; w: number },
): Layer {
  const hOut = out?.h ?? windowOut(x.h, win.kh, win.sh, win.padding);
  const wOut = out?.w ?? windowOut(x.w, win.kw, win.sw, win.padding);
  const perGroup = x.c / groups;
  return make(
    site,
    part,
    {
      kind: 'conv',
      macs: hOut * wOut * win.kh * win.kw * perGroup * cOut,
      weights: win.kh * win.kw * perGroup * cOut,
      inVals: x.h * x.w * x.c,
      outVals: hOut * wOut * cOut,
      shape: shape({ hIn: x.h, wIn: x.w, cIn: x.c, hOut, wOut, cOut, ...windowShape(win), groups }),
    },
    b,
  );
}

/** The shape fields of a window. */
const windowShape = (win: Window): Partial<LayerShape> => ({
  k: Math.max(win.kh, win.kw),
  stride: Math.max(win.sh, win.sw),
  kh: win.kh,
  kw: win.kw,
  sh: win.sh,
  sw: win.sw,
});

/** Depthwise k×k convolution with stride s ("same" padding). */
export function dwconv(site: LayerSite, part: string, x: FeatureMap, k: number, s: number, b: ByteWidths): Layer {
  return dwconvWindow(site, part, x, square(k, s), b);
}

/** Depthwise convolution over window `win` (`out`: the output size where a file states it). */
export function dwconvWindow(
  site: LayerSite,
  part: string,
  x: FeatureMap,
  win: Window,
  b: ByteWidths,
  out?: { h: number; w: number },
): Layer {
  const hOut = out?.h ?? windowOut(x.h, win.kh, win.sh, win.padding);
  const wOut = out?.w ?? windowOut(x.w, win.kw, win.sw, win.padding);
  return make(
    site,
    part,
    {
      kind: 'dwconv',
      macs: hOut * wOut * win.kh * win.kw * x.c,
      weights: win.kh * win.kw * x.c,
      inVals: x.h * x.w * x.c,
      outVals: hOut * wOut * x.c,
      shape: shape({ hIn: x.h, wIn: x.w, cIn: x.c, hOut, wOut, cOut: x.c, ...windowShape(win), groups: x.c }),
    },
    b,
  );
}

/** 1×1 convolution to `cOut` channels. */
export function pwconv(site: LayerSite, part: string, x: FeatureMap, cOut: number, b: ByteWidths): Layer {
  return make(
    site,
    part,
    {
      kind: 'pwconv',
      macs: x.h * x.w * x.c * cOut,
      weights: x.c * cOut,
      inVals: x.h * x.w * x.c,
      outVals: x.h * x.w * cOut,
      shape: shape({ hIn: x.h, wIn: x.w, cIn: x.c, hOut: x.h, wOut: x.w, cOut, k: 1 }),
    },
    b,
  );
}

/** Per-token linear layer on n tokens of width cIn. */
export function linear(site: LayerSite, part: string, n: number, cIn: number, cOut: number, b: ByteWidths): Layer {
  return make(
    site,
    part,
    {
      kind: 'linear',
      macs: n * cIn * cOut,
      weights: cIn * cOut,
      inVals: n * cIn,
      outVals: n * cOut,
      shape: shape({ cIn, cOut, k: 1, tokens: n }),
    },
    b,
  );
}

/** Element-wise layer (norm, residual add) over `vals` output values reading `inVals`. */
export function elementwise(
  site: LayerSite,
  part: string,
  kind: 'norm' | 'eltwise' | 'softmax',
  x: FeatureMap,
  inVals: number,
  outVals: number,
  b: ByteWidths,
  tokens = 0,
  heads = 0,
): Layer {
  return make(
    site,
    part,
    {
      kind,
      macs: 0,
      weights: 0,
      inVals,
      outVals,
      shape: shape({ hIn: x.h, wIn: x.w, cIn: x.c, hOut: x.h, wOut: x.w, cOut: x.c, tokens, heads }),
    },
    b,
  );
}

/** Global average pool to 1×1. */
export function pool(site: LayerSite, part: string, x: FeatureMap, b: ByteWidths): Layer {
  return make(
    site,
    part,
    { kind: 'pool', macs: 0, weights: 0, inVals: x.h * x.w * x.c, outVals: x.c, shape: shape({ hIn: x.h, wIn: x.w, cIn: x.c, cOut: x.c }) },
    b,
  );
}

/** Windowed pooling (max or average) from map x to map `out`: no MACs, a pass over the input. */
export function poolWindow(site: LayerSite, part: string, x: FeatureMap, out: FeatureMap, win: Window, b: ByteWidths): Layer {
  return make(
    site,
    part,
    {
      kind: 'pool',
      macs: 0,
      weights: 0,
      inVals: x.h * x.w * x.c,
      outVals: out.h * out.w * out.c,
      shape: shape({ hIn: x.h, wIn: x.w, cIn: x.c, hOut: out.h, wOut: out.w, cOut: out.c, ...windowShape(win) }),
    },
    b,
  );
}

/**
 * A product of two activations on n tokens, per head: [n × cIn/heads] by an activation
 * [cIn/heads × cOut], so n·cIn·cOut MACs in all and heads·cOut output channels (QKᵀ: cIn = d,
 * cOut = n; scores·V: cIn = heads·n, cOut = d/heads). No weights: never placeable on a CIM macro.
 */
export function matmul(
  site: LayerSite,
  part: string,
  n: number,
  cIn: number,
  cOut: number,
  heads: number,
  x: FeatureMap,
  b: ByteWidths,
): Layer {
  return make(
    site,
    part,
    {
      kind: 'matmul',
      macs: n * cIn * cOut,
      weights: 0,
      inVals: n * cIn + cIn * cOut,
      outVals: n * heads * cOut,
      shape: shape({ hIn: x.h, wIn: x.w, cIn, hOut: x.h, wOut: x.w, cOut: heads * cOut, tokens: n, heads }),
    },
    b,
  );
}

/**
 * Multi-head attention core on n tokens with model width d and `heads` heads:
 * QKᵀ (matmul), softmax, attention·V (matmul). Input is Q, K, V concatenated (3d values per token).
 */
export function attention(site: LayerSite, x: FeatureMap, n: number, d: number, heads: number, b: ByteWidths): Layer[] {
  const sh = shape({ hIn: x.h, wIn: x.w, cIn: d, hOut: x.h, wOut: x.w, cOut: d, tokens: n, heads });
  return [
    make(site, 'qk', { kind: 'matmul', macs: n * n * d, weights: 0, inVals: 2 * n * d, outVals: heads * n * n, shape: sh }, b),
    make(site, 'softmax', { kind: 'softmax', macs: 0, weights: 0, inVals: heads * n * n, outVals: heads * n * n, shape: sh }, b),
    make(site, 'av', { kind: 'matmul', macs: n * n * d, weights: 0, inVals: heads * n * n + n * d, outVals: n * d, shape: sh }, b),
  ];
}

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
