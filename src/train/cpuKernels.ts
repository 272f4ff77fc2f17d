/**
 * Faster kernels for TF.js 4.22's CPU backend, for the operations a supernet training step spends its
 * time in. The stock kernels are written for generality: element-wise ops with broadcasting go through
 * per-element index arithmetic, `matMul` is a blocked loop that reads through strides, depthwise and
 * stem convolutions and their gradients read through `TensorBuffer.get` with the channel loop
 * outermost. These walk the tensors in memory order (channels innermost) on flat typed arrays, which
 * the JavaScript engine compiles to tight loops. They are what lets the CPU path train at a useful
 * fraction of PyTorch's speed on the same machine (`npm run bench`).
 *
 * Each kernel handles the supernet's cases (float32; the broadcasts, transposes, strides and paddings
 * it uses) and hands anything else to the stock kernel, so results elsewhere are unchanged. Sums are
 * accumulated in float64, then rounded once. Only the CPU backend is touched. `cpuKernels.test.ts`
 * compares every kernel with the stock one on random tensors.
 *
 * Also here: `relu6Grad`, one fused CPU kernel for ReLU6's gradient (the stock gradient is five
 * kernels: LessEqual, Step, Multiply, Cast, Multiply), installed as ReLU6's gradient on every backend
 * with the composite as the fallback where the kernel is not registered.
 */
import * as tf from '@tensorflow/tfjs';
import { wasmKernels, type WasmKernels } from './wasmKernels.js';

type Values = Float32Array;
interface CpuBackendLike {
  data: { get(dataId: unknown): { values: Values } | undefined; has(dataId: unknown): boolean };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo;
  write(values: unknown, shape: number[], dtype: string): unknown;
  move(dataId: unknown, values: unknown, shape: number[], dtype: string, refCount: number): void;
  readSync(dataId: unknown): unknown;
  disposeData(dataId: unknown, force?: boolean): boolean;
  dispose(): void;
}
type KernelFunc = tf.KernelConfig['kernelFunc'];
type Args = Parameters<KernelFunc>[0];

const originals = new Map<string, tf.KernelConfig>();
const fast = new Map<string, KernelFunc>();
let installed = false;
let active = false;
/** the WebAssembly SIMD kernels where the runtime has them (tests switch them off to check the loops) */
let useWasm = true;

const valuesOf = (args: Args, t: tf.TensorInfo): Values =>
  ((args.backend as unknown as CpuBackendLike).data.get(t.dataId) as { values: Values }).values;
const out = (args: Args, shape: number[], values: Float32Array): tf.TensorInfo =>
  (args.backend as unknown as CpuBackendLike).makeTensorInfo(shape, 'float32', values);
const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const pair = (v: number | readonly number[]): [number, number] => (typeof v === 'number' ? [v, v] : [v[0] as number, v[1] as number]);

// ── tensors whose values live in the WebAssembly memory ────────────────────────────────────────────
// A kernel's output is a block of the module's heap (wasmKernels.ts), handed to the CPU backend as
// the tensor's values; the next kernel passes its offset to WebAssembly instead of copying it in,
// and nothing is copied out. The backend is wrapped so that this stays invisible: a block is freed
// when its tensor's data is disposed; values read out (`dataSync`, `data`) are copies, so they never
// change when the block is reused; a tensor made from a view of the heap by any other kernel (a
// stock `Slice` returns a subarray of its input) gets a copy; and when the memory grows, which
// detaches every view of it, the held tensors get new views. The arithmetic is unchanged.

interface Held {
  readonly backend: CpuBackendLike;
  readonly at: number;
  readonly n: number;
}
/** dataId → its heap block */
const held = new Map<unknown, Held>();
const hooked = new WeakSet<object>();
let adopting = false;
let growHooked = false;

/** Whether `v` is a view of the heap, to be copied before anyone else keeps it. */
const heapView = (w: WasmKernels, v: unknown): v is Float32Array => ArrayBuffer.isView(v) && w.owns(v);

function hookBackend(b: CpuBackendLike, w: WasmKernels): void {
  if (hooked.has(b)) return;
  hooked.add(b);
  if (!growHooked) {
    growHooked = true;
    w.onGrow(() => {
      for (const [id, h] of held) {
        const d = h.backend.data.get(id);
        if (d) d.values = w.view(h.at, h.n);
      }
    });
  }
  const { write, move, readSync, disposeData, dispose } = b;
  b.write = function (values, shape, dtype) {
    return write.call(this, !adopting && heapView(w, values) ? values.slice() : values, shape, dtype);
  };
  b.move = function (dataId, values, shape, dtype, refCount) {
    move.call(this, dataId, heapView(w, values) ? values.slice() : values, shape, dtype, refCount);
  };
  b.readSync = function (dataId) {
    const v = readSync.call(this, dataId);
    return heapView(w, v) ? v.slice() : v;
  };
  b.disposeData = function (dataId, force) {
    const done = disposeData.call(this, dataId, force);
    const h = held.get(dataId);
    if (h && !this.data.has(dataId)) {
      held.delete(dataId);
      w.free(h.at);
    }
    return done;
  };
  b.dispose = function () {
    for (const [id, h] of held) {
      if (h.backend !== this) continue;
      held.delete(id);
      w.free(h.at);
    }
    dispose.call(this);
  };
}

