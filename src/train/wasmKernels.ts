/**
 * The WebAssembly SIMD kernels of `wasm/kernels.ts` (matMul, depthwise convolution and its two
 * gradients, the stem convolution and its filter gradient, element-wise arithmetic, ReLU6, the fused
 * BatchNorm), instantiated synchronously from the committed bytes, and a
 * heap over the module's memory: the CPU kernels (cpuKernels.ts) keep their outputs there, as the
 * tensors' values, so the next kernel reads them in place instead of copying them in and out. Null
 * where the runtime has no WebAssembly SIMD (the CPU kernels then use their JavaScript loops).
 */
import { WASM_KERNELS_BASE64 } from './wasmKernelsBinary.js';

/** The little of the WebAssembly JS API used here (not every tsconfig of the project has its lib). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

interface Exports {
  readonly memory: WasmMemory;
  matmul(a: number, b: number, c: number, M: number, K: number, N: number, sai: number, sak: number): void;
  matmulTA(a: number, b: number, c: number, M: number, K: number, N: number): void;
  depthwise(x: number, f: number, y: number, ...geometry: number[]): void;
  depthwiseDx(dy: number, f: number, dx: number, ...geometry: number[]): void;
  depthwiseDf(x: number, dy: number, df: number, ...geometry: number[]): void;
  relu6(x: number, y: number, n: number): void;
  relu6Grad(dy: number, x: number, dx: number, n: number): void;
  bnStats(x: number, mean: number, variance: number, scratch: number, rows: number, c: number): void;
  bnApply(x: number, mean: number, scale: number, beta: number, y: number, rows: number, c: number): void;
  binaryRun(op: number, flip: number, r: number, x: number, y: number, n: number, ys: number): void;
  binaryRepeat(op: number, flip: number, r: number, x: number, y: number, n: number, m: number): void;
  conv2d(x: number, f: number, y: number, ...geometry: number[]): void;
  conv2dDw(x: number, dy: number, dw: number, s: number, ...geometry: number[]): void;
  bnTrain(x: number, gamma: number, beta: number, y: number, xhat: number, inv: number, scratch: number, rows: number, c: number): void;
  bnTrainGrad(
    dy: number,
    xhat: number,
    inv: number,
    gamma: number,
    dx: number,
    dgamma: number,
    dbeta: number,
    scratch: number,
    rows: number,
    c: number,
  ): void;
}

/** Where the heap starts: past anything the compiler may place at low addresses. */
const BASE = 65536;
/** Blocks are multiples of this many bytes (16-byte SIMD alignment, and fewer odd remnants). */
const GRAIN = 64;

export interface WasmKernels {
  readonly exports: Exports;
  /**
   * The byte offset of a fresh block for `floats` float32 values (16-byte aligned). The memory grows
   * when it must; every float32 view of the old buffer is then detached, and the `onGrow` listeners
   * are told so they can make new ones. Offsets stay valid across a growth.
   */
  alloc(floats: number): number;
  /** Returns a block from `alloc` to the heap (its neighbours are merged with it). */
  free(at: number): void;
  /** A float32 view of `length` elements at byte offset `at` (valid until the memory next grows). */
  view(at: number, length: number): Float32Array;
  /** Whether `v` is a view of this module's memory. */
  owns(v: ArrayBufferView): boolean;
  /** Called after each growth of the memory. */
  onGrow(listener: () => void): void;
  /** Bytes in use and bytes the heap spans (for tests and the bench). */
  stats(): { used: number; blocks: number; heap: number; memory: number };
}

