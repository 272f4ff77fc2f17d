/**
 * ReLU6 and its gradient for the fast CPU kernels, branch-free on the float bits. The gradient is one
 * fused kernel (`H4hRelu6Grad`) instead of TF.js's five (LessEqual, Step, Multiply, Cast, Multiply);
 * `relu6Grad` is installed as ReLU6's gradient on every backend, with the composite as the fallback
 * where the kernel is not registered.
 */
import * as tf from '@tensorflow/tfjs';
import { callWasm, heapOf } from './heap.js';
import { hasFusedKernel, out, sizeOf, stock, valuesOf, type KernelFunc } from './base.js';

/** The bits of 6.0f: for non-negative floats, integer order is float order. */
const SIX_BITS = new Int32Array(Float32Array.of(6).buffer)[0] as number;
const bitsOf = (v: Float32Array): Int32Array => new Int32Array(v.buffer, v.byteOffset, v.length);

/**
 * ReLU6 on the float bits, without branches (activations are negative about half the time, and a
 * mispredicted branch per element made the plain clamp 4× slower): a negative float's sign bit
 * zeroes it, then an integer min with 6.0f's bits. Exact for every float but NaN.
 */
export const relu6: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  if (x.dtype !== 'float32') return stock('Relu6', args);
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
export const relu6GradKernel: KernelFunc = (args) => {
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
export function relu6Grad(dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  if (hasFusedKernel(RELU6_GRAD)) return tf.engine().runKernel(RELU6_GRAD, { dy, x }) as tf.Tensor;
  return dy.mul(tf.cast(tf.mul(tf.lessEqual(x, 6), tf.step(x)), 'float32'));
}