/** The heap, for a kernel of `args`'s backend (null without WebAssembly SIMD or in `withoutWasm`). */
function heapOf(args: Args): WasmKernels | null {
  const w = useWasm ? wasmKernels() : null;
  if (w) hookBackend(args.backend as unknown as CpuBackendLike, w);
  return w;
}

/** The tensor whose values are the `n` floats of heap block `at`. */
function adopt(args: Args, w: WasmKernels, shape: number[], at: number, n: number): tf.TensorInfo {
  const backend = args.backend as unknown as CpuBackendLike;
  adopting = true;
  let info: tf.TensorInfo;
  try {
    info = backend.makeTensorInfo(shape, 'float32', w.view(at, n));
  } finally {
    adopting = false;
  }
  held.set(info.dataId, { backend, at, n });
  return info;
}

/**
 * A kernel's output of `shape`: a heap block where there is a heap, else a fresh array; `values` is
 * to be filled. Take it before reading the inputs' values: allocating may grow the memory, which
 * detaches the views read before.
 */
function output(args: Args, shape: number[]): { info: tf.TensorInfo; values: Float32Array } {
  const n = sizeOf(shape);
  const w = heapOf(args);
  if (w) {
    const info = adopt(args, w, shape, w.alloc(n), n);
    return { info, values: valuesOf(args, info) };
  }
  const values = new Float32Array(n);
  return { info: out(args, shape, values), values };
}

/**
 * One WebAssembly kernel call: each input's heap offset (an input outside the heap is copied into a
 * temporary block), then a block for each output of `shapes` and `scratch` floats; `run` gets every
 * pointer in that order. Returns the outputs as tensors over their blocks.
 */
function callWasm(
  args: Args,
  w: WasmKernels,
  inputs: readonly tf.TensorInfo[],
  shapes: readonly number[][],
  run: (...ptrs: number[]) => void,
  scratch = 0,
): tf.TensorInfo[] {
  const values = inputs.map((t) => valuesOf(args, t));
  // the offsets of inputs already in the heap first: a later allocation may detach their views
  const ptrs = values.map((v) => (w.owns(v) ? v.byteOffset : -1));
  const temps: number[] = [];
  const outs: number[] = [];
  let scratchAt = -1;
  try {
    values.forEach((v, i) => {
      if (ptrs[i] !== -1) return;
      const at = w.alloc(v.length);
      temps.push(at);
      ptrs[i] = at;
    });
    for (const shape of shapes) outs.push(w.alloc(sizeOf(shape)));
    if (scratch > 0) scratchAt = w.alloc(scratch);
  } catch (e) {
    // out of memory: give back what this call took
    for (const at of [...temps, ...outs]) w.free(at);
    if (scratchAt >= 0) w.free(scratchAt);
    throw e;
  }
  values.forEach((v, i) => {
    if (temps.includes(ptrs[i] as number) && v.length > 0) w.view(ptrs[i] as number, v.length).set(v);
  });
  try {
    run(...ptrs, ...outs, ...(scratchAt >= 0 ? [scratchAt] : []));
  } catch (e) {
    for (const at of outs) w.free(at);
    throw e;
  } finally {
    for (const at of temps) w.free(at);
    if (scratchAt >= 0) w.free(scratchAt);
  }
  return shapes.map((shape, j) => adopt(args, w, shape, outs[j] as number, sizeOf(shape)));
}

// ── element-wise binary ops with the broadcasts the supernet uses ──────────────────────────────────

type Op = 'add' | 'sub' | 'mul' | 'div';
const OP_KERNEL: Readonly<Record<Op, string>> = { add: 'Add', sub: 'Sub', mul: 'Multiply', div: 'RealDiv' };
/** the operation's number in the WebAssembly `binaryRun` */
const OP_CODE: Readonly<Record<Op, number>> = { add: 0, sub: 1, mul: 2, div: 3 };

/**
 * How `small` broadcasts against `big` in memory: 'same' (equal shapes), 'inner' (small is a suffix
 * of big's shape: repeats every small.size elements), 'outer' (small is a prefix of big's shape
 * followed by ones: each small element covers a run), or null.
 */
function broadcastKind(big: readonly number[], smallShape: readonly number[]): { kind: 'same' | 'inner' | 'outer'; run: number } | null {
  let small = [...smallShape];
  if (small.length > big.length) {
    // extra leading ones of the smaller operand only add unit axes to the output
    const extra = small.length - big.length;
    if (!small.slice(0, extra).every((d) => d === 1)) return null;
    small = small.slice(extra);
  }
  if (small.length === big.length && small.every((d, i) => d === big[i])) return { kind: 'same', run: 1 };
  // small without its leading ones is a suffix of big's shape: it repeats every small.size elements
  let lead = 0;
  while (lead < small.length && small[lead] === 1) lead++;
  const core = small.slice(lead);
  const tail = big.slice(big.length - core.length);
  if (core.every((d, i) => d === tail[i])) return { kind: 'inner', run: 1 };
  // small is big's shape up to an axis, then ones: each of its elements covers a run of big
  if (small.length === big.length) {
    let p = 0;
    while (p < small.length && small[p] === big[p]) p++;
    if (p > 0 && small.slice(p).every((d) => d === 1)) return { kind: 'outer', run: sizeOf(big.slice(p)) };
  }
  return null;
}

