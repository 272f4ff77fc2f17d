/**
 * Convolutions (NHWC) for the fast CPU kernels: the depthwise convolution (channel multiplier 1) with
 * its two gradients, and the full convolution of the stem with its filter gradient. The WebAssembly
 * kernels where the runtime has them; else JavaScript loops that do the same float32 operations in
 * the same order. Dilations, other layouts and multipliers go to the stock kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { callWasm, heapOf } from './heap.js';
import { fr, out, sizeOf, stock, valuesOf, type Args, type KernelFunc, type Values } from './base.js';

interface ConvAttrs {
  strides: number | [number, number];
  dilations?: number | [number, number];
  pad: 'same' | 'valid' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: string;
}

/** A convolution's sizes: batch, input, output (CO) channels, output, filter, strides, padding before. */
interface Geometry {
  readonly B: number;
  readonly H: number;
  readonly W: number;
  readonly C: number;
  readonly CO: number;
  readonly OH: number;
  readonly OW: number;
  readonly FH: number;
  readonly FW: number;
  readonly sh: number;
  readonly sw: number;
  readonly top: number;
  readonly left: number;
}

const pair = (v: number | readonly [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/** The geometry TF.js computes for these shapes and attributes; null for what the kernels do not cover. */
function geometry(xShape: readonly number[], filterShape: readonly number[], attrs: ConvAttrs, depthwise: boolean): Geometry | null {
  const dil = pair(attrs.dilations ?? 1);
  if (dil[0] !== 1 || dil[1] !== 1 || (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC')) return null;
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    pair(attrs.strides),
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
  );
  return {
    B: info.batchSize,
    H: info.inHeight,
    W: info.inWidth,
    C: info.inChannels,
    CO: info.outChannels,
    OH: info.outHeight,
    OW: info.outWidth,
    FH: info.filterHeight,
    FW: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    top: info.padInfo.top,
    left: info.padInfo.left,
  };
}

/** The geometry arguments of the WebAssembly depthwise kernels, in their order. */
const depthwiseArgs = (g: Geometry): number[] => [g.B, g.H, g.W, g.C, g.OH, g.OW, g.FH, g.FW, g.sh, g.sw, g.top, g.left];
/** The geometry arguments of the WebAssembly full convolutions, in their order. */
const convArgs = (g: Geometry): number[] => [g.B, g.H, g.W, g.C, g.OH, g.OW, g.FH, g.FW, g.CO, g.sh, g.sw, g.top, g.left];

/** Which pixel an array of `depthwiseJs` is indexed by: the output pixel, the input pixel or the filter tap. */
const AT_Y = 0;
const AT_X = 1;
const AT_F = 2;
type At = typeof AT_Y | typeof AT_X | typeof AT_F;
const baseAt = (at: At, y: number, x: number, f: number): number => (at === AT_Y ? y : at === AT_X ? x : f);

/**
 * The JavaScript twin of the three WebAssembly depthwise kernels: for each output pixel (b, oy, ox)
 * and each filter tap (r, c) that lands inside the input (x[b, oy·s+r−top, ox·s+c−left]), over the
 * channels d: acc[i+d] += fr(p[j+d]·q[k+d]), where i, j, k are the offsets of the pixel or tap each
 * array is indexed by (`accAt`, `pAt`, `qAt`). The forward pass and both gradients are this loop.
 */
function depthwiseJs(g: Geometry, acc: Float32Array, accAt: At, p: Values, pAt: At, q: Values, qAt: At): void {
  const { B, H, W, C, OH, OW, FH, FW, sh, sw, top, left } = g;
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const yBase = ((b * OH + oy) * OW + ox) * C;
        for (let r = 0; r < FH; r++) {
          const xr = oy * sh + r - top;
          if (xr < 0 || xr >= H) continue;
          for (let cc = 0; cc < FW; cc++) {
            const xc = ox * sw + cc - left;
            if (xc < 0 || xc >= W) continue;
            const xBase = ((b * H + xr) * W + xc) * C;
            const fBase = (r * FW + cc) * C;
            const i = baseAt(accAt, yBase, xBase, fBase);
            const j = baseAt(pAt, yBase, xBase, fBase);
            const k = baseAt(qAt, yBase, xBase, fBase);
            for (let d = 0; d < C; d++) acc[i + d] = (acc[i + d] as number) + fr((p[j + d] as number) * (q[k + d] as number));
          }
        }
      }
    }
  }
}

/** One of the three depthwise kernels, as `depthwiseKernel` builds it. */
interface DepthwiseSpec {
  /** the stock kernel, for the cases this one does not cover */
  readonly stock: string;
  /** its two inputs (p, q) and the geometry; null where it does not cover the case */
  readonly take: (args: Args) => { p: tf.TensorInfo; q: tf.TensorInfo; g: Geometry } | null;
  readonly shape: (g: Geometry) => number[];
  readonly wasm: 'depthwise' | 'depthwiseDx' | 'depthwiseDf';
  /** the pixel or tap each of the output, p and q is indexed by (`depthwiseJs`) */
  readonly at: readonly [At, At, At];
}

