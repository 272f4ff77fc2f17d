/**
 * The layer constructors: one `Layer` per operation (convolutions, depthwise and pointwise, linear,
 * element-wise, pooling, activation products and attention) with its MACs, weights and activation
 * traffic counted from its shape.
 */
import {
  make,
  shape,
  square,
  windowOut,
  windowShape,
  type ByteWidths,
  type FeatureMap,
  type LayerSite,
  type Window,
} from './layerBasics.js';
import type { Layer } from '../types.js';

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