/**
 * The element step of `small` along each axis of `big` when small broadcasts into big (each of its
 * axes equal to big's or 1, missing leading axes counting as 1): 0 along a broadcast axis. Null when
 * it does not (the output would be larger than big).
 */
function broadcastSteps(big: readonly number[], small: readonly number[]): number[] | null {
  const off = big.length - small.length;
  if (off < 0) return small.slice(0, -off).every((d) => d === 1) ? broadcastSteps(big, small.slice(-off)) : null;
  const st = stridesOf(small);
  const steps: number[] = [];
  for (let i = 0; i < big.length; i++) {
    const d = i < off ? 1 : (small[i - off] as number);
    if (d !== 1 && d !== big[i]) return null;
    steps.push(d === 1 ? 0 : (st[i - off] as number));
  }
  return steps;
}

/**
 * r[o+j] = x[o+j] ∘ y[yo + j·ys] for j < len (y ∘ x when `flip`): one float64 operation of two float32
 * values rounded once to float32 — what the stock kernels compute, element by element.
 */
function applyRun(op: Op, flip: boolean, r: Float32Array, x: Values, y: Values, o: number, yo: number, ys: number, len: number): void {
  if (op === 'add') for (let j = 0; j < len; j++) r[o + j] = (x[o + j] as number) + (y[yo + j * ys] as number);
  else if (op === 'mul') for (let j = 0; j < len; j++) r[o + j] = (x[o + j] as number) * (y[yo + j * ys] as number);
  else if (op === 'sub' && !flip) for (let j = 0; j < len; j++) r[o + j] = (x[o + j] as number) - (y[yo + j * ys] as number);
  else if (op === 'sub') for (let j = 0; j < len; j++) r[o + j] = (y[yo + j * ys] as number) - (x[o + j] as number);
  else if (!flip) for (let j = 0; j < len; j++) r[o + j] = (x[o + j] as number) / (y[yo + j * ys] as number);
  else for (let j = 0; j < len; j++) r[o + j] = (y[yo + j * ys] as number) / (x[o + j] as number);
}

function binary(op: Op): KernelFunc {
  const name = OP_KERNEL[op];
  return (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const orig = originals.get(name) as tf.KernelConfig;
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return orig.kernelFunc(args);
    const aBig = sizeOf(a.shape) >= sizeOf(b.shape);
    const big = aBig ? a : b;
    const small = aBig ? b : a;
    const how = broadcastKind(big.shape, small.shape);
    const steps = how ? null : broadcastSteps(big.shape, small.shape);
    if (!how && !steps) return orig.kernelFunc(args);
    const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const n = sizeOf(big.shape);
    const m = sizeOf(small.shape);
    // r = big ∘ small (small ∘ big where the operands came the other way: sub and div are not symmetric)
    const flip = (op === 'sub' || op === 'div') && !aBig;
    const w = heapOf(args);
    if (w) {
      const code = OP_CODE[op];
      const f = flip ? 1 : 0;
      const run = w.exports.binaryRun;
      return callWasm(args, w, [big, small], [shape], (px, py, pr) => {
        if (how?.kind === 'same' || (how?.kind === 'inner' && m === n)) run(code, f, pr, px, py, n, 1);
        else if (how?.kind === 'inner' && m === 1) run(code, f, pr, px, py, n, 0);
        else if (how?.kind === 'inner') w.exports.binaryRepeat(code, f, pr, px, py, n, m);
        else if (how) for (let k = 0; k < m; k++) run(code, f, pr + k * how.run * 4, px + k * how.run * 4, py + k * 4, how.run, 0);
        else if (n > 0) {
          const st = steps as number[];
          const last = big.shape.length - 1;
          const inner = last >= 0 ? (big.shape[last] as number) : 1;
          const innerStep = last >= 0 ? (st[last] as number) : 0;
          const idx = new Array<number>(big.shape.length).fill(0);
          let src = 0;
          for (let o = 0; o < n; o += inner) {
            run(code, f, pr + o * 4, px + o * 4, py + src * 4, inner, innerStep);
            src += nextRun(idx, big.shape, st);
          }
        }
      })[0] as tf.TensorInfo;
    }
    const { info, values: r } = output(args, shape);
    const x = valuesOf(args, big);
    const y = valuesOf(args, small);
    if (how?.kind === 'same' || (how?.kind === 'inner' && m === n)) applyRun(op, flip, r, x, y, 0, 0, 1, n);
    else if (how?.kind === 'inner' && m === 1) applyRun(op, flip, r, x, y, 0, 0, 0, n);
    else if (how?.kind === 'inner') for (let base = 0; base < n; base += m) applyRun(op, flip, r, x, y, base, 0, 1, m);
    else if (how) for (let k = 0; k < m; k++) applyRun(op, flip, r, x, y, k * how.run, k, 0, how.run);
    else if (n > 0) {
      // any other broadcast (e.g. [b,1,1,c] against [b,h,w,c]): runs along the last axis, an odometer over the others
      const bigShape = big.shape;
      const st = steps as number[];
      const last = bigShape.length - 1;
      const inner = last >= 0 ? (bigShape[last] as number) : 1;
      const innerStep = last >= 0 ? (st[last] as number) : 0;
      const idx = new Array<number>(bigShape.length).fill(0);
      let src = 0;
      for (let o = 0; o < n; o += inner) {
        applyRun(op, flip, r, x, y, o, src, innerStep, inner);
        src += nextRun(idx, bigShape, st);
      }
    }
    return info;
  };
}

