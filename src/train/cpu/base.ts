/**
 * What the fast CPU kernels (`../cpuKernels.ts`) share: the CPU backend as they see it, the stock
 * kernels they hand the cases they do not cover to, the two switches (WebAssembly on or off; the fast
 * kernels active or swapped out), and small helpers over shapes — sizes, row-major strides, and the
 * odometer that walks a tensor one run along its last axis at a time.
 */
import * as tf from '@tensorflow/tfjs';

export type Values = Float32Array;
export interface CpuBackendLike {
  data: { get(dataId: unknown): { values: Values } | undefined; has(dataId: unknown): boolean };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo;
  write(values: unknown, shape: number[], dtype: string): unknown;
  move(dataId: unknown, values: unknown, shape: number[], dtype: string, refCount: number): void;
  readSync(dataId: unknown): unknown;
  disposeData(dataId: unknown, force?: boolean): boolean;
  dispose(): void;
}
export type KernelFunc = tf.KernelConfig['kernelFunc'];
export type Args = Parameters<KernelFunc>[0];
export type KernelResult = ReturnType<KernelFunc>;

/** The stock CPU kernels that fast ones replace, by name (filled once, on install). */
export const originals = new Map<string, tf.KernelConfig>();

/** Stock kernel `name` on `args`: what a fast kernel does with a case it does not cover. */
export function stock(name: string, args: Args): KernelResult {
  const k = originals.get(name);
  if (!k) throw new Error(`cpu kernels: no stock ${name} kernel (installFastCpuKernels first)`);
  return k.kernelFunc(args);
}

export const switches = {
  /** the WebAssembly SIMD kernels where the runtime has them (tests switch them off to check the loops) */
  useWasm: true,
  /** whether the fast kernels are the registered ones (`withStockCpuKernels` swaps them out) */
  active: false,
};

/**
 * Whether fused kernel `name` runs on the current backend: on the CPU backend while the fast kernels
 * are installed and active, on another backend where one is registered for it (webgpuKernels.ts).
 */
export function hasFusedKernel(name: string): boolean {
  const backend = tf.getBackend();
  return (backend === 'cpu' ? switches.active : true) && tf.getKernel(name, backend) !== undefined;
}

export const valuesOf = (args: Args, t: tf.TensorInfo): Values =>
  ((args.backend as unknown as CpuBackendLike).data.get(t.dataId) as { values: Values }).values;
export const out = (args: Args, shape: number[], values: Float32Array): tf.TensorInfo =>
  (args.backend as unknown as CpuBackendLike).makeTensorInfo(shape, 'float32', values);
export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
export const fr = Math.fround;

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides: number[] = [];
  let s = 1;
  for (const d of [...shape].reverse()) {
    strides.push(s);
    s *= d;
  }
  return strides.reverse();
}

/**
 * Moves an odometer over every axis of `shape` but the last to the next run along the last axis
 * (`idx` counts them, carrying from the innermost); returns how far an offset with per-axis steps
 * `steps` moves. The kernels walk their output (or input) a run at a time with it.
 */
export function nextRun(idx: number[], shape: readonly number[], steps: readonly number[]): number {
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