function decode(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * A best-fit heap over the module's memory, kept in JavaScript: the free blocks sorted by offset,
 * merged with their neighbours when freed; a free block at the end of the heap lowers its top. A
 * training step allocates the same sizes in the same order every time, so after the first step
 * blocks are reused and the memory stops growing.
 */
export class Heap {
  private top = BASE;
  private readonly freeAt: number[] = [];
  private readonly freeSize: number[] = [];
  private readonly sizes = new Map<number, number>();
  private used = 0;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly memory: WasmMemory) {}

  alloc(floats: number): number {
    const need = Math.max(GRAIN, Math.ceil((floats * 4) / GRAIN) * GRAIN);
    let best = -1;
    for (let i = 0; i < this.freeSize.length; i++) {
      const s = this.freeSize[i] as number;
      if (s >= need && (best < 0 || s < (this.freeSize[best] as number))) {
        best = i;
        if (s === need) break;
      }
    }
    let at: number;
    if (best >= 0) {
      at = this.freeAt[best] as number;
      const rest = (this.freeSize[best] as number) - need;
      if (rest > 0) {
        this.freeAt[best] = at + need;
        this.freeSize[best] = rest;
      } else {
        this.freeAt.splice(best, 1);
        this.freeSize.splice(best, 1);
      }
    } else {
      // no free block fits (and none ends at the top: freeing one there lowers the top instead)
      at = this.top;
      const short = at + need - this.memory.buffer.byteLength;
      if (short > 0) {
        // grow by at least an eighth, so a heap that creeps up grows a few times, not every call
        const pages = Math.ceil(short / 65536);
        const more = Math.max(pages, Math.ceil(this.memory.buffer.byteLength / 8 / 65536));
        if (!this.grow(more) && !this.grow(pages)) {
          const mib = (b: number): number => Math.ceil(b / 2 ** 20);
          throw new Error(
            `training needs more memory than WebAssembly gives it here (${mib(at + need)} MiB asked, ${mib(this.memory.buffer.byteLength)} MiB held): lower the batch size`,
          );
        }
        for (const f of this.listeners) f();
      }
      this.top = at + need;
    }
    this.sizes.set(at, need);
    this.used += need;
    return at;
  }

  free(at: number): void {
    const size = this.sizes.get(at);
    if (size === undefined) throw new Error(`wasm heap: no block at ${at}`);
    this.sizes.delete(at);
    this.used -= size;
    // binary search for the first free block after `at`
    let lo = 0;
    let hi = this.freeAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.freeAt[mid] as number) < at) lo = mid + 1;
      else hi = mid;
    }
    let start = at;
    let end = at + size;
    let i = lo;
    if (i > 0 && (this.freeAt[i - 1] as number) + (this.freeSize[i - 1] as number) === start) {
      i--;
      start = this.freeAt[i] as number;
      this.freeAt.splice(i, 1);
      this.freeSize.splice(i, 1);
    }
    if (i < this.freeAt.length && this.freeAt[i] === end) {
      end += this.freeSize[i] as number;
      this.freeAt.splice(i, 1);
      this.freeSize.splice(i, 1);
    }
    if (end === this.top) this.top = start;
    else {
      this.freeAt.splice(i, 0, start);
      this.freeSize.splice(i, 0, end - start);
    }
  }

  /** Grows the memory by `pages`; false where the runtime refuses (past its limit). */
  private grow(pages: number): boolean {
    try {
      this.memory.grow(pages);
      return true;
    } catch {
      return false;
    }
  }

  onGrow(listener: () => void): void {
    this.listeners.push(listener);
  }

  stats(): { used: number; blocks: number; heap: number; memory: number } {
    return { used: this.used, blocks: this.sizes.size, heap: this.top - BASE, memory: this.memory.buffer.byteLength };
  }
}

let cached: WasmKernels | null | undefined;

export function wasmKernels(): WasmKernels | null {
  if (cached !== undefined) return cached;
  try {
    const bytes = decode(WASM_KERNELS_BASE64);
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (!wasm || !wasm.validate(bytes)) return (cached = null);
    const exports = new wasm.Instance(new wasm.Module(bytes), {}).exports as Exports;
    const memory = exports.memory;
    const heap = new Heap(memory);
    cached = {
      exports,
      alloc: (floats) => heap.alloc(floats),
      free: (at) => heap.free(at),
      view: (at, length) => new Float32Array(memory.buffer, at, length),
      owns: (v) => v.buffer === memory.buffer,
      onGrow: (f) => heap.onGrow(f),
      stats: () => heap.stats(),
    };
  } catch {
    cached = null;
  }
  return cached;
}