// ── matMul ─────────────────────────────────────────────────────────────────────────────────────────

const fr = Math.fround;

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
const batchMatMul: KernelFunc = (args) => {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
  const orig = originals.get('BatchMatMul') as tf.KernelConfig;
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return orig.kernelFunc(args);
  const ra = a.shape.length;
  const rb = b.shape.length;
  const M = (transposeA ? a.shape[ra - 1] : a.shape[ra - 2]) as number;
  const K = (transposeA ? a.shape[ra - 2] : a.shape[ra - 1]) as number;
  const K2 = (transposeB ? b.shape[rb - 1] : b.shape[rb - 2]) as number;
  const N = (transposeB ? b.shape[rb - 2] : b.shape[rb - 1]) as number;
  const batchA = sizeOf(a.shape.slice(0, -2));
  const batchB = sizeOf(b.shape.slice(0, -2));
  if (K !== K2 || !(batchA === batchB || batchA === 1 || batchB === 1)) return orig.kernelFunc(args);
  const outer = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = sizeOf(outer);
  // each side's batches in the output's order, or one batch for all ([2,1] by [1,2] broadcasts to 4
  // batches from 2 and 2: the stock kernel's case)
  if (!((batchA === batch || batchA === 1) && (batchB === batch || batchB === 1))) return orig.kernelFunc(args);
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

// ── convolutions (NHWC) ────────────────────────────────────────────────────────────────────────────

interface ConvAttrs {
  strides: number | [number, number];
  dilations?: number | [number, number];
  pad: 'same' | 'valid' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: string;
}

function geometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvAttrs,
  depthwise: boolean,
): tf.backend_util.Conv2DInfo | null {
  const dil = pair(attrs.dilations ?? 1);
  if (dil[0] !== 1 || dil[1] !== 1 || (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC')) return null;
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    pair(attrs.strides),
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
  );
}

/** Depthwise forward, channel multiplier 1: y[b,oy,ox,d] = Σ x[b, oy·s+r−top, ox·s+c−left, d]·f[r,c,d]. */
const depthwiseForward: KernelFunc = (args) => {
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs;
  const orig = originals.get('DepthwiseConv2dNative') as tf.KernelConfig;
  const info = x.dtype === 'float32' && filter.shape[3] === 1 ? geometry(x.shape, filter.shape, attrs, true) : null;
  if (!info) return orig.kernelFunc(args);
  const {
    batchSize: B,
    inHeight: H,
    inWidth: W,
    inChannels: C,
    outHeight: OH,
    outWidth: OW,
    filterHeight: FH,
    filterWidth: FW,
    strideHeight: sh,
    strideWidth: sw,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const w = heapOf(args);
  if (w)
    return callWasm(args, w, [x, filter], [[B, OH, OW, C]], (px, pf, py) =>
      w.exports.depthwise(px, pf, py, B, H, W, C, OH, OW, FH, FW, sh, sw, top, left),
    )[0] as tf.TensorInfo;
  const xv = valuesOf(args, x);
  const fv = valuesOf(args, filter);
  const y = new Float32Array(B * OH * OW * C);
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
            for (let d = 0; d < C; d++) y[yBase + d] = (y[yBase + d] as number) + fr((xv[xBase + d] as number) * (fv[fBase + d] as number));
          }
        }
      }
    }
  }
  return out(args, [B, OH, OW, C], y);
};

/** Depthwise input gradient: dx[b, oy·s+r−top, ox·s+c−left, d] += dy[b,oy,ox,d]·f[r,c,d]. */
const depthwiseBackpropInput: KernelFunc = (args) => {
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
  const orig = originals.get('DepthwiseConv2dNativeBackpropInput') as tf.KernelConfig;
  const info = dy.dtype === 'float32' && filter.shape[3] === 1 ? geometry(attrs.inputShape, filter.shape, attrs, true) : null;
  if (!info) return orig.kernelFunc(args);
  const {
    batchSize: B,
    inHeight: H,
    inWidth: W,
    inChannels: C,
    outHeight: OH,
    outWidth: OW,
    filterHeight: FH,
    filterWidth: FW,
    strideHeight: sh,
    strideWidth: sw,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const w = heapOf(args);
  if (w)
    return callWasm(args, w, [dy, filter], [[B, H, W, C]], (pg, pf, px) =>
      w.exports.depthwiseDx(pg, pf, px, B, H, W, C, OH, OW, FH, FW, sh, sw, top, left),
    )[0] as tf.TensorInfo;
  const dyv = valuesOf(args, dy);
  const fv = valuesOf(args, filter);
  const dx = new Float32Array(B * H * W * C);
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const dyBase = ((b * OH + oy) * OW + ox) * C;
        for (let r = 0; r < FH; r++) {
          const xr = oy * sh + r - top;
          if (xr < 0 || xr >= H) continue;
          for (let cc = 0; cc < FW; cc++) {
            const xc = ox * sw + cc - left;
            if (xc < 0 || xc >= W) continue;
            const xBase = ((b * H + xr) * W + xc) * C;
            const fBase = (r * FW + cc) * C;
            for (let d = 0; d < C; d++)
              dx[xBase + d] = (dx[xBase + d] as number) + fr((dyv[dyBase + d] as number) * (fv[fBase + d] as number));
          }
        }
      }
    }
  }
  return out(args, [B, H, W, C], dx);
};

