/**
 * `BatchMatMul` for the fast CPU kernels: the WebAssembly SIMD `matmul` where there is one, else its
 * JavaScript twin with the same float32 arithmetic (each product rounded, then added in k order), so
 * both give the same bits. Pointwise convolutions and linears of the supernet are this kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { callWasm, heapOf } from './heap.js';
import { fr, out, sizeOf, stock, valuesOf, type KernelFunc, type Values } from './base.js';

/**
 * C[M,N] = A·B, A read through strides (element (i,k) at aOff + i·sai + k·sak), B row-major [K,N]:
 * the JavaScript twin of the WebAssembly `matmul`, with the same float32 arithmetic (each product
 * rounded, then added in k order into a float32 accumulator), so both give the same bits.
 */
function mmJs(
  av: Values,
  aOff: number,
  sai: number,
  sak: number,
  b: Values,
  M: number,
  K: number,
  N: number,
  c: Float32Array,
  cOff: number,
): void {
  const acc = new Float32Array(N);
  for (let i = 0; i < M; i++) {
    acc.fill(0);
    for (let k = 0; k < K; k++) {
      const x = av[aOff + i * sai + k * sak] as number;
      const bb = k * N;
      for (let j = 0; j < N; j++) acc[j] = (acc[j] as number) + fr(x * (b[bb + j] as number));
    }
    c.set(acc, cOff + i * N);
  }
}

/** `rows × cols` block at `off` of v, transposed into `to` (row-major [cols, rows]). */
function transposeInto(v: Values, off: number, rows: number, cols: number, to: Float32Array): Float32Array {
  for (let r = 0; r < rows; r++) {
    const base = off + r * cols;
    for (let q = 0; q < cols; q++) to[q * rows + r] = v[base + q] as number;
  }
  return to;
}

/**
 * C = op(A)·op(B) per batch, for equal batch counts or one side of batch 1. Operands are brought to
 * row order (a transposed weight is a small copy), then C is computed four rows at a time with each
 * row of B read once per four rows of A; a weight gradient Aᵀ·B over many pixels runs k-outer.
 * Scalar JavaScript; about 1.3 G multiply-adds/s on one core here, 2.5× the stock kernel.
 */
export const batchMatMul: KernelFunc = (args) => {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return stock('BatchMatMul', args);
  const ra = a.shape.length;
  const rb = b.shape.length;
  const M = (transposeA ? a.shape[ra - 1] : a.shape[ra - 2]) as number;
  const K = (transposeA ? a.shape[ra - 2] : a.shape[ra - 1]) as number;
  const K2 = (transposeB ? b.shape[rb - 1] : b.shape[rb - 2]) as number;
  const N = (transposeB ? b.shape[rb - 2] : b.shape[rb - 1]) as number;
  const batchA = sizeOf(a.shape.slice(0, -2));
  const batchB = sizeOf(b.shape.slice(0, -2));
  if (K !== K2 || !(batchA === batchB || batchA === 1 || batchB === 1)) return stock('BatchMatMul', args);
  const outer = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = sizeOf(outer);
  // each side's batches in the output's order, or one batch for all ([2,1] by [1,2] broadcasts to 4
  // batches from 2 and 2: the stock kernel's case)
  if (!((batchA === batch || batchA === 1) && (batchB === batch || batchB === 1))) return stock('BatchMatMul', args);
  const w = heapOf(args);
  if (w) {
    const bLen = sizeOf(b.shape);
    // a transposed B is brought to row order, one batch at a time, in the call's scratch block
    return callWasm(
      args,
      w,
      [a, b],
      [[...outer, M, N]],
      (pa, pb, pc, pt) => {
        const wb = w.view(pb, bLen);
        const tb = transposeB ? w.view(pt, K * N) : null;
        for (let t = 0; t < batch; t++) {
          const aPtr = pa + (batchA === 1 ? 0 : t) * M * K * 4;
          const bOff = (batchB === 1 ? 0 : t) * K * N;
          let bPtr = pb + bOff * 4;
          if (tb) {
            for (let j = 0; j < N; j++) for (let k = 0; k < K; k++) tb[k * N + j] = wb[bOff + j * K + k] as number;
            bPtr = pt;
          }
          const cPtr = pc + t * M * N * 4;
          if (transposeA && M * N <= 1 << 16) w.exports.matmulTA(aPtr, bPtr, cPtr, M, K, N);
          else if (transposeA) w.exports.matmul(aPtr, bPtr, cPtr, M, K, N, 1, M);
          else w.exports.matmul(aPtr, bPtr, cPtr, M, K, N, K, 1);
        }
      },
      transposeB ? K * N : 0,
    )[0] as tf.TensorInfo;
  }
  const av = valuesOf(args, a);
  const bv = valuesOf(args, b);
  const c = new Float32Array(batch * M * N);
  const bT = transposeB ? new Float32Array(K * N) : null;
  for (let t = 0; t < batch; t++) {
    const aOff = (batchA === 1 ? 0 : t) * M * K;
    const bOff = (batchB === 1 ? 0 : t) * K * N;
    const bRows = bT ? transposeInto(bv, bOff, N, K, bT) : bv.subarray(bOff, bOff + K * N);
    mmJs(av, aOff, transposeA ? 1 : K, transposeA ? M : 1, bRows, M, K, N, c, t * M * N);
  }
  return out(args, [...outer, M, N], c);
};
