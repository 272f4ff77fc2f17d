/**
 * Data movement and reductions the attention blocks spend their time in, for the fast CPU kernels:
 * `Transpose`, `Sum`, `Mean`, `Sqrt`, `Softmax`. Bit for bit what the stock kernels compute (same
 * operations, same order, same roundings), so replacing them changes no number: the stock ones walk
 * every element through index arithmetic.
 */
import * as tf from '@tensorflow/tfjs';
import { output } from './heap.js';
import { fr, nextRun, out, sizeOf, stock, stridesOf, valuesOf, type KernelFunc, type Values } from './base.js';

/** out[o] = x[perm⁻¹(o)]: walks the output in order with an odometer over the input's strides. */
export const transposeKernel: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { perm } = args.attrs as unknown as { perm: number[] };
  if (x.dtype !== 'float32') return stock('Transpose', args);
  const shape = x.shape;
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p] as number);
  const xs = stridesOf(shape);
  const st = perm.map((p) => xs[p] as number);
  const n = sizeOf(shape);
  if (n === 0 || rank === 0) return out(args, outShape, Float32Array.from(valuesOf(args, x)));
  const { info, values: r } = output(args, outShape);
  const xv = valuesOf(args, x);
  const last = rank - 1;
  const inner = outShape[last] as number;
  const innerStride = st[last] as number;
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let o = 0; o < n; o += inner) {
    if (innerStride === 1) r.set(xv.subarray(src, src + inner), o);
    else for (let j = 0, q = src; j < inner; j++, q += innerStride) r[o + j] = xv[q] as number;
    src += nextRun(idx, outShape, st);
  }
  return info;
};

/**
 * Sum over `axis`: each output adds its elements in the input's memory order, in float64, rounded
 * once — the order and precision of the stock kernel, which transposes the reduced axes innermost
 * first (a copy this does not need).
 */
export const sumKernel: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  if (x.dtype !== 'float32') return stock('Sum', args);
  const { shape, values } = sumOver(valuesOf(args, x), x.shape, axis, keepDims);
  return out(args, shape, values);
};

/** Sum of xv (shape `shape`) over `axis`, as `sumKernel` computes it. */
function sumOver(
  xv: Values,
  shape: readonly number[],
  axis: number | number[],
  keepDims: boolean,
): { shape: number[]; values: Float32Array } {
  const rank = shape.length;
  const axes = tf.util.parseAxisParam(axis, [...shape]);
  const reduced = shape.map((_, i) => axes.includes(i));
  const kept = shape.filter((_, i) => !reduced[i]);
  const keptStrides = stridesOf(kept);
  // the output index step of each input axis (0 for a reduced one)
  const step: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) step.push(reduced[i] ? 0 : (keptStrides[k++] as number));
  const acc = new Float64Array(sizeOf(kept));
  const n = xv.length;
  if (rank === 0) acc[0] = xv[0] as number;
  else {
    const idx = new Array<number>(rank).fill(0);
    const last = rank - 1;
    const inner = shape[last] as number;
    const innerStep = step[last] as number;
    let dst = 0;
    for (let i = 0; i < n; i += inner) {
      if (innerStep === 0) {
        let s = acc[dst] as number;
        for (let j = 0; j < inner; j++) s += xv[i + j] as number;
        acc[dst] = s;
      } else for (let j = 0, q = dst; j < inner; j++, q += innerStep) acc[q] = (acc[q] as number) + (xv[i + j] as number);
      dst += nextRun(idx, shape, step);
    }
  }
  return { shape: keepDims ? shape.map((d, i) => (reduced[i] ? 1 : d)) : kept, values: Float32Array.from(acc) };
}

/**
 * Mean over `axis` as the stock kernel computes it: each element divided by the count first (rounded
 * to float32), then summed as `sumKernel` sums (the stock one transposes and reads index by index).
 */
export const meanKernel: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  if (x.dtype !== 'float32') return stock('Mean', args);
  const axes = tf.util.parseAxisParam(axis, [...x.shape]);
  const count = fr(sizeOf(axes.map((i) => x.shape[i] as number)));
  const xv = valuesOf(args, x);
  const d = new Float32Array(xv.length);
  for (let i = 0; i < xv.length; i++) d[i] = (xv[i] as number) / count;
  const { shape, values } = sumOver(d, x.shape, axis, keepDims);
  return out(args, shape, values);
};

/** Square root of each element (the stock kernel's operation, without its per-element callback). */
export const sqrtKernel: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  if (x.dtype !== 'float32') return stock('Sqrt', args);
  const { info, values: r } = output(args, [...x.shape]);
  const xv = valuesOf(args, x);
  for (let i = 0; i < xv.length; i++) r[i] = Math.sqrt(xv[i] as number);
  return info;
};

/**
 * Softmax over the last axis, the stock kernel's steps fused per row: the row's max, x − max and
 * its exp (each rounded to float32), their sum in float64 rounded once, then each exp divided by it.
 */
export const softmaxKernel: KernelFunc = (args) => {
  const { logits } = args.inputs as { logits: tf.TensorInfo };
  const { dim } = args.attrs as unknown as { dim: number };
  const rank = logits.shape.length;
  if (logits.dtype !== 'float32' || rank === 0 || !(dim === -1 || dim === rank - 1)) return stock('Softmax', args);
  const c = logits.shape[rank - 1] as number;
  const { info, values: r } = output(args, [...logits.shape]);
  const v = valuesOf(args, logits);
  for (let o = 0; o < v.length; o += c) {
    let m = v[o] as number;
    for (let j = 0; j < c; j++) {
      const t = v[o + j] as number;
      if (Number.isNaN(t) || t > m) m = t;
    }
    let s = 0;
    for (let j = 0; j < c; j++) {
      const e = fr(Math.exp(fr((v[o + j] as number) - m)));
      r[o + j] = e;
      s += e;
    }
    const sf = fr(s);
    for (let j = 0; j < c; j++) r[o + j] = (r[o + j] as number) / sf;
  }
  return info;
};