/** Depthwise filter gradient: df[r,c,d] = Σ x[b, oy·s+r−top, ox·s+c−left, d]·dy[b,oy,ox,d]. */
const depthwiseBackpropFilter: KernelFunc = (args) => {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
  const orig = originals.get('DepthwiseConv2dNativeBackpropFilter') as tf.KernelConfig;
  const info =
    x.dtype === 'float32' && dy.dtype === 'float32' && attrs.filterShape[3] === 1
      ? geometry(x.shape, attrs.filterShape, attrs, true)
      : null;
  if (!info) return orig.kernelFunc(args);
  const {
    batchSize: B,
    inHeight: H,
    inWidth: W,
    inChannels: C,
    outHeight: OH,
    outWidth: OW,
    filterHeight: FH,
    filterWidth: FW,
    strideHeight: sh,
    strideWidth: sw,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const w = heapOf(args);
  if (w)
    return callWasm(args, w, [x, dy], [[FH, FW, C, 1]], (px, pg, pf) =>
      w.exports.depthwiseDf(px, pg, pf, B, H, W, C, OH, OW, FH, FW, sh, sw, top, left),
    )[0] as tf.TensorInfo;
  const xv = valuesOf(args, x);
  const dyv = valuesOf(args, dy);
  const acc = new Float32Array(FH * FW * C);
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const dyBase = ((b * OH + oy) * OW + ox) * C;
        for (let r = 0; r < FH; r++) {
          const xr = oy * sh + r - top;
          if (xr < 0 || xr >= H) continue;
          for (let cc = 0; cc < FW; cc++) {
            const xc = ox * sw + cc - left;
            if (xc < 0 || xc >= W) continue;
            const xBase = ((b * H + xr) * W + xc) * C;
            const aBase = (r * FW + cc) * C;
            for (let d = 0; d < C; d++)
              acc[aBase + d] = (acc[aBase + d] as number) + fr((xv[xBase + d] as number) * (dyv[dyBase + d] as number));
          }
        }
      }
    }
  }
  return out(args, [FH, FW, C, 1], acc);
};

/**
 * Full convolution (the stem), NHWC: the stock kernel's arithmetic (each term added in float64, the
 * sum rounded to float32 at once, taps then input channels in order) in WebAssembly; the stock
 * kernel itself where there is none.
 */
const conv2dForward: KernelFunc = (args) => {
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs;
  const orig = originals.get('Conv2D') as tf.KernelConfig;
  const info = x.dtype === 'float32' && filter.dtype === 'float32' ? geometry(x.shape, filter.shape, attrs, false) : null;
  const w = info ? heapOf(args) : null;
  if (!info || !w) return orig.kernelFunc(args);
  const {
    batchSize: B,
    inHeight: H,
    inWidth: W,
    inChannels: CI,
    outChannels: CO,
    outHeight: OH,
    outWidth: OW,
    filterHeight: FH,
    filterWidth: FW,
    strideHeight: sh,
    strideWidth: sw,
  } = info;
  const geo = [B, H, W, CI, OH, OW, FH, FW, CO, sh, sw, info.padInfo.top, info.padInfo.left];
  return callWasm(args, w, [x, filter], [[B, OH, OW, CO]], (px, pf, py) => w.exports.conv2d(px, pf, py, ...geo))[0] as tf.TensorInfo;
};

/** Full convolution's filter gradient (the stem): dW[r,c,i,o] = Σ x[b, oy·s+r−top, ox·s+c−left, i]·dy[b,oy,ox,o]. */
const conv2dBackpropFilter: KernelFunc = (args) => {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
  const orig = originals.get('Conv2DBackpropFilter') as tf.KernelConfig;
  const info = x.dtype === 'float32' && dy.dtype === 'float32' ? geometry(x.shape, attrs.filterShape, attrs, false) : null;
  if (!info) return orig.kernelFunc(args);
  const {
    batchSize: B,
    inHeight: H,
    inWidth: W,
    inChannels: CI,
    outChannels: CO,
    outHeight: OH,
    outWidth: OW,
    filterHeight: FH,
    filterWidth: FW,
    strideHeight: sh,
    strideWidth: sw,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const w = heapOf(args);
  if (w) {
    const geo = [B, H, W, CI, OH, OW, FH, FW, CO, sh, sw, top, left];
    return callWasm(
      args,
      w,
      [x, dy],
      [[FH, FW, CI, CO]],
      (px, pg, pw, ps) => w.exports.conv2dDw(px, pg, pw, ps, ...geo),
      2 * FH * FW * CI * CO,
    )[0] as tf.TensorInfo;
  }
  const xv = valuesOf(args, x);
  const dyv = valuesOf(args, dy);
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
  return out(args, [FH, FW, CI, CO], Float32Array.from(acc));
};

// ── ReLU6 ──────────────────────────────────────────────────────────────────────────────────────────

/** The bits of 6.0f: for non-negative floats, integer order is float order. */
const SIX_BITS = new Int32Array(Float32Array.of(6).buffer)[0] as number;
const bitsOf = (v: Float32Array): Int32Array => new Int32Array(v.buffer, v.byteOffset, v.length);

/**
 * ReLU6 on the float bits, without branches (activations are negative about half the time, and a
 * mispredicted branch per element made the plain clamp 4× slower): a negative float's sign bit
 * zeroes it, then an integer min with 6.0f's bits. Exact for every float but NaN.
 */
const relu6: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  if (x.dtype !== 'float32') return (originals.get('Relu6') as tf.KernelConfig).kernelFunc(args);
  const w = heapOf(args);
  if (w) {
    const n = sizeOf(x.shape);
    return callWasm(args, w, [x], [[...x.shape]], (px, py) => w.exports.relu6(px, py, n))[0] as tf.TensorInfo;
  }
  const xv = valuesOf(args, x);
  const v = bitsOf(xv);
  const r = new Float32Array(v.length);
  const o = bitsOf(r);
  for (let i = 0; i < v.length; i++) {
    const b = v[i] as number;
    const d = (b & ~(b >> 31)) - SIX_BITS;
    o[i] = SIX_BITS + (d & (d >> 31));
  }
  return out(args, [...x.shape], r);
};

