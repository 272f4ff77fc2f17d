/**
 * Element-wise Add, Sub, Multiply and RealDiv for the fast CPU kernels, over the broadcasts the
 * supernet uses: equal shapes, a suffix of the other's shape repeated ('inner'), a prefix followed by
 * ones ('outer'), and any other broadcast as runs along the last axis. Each element is one float64
 * operation of two float32 values rounded once to float32, as the stock kernels compute it.
 */
import * as tf from '@tensorflow/tfjs';
import { callWasm, heapOf, output } from './heap.js';
import { nextRun, sizeOf, stock, stridesOf, valuesOf, type KernelFunc, type Values } from './base.js';

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
  if (!small.every((d, j) => d === 1 || d === big[off + j])) return null;
  return [...new Array<number>(off).fill(0), ...stridesOf(small).map((s, j) => (small[j] === 1 ? 0 : s))];
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

export function binary(op: Op): KernelFunc {
  const name = OP_KERNEL[op];
  return (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return stock(name, args);
    const aBig = sizeOf(a.shape) >= sizeOf(b.shape);
    const big = aBig ? a : b;
    const small = aBig ? b : a;
    const how = broadcastKind(big.shape, small.shape);
    const steps = how ? null : broadcastSteps(big.shape, small.shape);
    if (!how && !steps) return stock(name, args);
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
