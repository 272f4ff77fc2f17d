/**
 * Tensors whose values live in the WebAssembly memory, for the fast CPU kernels. A kernel's output is
 * a block of the module's heap (wasmKernels.ts), handed to the CPU backend as the tensor's values; the
 * next kernel passes its offset to WebAssembly instead of copying it in, and nothing is copied out.
 * The backend is wrapped so that this stays invisible: a block is freed when its tensor's data is
 * disposed; values read out (`dataSync`, `data`) are copies, so they never change when the block is
 * reused; a tensor made from a view of the heap by any other kernel (a stock `Slice` returns a subarray
 * of its input) gets a copy; and when the memory grows, which detaches every view of it, the held
 * tensors get new views. The arithmetic is unchanged.
 */
import type * as tf from '@tensorflow/tfjs';
import { wasmKernels, type WasmKernels } from '../wasmKernels.js';
import { out, sizeOf, switches, valuesOf, type Args, type CpuBackendLike } from './base.js';

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
export function heapOf(args: Args): WasmKernels | null {
  const w = switches.useWasm ? wasmKernels() : null;
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
export function output(args: Args, shape: number[]): { info: tf.TensorInfo; values: Float32Array } {
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
export function callWasm(
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
  const outs: { shape: number[]; at: number }[] = [];
  let scratchAt = -1;
  try {
    values.forEach((v, i) => {
      if (ptrs[i] !== -1) return;
      const at = w.alloc(v.length);
      temps.push(at);
      ptrs[i] = at;
    });
    for (const shape of shapes) outs.push({ shape, at: w.alloc(sizeOf(shape)) });
    if (scratch > 0) scratchAt = w.alloc(scratch);
  } catch (e) {
    // out of memory: give back what this call took
    for (const at of [...temps, ...outs.map((o) => o.at)]) w.free(at);
    if (scratchAt >= 0) w.free(scratchAt);
    throw e;
  }
  values.forEach((v, i) => {
    const at = ptrs[i];
    if (at !== undefined && temps.includes(at) && v.length > 0) w.view(at, v.length).set(v);
  });
  try {
    run(...ptrs, ...outs.map((o) => o.at), ...(scratchAt >= 0 ? [scratchAt] : []));
  } catch (e) {
    for (const { at } of outs) w.free(at);
    throw e;
  } finally {
    for (const at of temps) w.free(at);
    if (scratchAt >= 0) w.free(scratchAt);
  }
  return outs.map(({ shape, at }) => adopt(args, w, shape, at, sizeOf(shape)));
}