/** The name of the fused ReLU6 gradient kernel: dx = dy where 0 < x ≤ 6, else 0 (TF.js's mask). */
export const RELU6_GRAD = 'H4hRelu6Grad';

/** dy where the bits of x lie in [bits(min positive), bits(6)], else +0; branch-free like `relu6`. */
const relu6GradKernel: KernelFunc = (args) => {
  const { dy, x } = args.inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  const w = heapOf(args);
  if (w) {
    const n = sizeOf(x.shape);
    return callWasm(args, w, [dy, x], [[...x.shape]], (pd, px, pr) => w.exports.relu6Grad(pd, px, pr, n))[0] as tf.TensorInfo;
  }
  const dv = valuesOf(args, dy);
  const xv = valuesOf(args, x);
  const d = bitsOf(dv);
  const v = bitsOf(xv);
  const r = new Float32Array(v.length);
  const o = bitsOf(r);
  for (let i = 0; i < v.length; i++) {
    const b = v[i] as number;
    const outside = (b >> 31) | ((b - 1) >> 31) | ((SIX_BITS - b) >> 31);
    o[i] = (d[i] as number) & ~outside;
  }
  return out(args, [...x.shape], r);
};

/** ReLU6's gradient: the fused kernel where the backend has it, else the composite (same values). */
function relu6Grad(dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  if (hasFusedKernel(RELU6_GRAD)) return tf.engine().runKernel(RELU6_GRAD, { dy, x }) as tf.Tensor;
  return dy.mul(tf.cast(tf.mul(tf.lessEqual(x, 6), tf.step(x)), 'float32'));
}

// ── training-mode BatchNorm of [rows, c], fused ───────────────────────────────────────────────────

/** Fused training BatchNorm: outputs y, x̂ and 1/σ (statistics over rows, two passes in float64). */
export const BN_TRAIN = 'H4hBatchNormTrain';
/** Its gradient: inputs dy, x̂, 1/σ, γ; outputs dx, dγ, dβ. */
export const BN_TRAIN_GRAD = 'H4hBatchNormTrainGrad';
const BN_EPS = 1e-5;

const bnTrainKernel: KernelFunc = (args) => {
  const { x, gamma, beta } = args.inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
  const [rows, c] = x.shape as [number, number];
  const w = heapOf(args);
  if (w)
    return callWasm(
      args,
      w,
      [x, gamma, beta],
      [[rows, c], [rows, c], [c]],
      (px, pg, pb, py, ph, pi, ps) => w.exports.bnTrain(px, pg, pb, py, ph, pi, ps, rows, c),
      4 * c,
    );
  const xv = valuesOf(args, x);
  const g = valuesOf(args, gamma);
  const bt = valuesOf(args, beta);
  const mean = new Float64Array(c);
  const sq = new Float64Array(c);
  for (let r = 0; r < rows; r++) {
    const base = r * c;
    for (let j = 0; j < c; j++) mean[j] = (mean[j] as number) + (xv[base + j] as number);
  }
  for (let j = 0; j < c; j++) mean[j] = (mean[j] as number) / rows;
  for (let r = 0; r < rows; r++) {
    const base = r * c;
    for (let j = 0; j < c; j++) {
      const d = (xv[base + j] as number) - (mean[j] as number);
      sq[j] = (sq[j] as number) + d * d;
    }
  }
  const inv = new Float32Array(c);
  for (let j = 0; j < c; j++) inv[j] = 1 / Math.sqrt((sq[j] as number) / rows + BN_EPS);
  const xhat = new Float32Array(rows * c);
  const y = new Float32Array(rows * c);
  for (let r = 0; r < rows; r++) {
    const base = r * c;
    for (let j = 0; j < c; j++) {
      const h = Math.fround(((xv[base + j] as number) - (mean[j] as number)) * (inv[j] as number));
      xhat[base + j] = h;
      y[base + j] = h * (g[j] as number) + (bt[j] as number);
    }
  }
  return [out(args, [rows, c], y), out(args, [rows, c], xhat), out(args, [c], inv)];
};

