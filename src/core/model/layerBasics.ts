/**
 * What every layer constructor shares: byte widths, where a layer sits (`LayerSite`), feature maps
 * and convolution windows with their output sizes, and `make`, which turns a layer's counted values
 * (MACs, weights, activations read and written, shape) into a `Layer` with its bytes.
 */
import type { Layer, LayerKind, LayerShape } from '../types.js';

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
export const shape = (p: Partial<LayerShape>): LayerShape => {
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

/** What a constructor counts of one layer; `make` adds the names and the bytes. */
export interface LayerValues {
  readonly kind: LayerKind;
  readonly macs: number;
  readonly weights: number;
  /** activation values read and written */
  readonly inVals: number;
  readonly outVals: number;
  readonly shape: LayerShape;
}

/** The `Layer` of `v` at `site`, its part named `part`, with bytes at the widths `bytes`. */
export function make(site: LayerSite, part: string, v: LayerValues, bytes: ByteWidths): Layer {
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

/** The shape fields of a window. */
export const windowShape = (win: Window): Partial<LayerShape> => ({
  k: Math.max(win.kh, win.kw),
  stride: Math.max(win.sh, win.sw),
  kh: win.kh,
  kw: win.kw,
  sh: win.sh,
  sw: win.sw,
});
