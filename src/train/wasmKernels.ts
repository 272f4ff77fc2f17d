/**
 * The WebAssembly SIMD kernels of `wasm/kernels.ts` (matMul, depthwise convolution and its two
 * gradients), instantiated synchronously from the committed bytes (3.5 KB). Operands are copied into
 * the module's memory, one arena per call, and the result is copied out. Null where the runtime has
 * no WebAssembly SIMD (the CPU kernels then use their JavaScript loops).
 */
import { WASM_KERNELS_BASE64 } from './wasmKernelsBinary.js';

/** The little of the WebAssembly JS API used here (not every tsconfig of the project has its lib). */
interface WasmMemory {
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
  bnTrain(x: number, gamma: number, beta: number, y: number, xhat: number, inv: number, scratch: number, rows: number, c: number): void;
  bnTrainGrad(dy: number, xhat: number, inv: number, gamma: number, dx: number, dgamma: number, dbeta: number, scratch: number, rows: number, c: number): void;
}

/** Where the arena starts: past anything the compiler may place at low addresses. */
const BASE = 65536;

export interface WasmKernels {
  readonly exports: Exports;
  /** Byte offsets of `sizes` float32 arrays, 16-byte aligned, memory grown to hold them all. */
  arena(sizes: readonly number[]): number[];
  /** A float32 view of `length` elements at byte offset `at` (valid until the next `arena`). */
  view(at: number, length: number): Float32Array;
}

function decode(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
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
    cached = {
      exports,
      arena(sizes) {
        const offsets: number[] = [];
        let at = BASE;
        for (const n of sizes) {
          offsets.push(at);
          at += Math.ceil((n * 4) / 16) * 16;
        }
        const need = at - memory.buffer.byteLength;
        if (need > 0) memory.grow(Math.ceil(need / 65536));
        return offsets;
      },
      view: (at, length) => new Float32Array(memory.buffer, at, length),
    };
  } catch {
    cached = null;
  }
  return cached;
}