const bnTrainGradKernel: KernelFunc = (args) => {
  const { dy, xhat, inv, gamma } = args.inputs as { dy: tf.TensorInfo; xhat: tf.TensorInfo; inv: tf.TensorInfo; gamma: tf.TensorInfo };
  const [rows, c] = dy.shape as [number, number];
  const w = heapOf(args);
  if (w)
    return callWasm(
      args,
      w,
      [dy, xhat, inv, gamma],
      [[rows, c], [c], [c]],
      (pd, ph, pi, pg, px, pdg, pdb, ps) => w.exports.bnTrainGrad(pd, ph, pi, pg, px, pdg, pdb, ps, rows, c),
      6 * c,
    );
  const d = valuesOf(args, dy);
  const h = valuesOf(args, xhat);
  const iv = valuesOf(args, inv);
  const g = valuesOf(args, gamma);
  const dBeta = new Float64Array(c);
  const dGamma = new Float64Array(c);
  for (let r = 0; r < rows; r++) {
    const base = r * c;
    for (let j = 0; j < c; j++) {
      const v = d[base + j] as number;
      dBeta[j] = (dBeta[j] as number) + v;
      dGamma[j] = (dGamma[j] as number) + v * (h[base + j] as number);
    }
  }
  const mb = new Float64Array(c);
  const mg = new Float64Array(c);
  const sc = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    mb[j] = (dBeta[j] as number) / rows;
    mg[j] = (dGamma[j] as number) / rows;
    sc[j] = (g[j] as number) * (iv[j] as number);
  }
  const dx = new Float32Array(rows * c);
  for (let r = 0; r < rows; r++) {
    const base = r * c;
    for (let j = 0; j < c; j++)
      dx[base + j] = ((d[base + j] as number) - (mb[j] as number) - (h[base + j] as number) * (mg[j] as number)) * (sc[j] as number);
  }
  return [out(args, [rows, c], dx), out(args, [c], Float32Array.from(dGamma)), out(args, [c], Float32Array.from(dBeta))];
};

/** Fused statistics of a batch: outputs mean and (biased) variance of x [rows, c] (float64 sums). */
export const BN_STATS = 'H4hBatchNormStats';
/** Fused BatchNorm with given statistics: y = (x − mean)·scale + beta, float32. */
export const BN_APPLY = 'H4hBatchNormApply';

const bnStatsKernel: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const [rows, c] = x.shape as [number, number];
  const w = heapOf(args);
  if (w) return callWasm(args, w, [x], [[c], [c]], (px, pm, pv, ps) => w.exports.bnStats(px, pm, pv, ps, rows, c), 4 * c);
  const xv = valuesOf(args, x);
  const mean = new Float64Array(c);
  const sq = new Float64Array(c);
  for (let r = 0; r < rows; r++) for (let j = 0; j < c; j++) mean[j] = (mean[j] as number) + (xv[r * c + j] as number);
  for (let j = 0; j < c; j++) mean[j] = (mean[j] as number) / rows;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < c; j++) {
      const d = (xv[r * c + j] as number) - (mean[j] as number);
      sq[j] = (sq[j] as number) + d * d;
    }
  }
  return [
    out(args, [c], Float32Array.from(mean)),
    out(
      args,
      [c],
      Float32Array.from(sq, (v) => v / rows),
    ),
  ];
};

const bnApplyKernel: KernelFunc = (args) => {
  const { x, mean, scale, beta } = args.inputs as { x: tf.TensorInfo; mean: tf.TensorInfo; scale: tf.TensorInfo; beta: tf.TensorInfo };
  const [rows, c] = x.shape as [number, number];
  const w = heapOf(args);
  if (w)
    return callWasm(args, w, [x, mean, scale, beta], [[rows, c]], (px, pm, ps, pb, py) =>
      w.exports.bnApply(px, pm, ps, pb, py, rows, c),
    )[0] as tf.TensorInfo;
  const xv = valuesOf(args, x);
  const m = valuesOf(args, mean);
  const sc = valuesOf(args, scale);
  const b = valuesOf(args, beta);
  const y = new Float32Array(rows * c);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < c; j++) y[r * c + j] = fr(fr((xv[r * c + j] as number) - (m[j] as number)) * (sc[j] as number)) + (b[j] as number);
  }
  return out(args, [rows, c], y);
};

/**
 * Whether fused kernel `name` runs on the current backend: on the CPU backend while the fast kernels
 * are installed (`active`), on another backend where one is registered for it (webgpuKernels.ts).
 */
export function hasFusedKernel(name: string): boolean {
  const backend = tf.getBackend();
  return (backend === 'cpu' ? active : true) && tf.getKernel(name, backend) !== undefined;
}

/** Whether the current backend has the fused training BatchNorm (the CPU backend, once installed; WebGPU). */
export function hasFusedBatchNorm(): boolean {
  return hasFusedKernel(BN_TRAIN);
}

// ── data movement and reductions the attention blocks spend their time in ─────────────────────────
// Bit for bit what the stock kernels compute (same operations, same order, same roundings), so
// replacing them changes no number: the stock ones walk every element through index arithmetic.

/**
 * Moves an odometer over every axis of `shape` but the last to the next run along the last axis
 * (`idx` counts them, carrying from the innermost); returns how far an offset with per-axis steps
 * `steps` moves. The kernels walk their output (or input) a run at a time with it.
 */