function depthwiseKernel(spec: DepthwiseSpec): KernelFunc {
  return (args) => {
    const taken = spec.take(args);
    if (!taken) return stock(spec.stock, args);
    const { p, q, g } = taken;
    const shape = spec.shape(g);
    const w = heapOf(args);
    if (w) {
      const kernel = w.exports[spec.wasm];
      return callWasm(args, w, [p, q], [shape], (pp, pq, pr) => kernel(pp, pq, pr, ...depthwiseArgs(g)))[0] as tf.TensorInfo;
    }
    const acc = new Float32Array(sizeOf(shape));
    const [accAt, pAt, qAt] = spec.at;
    depthwiseJs(g, acc, accAt, valuesOf(args, p), pAt, valuesOf(args, q), qAt);
    return out(args, shape, acc);
  };
}

/** Depthwise forward, channel multiplier 1: y[b,oy,ox,d] = Σ x[b, oy·s+r−top, ox·s+c−left, d]·f[r,c,d]. */
export const depthwiseForward = depthwiseKernel({
  stock: 'DepthwiseConv2dNative',
  take: (args) => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const g =
      x.dtype === 'float32' && filter.shape[3] === 1 ? geometry(x.shape, filter.shape, args.attrs as unknown as ConvAttrs, true) : null;
    return g && { p: x, q: filter, g };
  },
  shape: (g) => [g.B, g.OH, g.OW, g.C],
  wasm: 'depthwise',
  at: [AT_Y, AT_X, AT_F],
});

/** Depthwise input gradient: dx[b, oy·s+r−top, ox·s+c−left, d] += dy[b,oy,ox,d]·f[r,c,d]. */
export const depthwiseBackpropInput = depthwiseKernel({
  stock: 'DepthwiseConv2dNativeBackpropInput',
  take: (args) => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
    const g = dy.dtype === 'float32' && filter.shape[3] === 1 ? geometry(attrs.inputShape, filter.shape, attrs, true) : null;
    return g && { p: dy, q: filter, g };
  },
  shape: (g) => [g.B, g.H, g.W, g.C],
  wasm: 'depthwiseDx',
  at: [AT_X, AT_Y, AT_F],
});

/** Depthwise filter gradient: df[r,c,d] = Σ x[b, oy·s+r−top, ox·s+c−left, d]·dy[b,oy,ox,d]. */
export const depthwiseBackpropFilter = depthwiseKernel({
  stock: 'DepthwiseConv2dNativeBackpropFilter',
  take: (args) => {
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
    const covered = x.dtype === 'float32' && dy.dtype === 'float32' && attrs.filterShape[3] === 1;
    const g = covered ? geometry(x.shape, attrs.filterShape, attrs, true) : null;
    return g && { p: x, q: dy, g };
  },
  shape: (g) => [g.FH, g.FW, g.C, 1],
  wasm: 'depthwiseDf',
  at: [AT_F, AT_X, AT_Y],
});

/**
 * Full convolution (the stem), NHWC: the stock kernel's arithmetic (each term added in float64, the
 * sum rounded to float32 at once, taps then input channels in order) in WebAssembly; the stock
 * kernel itself where there is none.
 */
export const conv2dForward: KernelFunc = (args) => {
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs;
  const g = x.dtype === 'float32' && filter.dtype === 'float32' ? geometry(x.shape, filter.shape, attrs, false) : null;
  const w = g ? heapOf(args) : null;
  if (!g || !w) return stock('Conv2D', args);
  const shape = [g.B, g.OH, g.OW, g.CO];
  return callWasm(args, w, [x, filter], [shape], (px, pf, py) => w.exports.conv2d(px, pf, py, ...convArgs(g)))[0] as tf.TensorInfo;
};

/** Full convolution's filter gradient (the stem): dW[r,c,i,o] = Σ x[b, oy·s+r−top, ox·s+c−left, i]·dy[b,oy,ox,o]. */
export const conv2dBackpropFilter: KernelFunc = (args) => {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
  const g = x.dtype === 'float32' && dy.dtype === 'float32' ? geometry(x.shape, attrs.filterShape, attrs, false) : null;
  if (!g) return stock('Conv2DBackpropFilter', args);
  const shape = [g.FH, g.FW, g.C, g.CO];
  const w = heapOf(args);
  if (w) {
    const run = (px: number, pg: number, pw: number, ps: number): void => w.exports.conv2dDw(px, pg, pw, ps, ...convArgs(g));
    return callWasm(args, w, [x, dy], [shape], run, 2 * sizeOf(shape))[0] as tf.TensorInfo;
  }
  return out(args, shape, conv2dDfJs(g, valuesOf(args, x), valuesOf(args, dy)));
};

/** The stem's filter gradient in JavaScript: float64 sums in the stock kernel's order, rounded once. */
function conv2dDfJs(g: Geometry, xv: Values, dyv: Values): Float32Array {
  const { B, H, W, C: CI, CO, OH, OW, FH, FW, sh, sw, top, left } = g;
  const acc = new Float64Array(FH * FW * CI * CO);
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const dyBase = ((b * OH + oy) * OW + ox) * CO;
        for (let r = 0; r < FH; r++) {
          const xr = oy * sh + r - top;
          if (xr < 0 || xr >= H) continue;
          for (let cc = 0; cc < FW; cc++) {
            const xc = ox * sw + cc - left;
            if (xc < 0 || xc >= W) continue;
            const xBase = ((b * H + xr) * W + xc) * CI;
            for (let i = 0; i < CI; i++) {
              const xi = xv[xBase + i] as number;
              if (xi === 0) continue;
              const aBase = ((r * FW + cc) * CI + i) * CO;
              for (let o = 0; o < CO; o++) acc[aBase + o] = (acc[aBase + o] as number) + xi * (dyv[dyBase + o] as number);
            }
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}