function nextRun(idx: number[], shape: readonly number[], steps: readonly number[]): number {
  let delta = 0;
  for (let a = shape.length - 2; a >= 0; a--) {
    idx[a] = (idx[a] as number) + 1;
    delta += steps[a] as number;
    if ((idx[a] as number) < (shape[a] as number)) break;
    delta -= (steps[a] as number) * (shape[a] as number);
    idx[a] = 0;
  }
  return delta;
}

/** Row-major strides of a shape. */
function stridesOf(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = (out[i + 1] as number) * (shape[i + 1] as number);
  return out;
}

/** out[o] = x[perm⁻¹(o)]: walks the output in order with an odometer over the input's strides. */
const transposeKernel: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { perm } = args.attrs as unknown as { perm: number[] };
  if (x.dtype !== 'float32') return (originals.get('Transpose') as tf.KernelConfig).kernelFunc(args);
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
const sumKernel: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  if (x.dtype !== 'float32') return (originals.get('Sum') as tf.KernelConfig).kernelFunc(args);
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
const meanKernel: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  if (x.dtype !== 'float32') return (originals.get('Mean') as tf.KernelConfig).kernelFunc(args);
  const axes = tf.util.parseAxisParam(axis, [...x.shape]);
  const count = fr(sizeOf(axes.map((i) => x.shape[i] as number)));
  const xv = valuesOf(args, x);
  const d = new Float32Array(xv.length);
  for (let i = 0; i < xv.length; i++) d[i] = (xv[i] as number) / count;
  const { shape, values } = sumOver(d, x.shape, axis, keepDims);
  return out(args, shape, values);
};

/** Square root of each element (the stock kernel's operation, without its per-element callback). */
const sqrtKernel: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  if (x.dtype !== 'float32') return (originals.get('Sqrt') as tf.KernelConfig).kernelFunc(args);
  const { info, values: r } = output(args, [...x.shape]);
  const xv = valuesOf(args, x);
  for (let i = 0; i < xv.length; i++) r[i] = Math.sqrt(xv[i] as number);
  return info;
};

/**
 * Softmax over the last axis, the stock kernel's steps fused per row: the row's max, x − max and
 * its exp (each rounded to float32), their sum in float64 rounded once, then each exp divided by it.
 */
const softmaxKernel: KernelFunc = (args) => {
  const { logits } = args.inputs as { logits: tf.TensorInfo };
  const { dim } = args.attrs as unknown as { dim: number };
  const rank = logits.shape.length;
  if (logits.dtype !== 'float32' || rank === 0 || !(dim === -1 || dim === rank - 1))
    return (originals.get('Softmax') as tf.KernelConfig).kernelFunc(args);
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

const FAST: Readonly<Record<string, KernelFunc>> = {
  Transpose: transposeKernel,
  Sum: sumKernel,
  Mean: meanKernel,
  Sqrt: sqrtKernel,
  Softmax: softmaxKernel,
  Add: binary('add'),
  Sub: binary('sub'),
  Multiply: binary('mul'),
  RealDiv: binary('div'),
  BatchMatMul: batchMatMul,
  DepthwiseConv2dNative: depthwiseForward,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  Conv2D: conv2dForward,
  Conv2DBackpropFilter: conv2dBackpropFilter,
  Relu6: relu6,
};

function swap(to: 'fast' | 'stock'): void {
  for (const name of Object.keys(FAST)) {
    const stock = originals.get(name);
    if (!stock) continue;
    tf.unregisterKernel(name, 'cpu');
    tf.registerKernel(to === 'fast' ? { ...stock, kernelFunc: fast.get(name) as KernelFunc } : stock);
  }
  active = to === 'fast';
}

/** Installs the kernels once per process (a no-op where the CPU backend is not registered). */
export function installFastCpuKernels(): void {
  if (installed) return;
  if (!tf.getKernel('Add', 'cpu')) return;
  installed = true;
  for (const [name, f] of Object.entries(FAST)) {
    const stock = tf.getKernel(name, 'cpu');
    if (!stock) continue;
    originals.set(name, stock);
    fast.set(name, f);
  }
  tf.registerKernel({ kernelName: RELU6_GRAD, backendName: 'cpu', kernelFunc: relu6GradKernel });
  tf.registerKernel({ kernelName: BN_TRAIN, backendName: 'cpu', kernelFunc: bnTrainKernel });
  tf.registerKernel({ kernelName: BN_TRAIN_GRAD, backendName: 'cpu', kernelFunc: bnTrainGradKernel });
  tf.registerKernel({ kernelName: BN_STATS, backendName: 'cpu', kernelFunc: bnStatsKernel });
  tf.registerKernel({ kernelName: BN_APPLY, backendName: 'cpu', kernelFunc: bnApplyKernel });
  tf.registerGradient({
    kernelName: 'Relu6',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => relu6Grad(dy as tf.Tensor, x) };
    },
  });
  swap('fast');
}

/** For tests: runs `f` with the JavaScript loops instead of the WebAssembly kernels. */
export function withoutWasm<T>(f: () => T): T {
  const before = useWasm;
  useWasm = false;
  try {
    return f();
  } finally {
    useWasm = before;
  }
}

/** For tests: runs `f` with TF.js's stock CPU kernels, then puts the fast ones back. */
export function withStockCpuKernels<T>(f: () => T): T {
  installFastCpuKernels();
  swap('stock');
  try {
    return f();
  } finally {
    swap('fast');
  }
}
